#!/bin/sh
# BOOTPROTO=dhcp with the distribution's dhclient against dnsmasq (Debian's, in a
# peer namespace behind a bridge standing for the switch): a bond gets its lease
# with the bond's MAC and keeps it across a failover (ifdown of its active slave);
# a second ifup and a reload start nothing and send nothing; DHCP_HOSTNAME reaches
# the server; ifdown releases the lease (DHCPRELEASE) and stops the client; no
# lease is a failure that says so (a per-device dhclient.conf read); dhcpcd where
# it is the client; no default route from the lease (DHCLIENT_SET_DEFAULT_ROUTE=no,
# DEFROUTE=no) and its metric (IPV4_ROUTE_METRIC); DHCPv6 with dhclient -6.
. tests/kernel/lib.sh

ipv6_on
ip netns add sw
ip -n sw link add br0 type bridge
for i in 0 1 2 3; do
	ip link add eth$i type veth peer name p$i netns sw
	ip -n sw link set p$i master br0 up
done
# eth3 leads to a port where nobody answers DHCP.
ip -n sw link set p3 nomaster
ip -n sw link set br0 up
ip -n sw addr add 192.0.2.254/24 dev br0
ip netns exec sw dnsmasq --port=0 --interface=br0 --bind-interfaces --no-ping \
	--dhcp-range=192.0.2.100,192.0.2.150,1h --dhcp-leasefile=/tmp/dnsmasq.leases \
	--pid-file=/tmp/dnsmasq.pid --dhcp-authoritative --dhcp-option=6,192.0.2.53
leases() { cut -d' ' -f2-4 /tmp/dnsmasq.leases; }
addr() { ip -4 -o addr show dev "$1" | sed -n 's/.* inet \([0-9.]*\/[0-9]*\).*/\1/p'; }
client() { [ -r "/run/dhclient-$1.pid" ] && [ -d "/proc/$(cat "/run/dhclient-$1.pid")" ] && echo running || echo none; }

printf 'DEVICE=bond0\nONBOOT=yes\nBOOTPROTO=dhcp\nDHCPRELEASE=yes\nNOZEROCONF=yes\nBONDING_OPTS="mode=active-backup miimon=100 primary=eth0"\n' > "$CONFDIR/ifcfg-bond0"
slave_files eth0 eth1
run ifup-bond -c "$CONFDIR" bond0
is "ifup bond0: exit 0, quiet" "$rc:$err" "0:"
a=$(addr bond0)
case $a in
192.0.2.1[0-5][0-9]/24) pass "... a lease from dnsmasq: $a" ;;
*) fail "... a lease from dnsmasq (got '$a')" ;;
esac
bmac=$(cat /sys/class/net/bond0/address)
is "... leased to the bond's MAC" "$(leases)" "$bmac ${a%/*} *"
is "... the client runs" "$(client bond0)" running
is "... the default route the server gave" "$(ip route show default)" "default via 192.0.2.254 dev bond0 "

monitor_start
run ifup-bond -v -c "$CONFDIR" bond0
run ifup-bond -a --reload -c "$CONFDIR"
monitor_stop
is "a second ifup: nothing to change" "$(ifup-bond -v -c "$CONFDIR" bond0)" "ifup-bond: bond0: nothing to change"
is "... ifup and reload sent nothing, the lease's address kept" "$(monitor_lines):$(addr bond0)" "0:$a"

run ifdown-bond -c "$CONFDIR" eth0
is "ifdown eth0 (the active slave): exit 0" "$rc" 0
is "... eth1 active" "$(sysval bond0 active_slave)" eth1
is "... the lease's address kept, the client still runs" "$(addr bond0):$(client bond0)" "$a:running"
check "... the server reaches it through eth1" ip netns exec sw ping -c 1 -W 2 "${a%/*}"
is "... the bond's MAC unchanged (the lease is the MAC's)" "$(cat /sys/class/net/bond0/address)" "$bmac"

run ifdown-bond -c "$CONFDIR" bond0
is "ifdown bond0: exit 0" "$rc:$err" "0:"
is "... the lease released to the server" "$(leases)" ""
is "... the client gone, the bond too" "$(client bond0):$(exists bond0)" "none:no"

# A plain NIC with its host name sent.
printf 'DEVICE=eth2\nBOOTPROTO=dhcp\nDHCP_HOSTNAME=web1.example.com\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth2"
# Its own dhclient.conf, private (it may hold a client identifier): our copy too.
printf 'timeout 30;\n' > /etc/dhcp/dhclient-eth2.conf
chmod 600 /etc/dhcp/dhclient-eth2.conf
run ifup-bond -c "$CONFDIR" eth2
is "ifup eth2: exit 0" "$rc:$err" "0:"
is "... the configuration with the name sent is 0600, as the one it copies" \
	"$(stat -c %a /run/ifcfg-bond/dhclient-eth2.conf):$(grep -c 'timeout 30' /run/ifcfg-bond/dhclient-eth2.conf)" "600:1"
