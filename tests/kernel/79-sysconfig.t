#!/bin/sh
# /etc/sysconfig/network (here /tmp/network: the file beside the configuration
# directory): NETWORKING=no makes the service do nothing and exit 6, as the legacy
# one; GATEWAY is the default route of the device in whose subnet it is, and with
# GATEWAYDEV only that device gets one; NOZEROCONF there is every device's; every other key is applied or said at its
# line, in network start and in bondctl check.
. tests/kernel/lib.sh

ipv6_on
export IFCFG_DIR="$CONFDIR"
PATH="$TOP/network-scripts:$PATH"
mk_dummy eth0
mk_dummy eth1
printf 'DEVICE=eth0\nONBOOT=yes\nIPADDR=192.0.2.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-eth0"
printf 'DEVICE=eth1\nONBOOT=yes\nIPADDR=10.5.0.1\nPREFIX=24\nGATEWAY=10.5.0.254\n' > "$CONFDIR/ifcfg-eth1"
printf 'NETWORKING=no\n' > /tmp/network

run network start
is "network start with NETWORKING=no: exit 6, said" "$rc:$err" \
	"6:ifup-bond: networking is disabled (NETWORKING=no in /tmp/network): nothing done"
is "... eth0 untouched" "$(is_up eth0):$(ip -4 -o addr show dev eth0 | wc -l)" "no:0"
run network stop
is "network stop too: exit 6" "$rc" 6
run ifup-bond -c "$CONFDIR" eth0
is "ifup of one device is not the service: done" "$rc:$(is_up eth0)" "0:yes"
ifdown-bond -c "$CONFDIR" eth0

cat > /tmp/network <<'F'
NETWORKING=yes
HOSTNAME=server1.example.com
GATEWAY=192.0.2.254
NOZEROCONF=yes
MTU=9000
NETWORKNG_IPV6=no
GATEWAYDEV=eth0
F
run network start
is "network start with NETWORKING=yes: exit 0" "$rc" 0
is "... what the file says and is not applied, at its line (HOSTNAME: bondctl check's only)" "$err" \
"ifup-bond: /tmp/network:5: warning: MTU: not applied from here: an ifcfg key (the legacy scripts took it as every device's default); set it in the ifcfg files
ifup-bond: /tmp/network:6: warning: NETWORKNG_IPV6: unknown key (did you mean NETWORKING_IPV6?)
ifup-bond: ifcfg-eth1:5: warning: GATEWAY: no default route: GATEWAYDEV=eth0 in /tmp/network names another device"
is "... eth0 up" "$(is_up eth0)" yes
is "... the global GATEWAY on eth0, whose subnet has it; eth1 none (GATEWAYDEV)" "$(ip route show default)" \
	"default via 192.0.2.254 dev eth0 "
is "... NOZEROCONF=yes: no zeroconf route on either" "$(ip route show 169.254.0.0/16)" ""
run bondctl check -c "$CONFDIR"
is "bondctl check says the same" "$rc:$(printf '%s\n' "$out" | wc -l):$(printf '%s\n' "$out" | head -1)" \
	"0:4:/tmp/network:2: warning: HOSTNAME: not applied: the host name is not set here: hostnamectl sets it"
run ifup-bond -n -c "$CONFDIR" eth0
is "a second ifup eth0: nothing to do" "$rc:$out" "0:"
# IPV6FORWARDING=yes there: net.ipv6.conf.all and default as the legacy
# init.ipv6-global wrote them at the start (IPv6 forwards only with all's set);
# a second start writes nothing; unstated, they are left as they are.
s6g() { for w in all default; do for k in forwarding accept_ra accept_redirects; do printf '%s ' "$(cat /proc/sys/net/ipv6/conf/$w/$k)"; done; done; }
is "before: the kernel's" "$(s6g)" "0 1 1 0 1 1 "
printf 'NETWORKING=yes\nIPV6FORWARDING=yes\n' > /tmp/network
run ifup-bond -a -n -c "$CONFDIR"
is "-n: the writes, at their line" "$rc:$(printf '%s\n' "$out" | grep -c 'sysctl -w net.ipv6.conf.\(all\|default\)\..*	# /tmp/network:2: the legacy init.ipv6-global.s$')" "2:6"
run network start
is "network start with IPV6FORWARDING=yes: all and default forward, take no RA or redirect" "$rc:$(s6g)" "0:1 0 0 1 0 0 "
run ifup-bond -a -n -c "$CONFDIR"
is "... a second start: nothing to write" "$(printf '%s\n' "$out" | grep -c sysctl)" 0
printf 'NETWORKING=yes\n' > /tmp/network
run network start
is "... unstated: left" "$rc:$(s6g)" "0:1 0 0 1 0 0 "
printf 'NETWORKING=maybe\n' > /tmp/network
run bondctl check -c "$CONFDIR"
is "NETWORKING that is no boolean: an error" "$rc:$out" "1:/tmp/network:1: error: NETWORKING: 'maybe' is not a boolean (yes/no)"
# A refused line (an unterminated quote): said by ifup and the service, once each.
printf 'NETWORKING=yes\nGATEWAY="10.5.0.254\n' > /tmp/network
run ifup-bond -c "$CONFDIR" eth0
is "a refused line of /tmp/network: said by ifup" "$rc:$err" \
	"0:ifup-bond: /tmp/network:2: warning: unterminated double quote (a value must end on its line): the line is not applied"
run network start
is "... and once by network start" "$rc:$(printf '%s\n' "$err" | grep -c '/tmp/network:2: warning: unterminated')" "0:1"
# -c with a bare name: the "network" beside it, in the working directory.
(cd /tmp && ifup-bond -n -c ifcfg eth0) > /dev/null 2> /tmp/bare.err
is "-c ifcfg (relative, no slash) reads ./network" "$(grep -c '^ifup-bond: network:2: warning' /tmp/bare.err)" 1
rm -f /tmp/network
done_testing