rm -f /etc/dhcp/dhclient-eth2.conf
is "... dhclient holds only its own descriptors (none of ours)" "$(ls -l "/proc/$(cat /run/dhclient-eth2.pid)/fd" | grep -c ' -> /dev/null')" 3
is "... DHCP_HOSTNAME's host part reached the server" "$(cut -d' ' -f4 /tmp/dnsmasq.leases)" "web1"
run ifdown-bond -c "$CONFDIR" eth2
is "ifdown eth2 without DHCPRELEASE: the client killed, the lease kept by the server" \
	"$rc:$(client eth2):$(addr eth2):$(cut -d' ' -f4 /tmp/dnsmasq.leases)" "0:none::web1"

# Where there is no dhclient, dhcpcd (Debian's dhcpcd-base), chosen here by name.
printf 'DEVICE=eth2\nBOOTPROTO=dhcp\nDHCP_HOSTNAME=db1\nDHCPRELEASE=yes\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth2"
export IFCFG_BOND_DHCP_CLIENT=/usr/sbin/dhcpcd
run ifup-bond -c "$CONFDIR" eth2
is "dhcpcd: ifup eth2: exit 0" "$rc:$err" "0:"
case $(addr eth2) in
192.0.2.1[0-5][0-9]/24) pass "... a lease" ;;
*) fail "... a lease (got '$(addr eth2)')" ;;
esac
is "... db1 reached the server" "$(grep -c ' db1 ' /tmp/dnsmasq.leases)" 1
is "... a second ifup: nothing to change" "$(ifup-bond -v -c "$CONFDIR" eth2)" "ifup-bond: eth2: nothing to change"
run ifdown-bond -c "$CONFDIR" eth2
is "... ifdown: exit 0, released, no address" "$rc:$err:$(grep -c ' db1 ' /tmp/dnsmasq.leases):$(addr eth2)" "0::0:"
unset IFCFG_BOND_DHCP_CLIENT

# Nobody answers: dhclient gives up (its timeout from /etc/dhcp/dhclient-eth3.conf).
mkdir -p /etc/dhcp
echo 'timeout 3;' > /etc/dhcp/dhclient-eth3.conf
printf 'DEVICE=eth3\nBOOTPROTO=dhcp\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth3"
run ifup-bond -c "$CONFDIR" eth3
is "no server: exit 2" "$rc" 2
case $err in
*"ifup-bond: ifcfg-eth3:2: refused: /sbin/dhclient"*"ifup-bond: /sbin/dhclient got no lease on eth3 (exit status 2; its messages are in syslog)"*) pass "... said, with its line" ;;
*) fail "... said, with its line"; printf '%s\n' "$err" | sed 's/^/#   /' ;;
esac
echo 'IPV4_FAILURE_FATAL=no' >> "$CONFDIR/ifcfg-eth3"
run ifup-bond -c "$CONFDIR" eth3
is "IPV4_FAILURE_FATAL=no: exit 0, a warning, eth3 up" "$rc:$err:$(is_up eth3)" \
	"0:ifup-bond: warning: /sbin/dhclient got no lease on eth3 (exit status 2; its messages are in syslog) (IPV4_FAILURE_FATAL=no: going on):yes"
# DOMAIN on a DHCP device: the server's nameserver (written by dhclient-script)
# stays, the file's domain leads the search line (the legacy ifup-post edited the
# client's file); ifdown puts back the file as it was before.
printf 'nameserver 10.0.0.1\n' > /etc/resolv.conf
rm -f /etc/resolv.conf.save
printf 'DEVICE=eth2\nBOOTPROTO=dhcp\nDOMAIN=corp.example\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth2"
run ifup-bond -c "$CONFDIR" eth2
is "DOMAIN with DHCP: exit 0" "$rc:$err" "0:"
is "... the server's nameserver kept, the domain added" \
	"$(grep -v '^#' /etc/resolv.conf | grep -c -e '^nameserver 192.0.2.53$' -e '^search corp.example')" 2
check "... the old nameserver gone" sh -c '! grep -q 10.0.0.1 /etc/resolv.conf'
run ifdown-bond -c "$CONFDIR" eth2
is "... ifdown: the file before dhclient's back" "$rc:$(grep -c 'nameserver 10.0.0.1' /etc/resolv.conf)" "0:1"

# The file switched to static while its client runs: ifdown stops the client.
printf 'DEVICE=eth2\nBOOTPROTO=dhcp\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth2"
run ifup-bond -c "$CONFDIR" eth2
printf 'DEVICE=eth2\nBOOTPROTO=none\nIPADDR=198.51.100.9\nPREFIX=24\n' > "$CONFDIR/ifcfg-eth2"
run ifdown-bond -c "$CONFDIR" eth2
is "BOOTPROTO=dhcp, then static: ifdown stops the client it started" "$rc:$(client eth2)" "0:none"

# A bridge and a VLAN with DHCP: network stop stops their clients with them.
printf 'DEVICE=eth2\nBRIDGE=br9\nONBOOT=yes\n' > "$CONFDIR/ifcfg-eth2"
printf 'DEVICE=br9\nTYPE=Bridge\nSTP=off\nDELAY=0\nBOOTPROTO=dhcp\nNOZEROCONF=yes\nONBOOT=yes\n' > "$CONFDIR/ifcfg-br9"
printf 'DEVICE=eth1.7\nVLAN=yes\nBOOTPROTO=dhcp\nNOZEROCONF=yes\nONBOOT=yes\n' > "$CONFDIR/ifcfg-eth1.7"
printf 'DEVICE=eth1\nONBOOT=yes\n' > "$CONFDIR/ifcfg-eth1"
# VLAN 7's server: on the switch's own VLAN device.
ip -n sw link add link br0 name br0.7 type vlan id 7
ip -n sw addr add 198.51.100.254/24 dev br0.7
ip -n sw link set br0.7 up
ip netns exec sw dnsmasq --port=0 --interface=br0.7 --bind-interfaces --no-ping \
	--dhcp-range=198.51.100.100,198.51.100.150,1h --dhcp-leasefile=/tmp/dnsmasq7.leases \
	--pid-file=/tmp/dnsmasq7.pid --dhcp-authoritative
rm -f "$CONFDIR/ifcfg-bond0" "$CONFDIR/ifcfg-eth0"
run ifup-bond -a -c "$CONFDIR"
is "br9 and eth1.7 with DHCP: both leased, both clients run" \
	"$(client br9):$(client eth1.7):$(ip -4 -o addr show dev br9 | grep -c 'inet 192.0.2.1'):$(ip -4 -o addr show dev eth1.7 | grep -c 'inet 198.51.100.1')" \
	"running:running:1:1"
run ifdown-bond -a -c "$CONFDIR"
is "... network stop: both clients stopped, the devices gone" "$rc:$(client br9):$(client eth1.7):$(exists br9):$(exists eth1.7)" "0:none:none:no:no"
# A bridge with DHCP whose only port is a VLAN (os-net-config's br-ctlplane): the
# VLAN, later in the start order, comes up with the bridge and joins it before the
# bridge's client starts, which then gets VLAN 7's lease.
printf 'DEVICE=eth1.7\nVLAN=yes\nBRIDGE=br9\nONBOOT=yes\n' > "$CONFDIR/ifcfg-eth1.7"
rm -f "$CONFDIR/ifcfg-eth2"
run ifup-bond -a -c "$CONFDIR"
is "br9 with DHCP, its only port a VLAN: exit 0, the VLAN its port, VLAN 7's lease" \
	"$rc:$(sed -n 's/^INTERFACE=//p' /sys/class/net/eth1.7/master/uevent 2>/dev/null):$(ip -4 -o addr show dev br9 | grep -c 'inet 198.51.100.1')" \
	"0:br9:1"
run ifup-bond -n -c "$CONFDIR" br9
is "... a second ifup of br9 has nothing to do" "$rc:$out" "0:"
run ifdown-bond -a -c "$CONFDIR"
is "... network stop: the client stopped, the devices gone" "$rc:$(client br9):$(exists br9):$(exists eth1.7)" "0:none:no:no"
kill "$(cat /tmp/dnsmasq7.pid)"
rm -f "$CONFDIR/ifcfg-br9" "$CONFDIR/ifcfg-eth1.7" "$CONFDIR/ifcfg-eth1" "$CONFDIR/ifcfg-eth2"

# The lease's default route: none with DHCLIENT_SET_DEFAULT_ROUTE=no (cloud-init
# writes it) or DEFROUTE=no, through ifcfg-bond's dhclient-script (from the tree
# here); IPV4_ROUTE_METRIC (NetworkManager's, cloud-init writes it) its metric.
export IFCFG_BOND_LIBEXEC="$TOP/network-scripts"
for k in DHCLIENT_SET_DEFAULT_ROUTE DEFROUTE; do
	printf 'DEVICE=eth2\nBOOTPROTO=dhcp\nNOZEROCONF=yes\n%s=no\n' $k > "$CONFDIR/ifcfg-eth2"
	run ifup-bond -c "$CONFDIR" eth2
	is "$k=no: a lease, no default route" "$rc:$err:$(addr eth2 | cut -c1-9):$(ip route show default)" "0::192.0.2.1:"
	run ifdown-bond -c "$CONFDIR" eth2
done
printf 'DEVICE=eth2\nBOOTPROTO=dhcp\nNOZEROCONF=yes\nIPV4_ROUTE_METRIC=300\n' > "$CONFDIR/ifcfg-eth2"
run ifup-bond -c "$CONFDIR" eth2
is "IPV4_ROUTE_METRIC=300: the lease's default route at metric 300" "$rc:$err:$(ip route show default)" \
	"0::default via 192.0.2.254 dev eth2 metric 300 "
run ifup-bond -v -c "$CONFDIR" eth2
is "... a second ifup: nothing to change" "$out" "ifup-bond: eth2: nothing to change"
run ifdown-bond -c "$CONFDIR" eth2
rm -f "$CONFDIR/ifcfg-eth2"
kill "$(cat /tmp/dnsmasq.pid)"

# DHCPv6 (DHCPV6C): dhclient -6 against dnsmasq's DHCPv6.
ip -n sw -6 addr add 2001:db8:1::fe/64 dev br0 nodad
sleep 0.2
ip netns exec sw dnsmasq --port=0 --interface=br0 --bind-interfaces \
	--dhcp-range=2001:db8:1::100,2001:db8:1::1ff,64,1h --dhcp-leasefile=/tmp/dnsmasq6.leases \
	--pid-file=/tmp/dnsmasq6.pid --dhcp-authoritative
printf 'DEVICE=eth2\nNOZEROCONF=yes\nIPV6INIT=yes\nDHCPV6C=yes\nDHCPRELEASE=yes\n' > "$CONFDIR/ifcfg-eth2"
run ifup-bond -c "$CONFDIR" eth2
is "DHCPV6C: ifup eth2: exit 0, quiet" "$rc:$err" "0:"
a6=$(ip -6 -o addr show dev eth2 scope global | sed -n 's/.* inet6 \([^ ]*\) .*/\1/p')
case $a6 in
2001:db8:1::1[0-9a-f][0-9a-f]/*) pass "... a DHCPv6 lease: $a6" ;;
*) fail "... a DHCPv6 lease (got '$a6')" ;;
esac
is "... dhclient -6 runs" "$([ -d "/proc/$(cat /run/dhclient6-eth2.pid 2>/dev/null)" ] && echo running)" running
is "... a second ifup: nothing to change" "$(ifup-bond -v -c "$CONFDIR" eth2)" "ifup-bond: eth2: nothing to change"
run ifdown-bond -c "$CONFDIR" eth2
is "... ifdown: exit 0, the lease released" "$rc:$err:$(grep -c '2001:db8:1::1' /tmp/dnsmasq6.leases)" "0::0"

# Stateless DHCPv6 (cloud-init's ipv6_dhcpv6-stateless: DHCPV6C_OPTIONS=-S): dhclient
# -6 -S asks for the options only, gets no address, and keeps running.
printf 'DEVICE=eth2\nNOZEROCONF=yes\nIPV6INIT=yes\nIPV6_AUTOCONF=yes\nDHCPV6C=yes\nDHCPV6C_OPTIONS=-S\n' > "$CONFDIR/ifcfg-eth2"
run ifup-bond -c "$CONFDIR" eth2
is "DHCPV6C_OPTIONS=-S: ifup eth2: exit 0, quiet" "$rc:$err" "0:"
is "... dhclient -6 -S runs" "$([ -d "/proc/$(cat /run/dhclient6-eth2.pid 2>/dev/null)" ] && tr '\0' ' ' < "/proc/$(cat /run/dhclient6-eth2.pid)/cmdline" | grep -c -- ' -6 .*-S ')" 1
is "... no address leased" "$(ip -6 -o addr show dev eth2 scope global | wc -l)" 0
is "... a second ifup: nothing to change" "$(ifup-bond -v -c "$CONFDIR" eth2)" "ifup-bond: eth2: nothing to change"
run ifdown-bond -c "$CONFDIR" eth2
is "... ifdown: exit 0, the client stopped" "$rc:$([ -e /run/dhclient6-eth2.pid ] && [ -d "/proc/$(cat /run/dhclient6-eth2.pid)" ] && echo running)" "0:"
kill "$(cat /tmp/dnsmasq6.pid)"
done_testing
