#!/bin/sh
# A step the kernel refuses costs only the steps that need it.  One device with a
# gateway in no subnet of its own, a route-file line and a route6-file line through
# gateways nobody reaches, in the middle of everything else: each refusal is said at
# its line with the kernel's words, exit 2, and every independent part is applied
# (addresses, the other routes, the rule file, IPv6, DNS, a VLAN on top).  The
# service's console line is [FAILED] with what was not applied.  A gateway on the
# link only through a host route of the files is added after that route (IPv4 and
# IPv6), and a VLAN larger than its lower device is refused at its line before
# anything is written.
. tests/kernel/lib.sh

ipv6_on
ip netns add rt
ip link add eth0 type veth peer name r0 netns rt
ip -n rt link set lo up
ip -n rt link set r0 up
ip -n rt addr add 192.0.2.254/24 dev r0
ip -n rt addr add 10.3.0.1/24 dev r0
ip -n rt addr add 10.9.0.1/24 dev lo
ip -n rt addr add 10.8.0.1/16 dev lo
ip -n rt -6 addr add 2001:db8:1::fe/64 dev r0 nodad
ip -n rt -6 addr add 2001:db8:9::1/64 dev r0 nodad
ip -n rt -6 addr add 2001:db8:2::1/64 dev lo nodad
printf 'nameserver 198.51.100.99\n' > /etc/resolv.conf

cat > "$CONFDIR/ifcfg-eth0" <<'F'
DEVICE=eth0
ONBOOT=yes
IPADDR=192.0.2.1
PREFIX=24
GATEWAY=198.51.100.1
NOZEROCONF=yes
IPV6INIT=yes
IPV6ADDR=2001:db8:1::10/64
IPV6_DEFAULTGW=2001:db8:1::fe
DNS1=192.0.2.53
F
cat > "$CONFDIR/route-eth0" <<'F'
10.50.0.0/24 via 10.60.0.1
10.9.0.0/24 via 192.0.2.254
F
printf 'to 10.8.0.0/16 lookup 100 priority 100\n' > "$CONFDIR/rule-eth0"
printf '10.8.0.0/16 via 192.0.2.254 table 100\n' >> "$CONFDIR/route-eth0"
cat > "$CONFDIR/route6-eth0" <<'F'
2001:db8:7::/64 via 2001:db8:66::1
2001:db8:2::/64 via 2001:db8:1::fe
F
printf 'DEVICE=eth0.5\nVLAN=yes\nONBOOT=yes\nIPADDR=198.18.0.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-eth0.5"
pings() { ping "$@" -c 1 -W 2 > /dev/null 2>&1 && echo yes || echo no; }

run ifup-bond -c "$CONFDIR" eth0
is "three refusals in the middle: exit 2" "$rc" 2
case $err in
*"ifup-bond: ifcfg-eth0:5: refused: ip route add default via 198.51.100.1 dev eth0"*"ifup-bond: kernel: "*) pass "... the off-link GATEWAY: at its line, the kernel's words" ;;
*) fail "... the off-link GATEWAY: at its line, the kernel's words" ;;
esac
case $err in
*"ifup-bond: route-eth0:1: refused: ip route add 10.50.0.0/24 via 10.60.0.1 dev eth0 proto static"*"ifup-bond: kernel: "*) pass "... the route line: at its line" ;;
*) fail "... the route line: at its line" ;;
esac
case $err in
*"ifup-bond: route6-eth0:1: refused: ip -6 route add 2001:db8:7::/64 via 2001:db8:66::1 dev eth0"*"ifup-bond: kernel: "*) pass "... the route6 line: at its line" ;;
*) fail "... the route6 line: at its line" ;;
esac
case $err in
*"steps applied; 3 refused"*) pass "... and a count of what was applied" ;;
*) fail "... and a count of what was applied" ;;
esac
is "... the address" "$(ip -4 -o addr show dev eth0 | wc -l)" 1
is "... the next line of route-eth0" "$(ip route show 10.9.0.0/24)" "10.9.0.0/24 via 192.0.2.254 dev eth0 proto static "
is "... its table-100 line and the rule file" "$(pings 10.8.0.1)" yes
is "... the network behind the router answers" "$(pings 10.9.0.1)" yes
is "... IPV6_DEFAULTGW" "$(ip -6 route show default | grep -c 'via 2001:db8:1::fe')" 1
is "... the next line of route6-eth0" "$(pings -6 2001:db8:2::1)" yes
is "... DNS1" "$(grep -c 'nameserver 192.0.2.53' /etc/resolv.conf)" 1

run ifup-bond -c "$CONFDIR" eth0
is "a second run: only the three refused again" "$rc:$(printf '%s\n' "$err" | grep -c ': refused: ')" 2:3

# The service: eth0 FAILED with what was not applied; the VLAN on it comes up.
run ifdown-bond -a -c "$CONFDIR"
run ifup-bond -a -c "$CONFDIR"
is "network start: exit 2" "$rc" 2
case $out in
*"Bringing up interface eth0:"*"[FAILED]"*"    not applied: ip route add default via 198.51.100.1 dev eth0 (ifcfg-eth0:5, refused)"*"Bringing up interface eth0.5:"*"[  OK  ]"*)
	pass "... eth0 [FAILED] with what was not applied, eth0.5 OK" ;;
*) fail "... eth0 [FAILED] with what was not applied, eth0.5 OK" ;;
esac
is "... eth0.5 up with its address" "$(is_up eth0.5):$(ip -4 -o addr show dev eth0.5 | wc -l)" "yes:1"

# A gateway on the link only through a host route of the files: after it.
sed -i 's/^GATEWAY=.*/GATEWAY=10.3.0.1/; s/^IPV6_DEFAULTGW=.*/IPV6_DEFAULTGW=2001:db8:9::1/' "$CONFDIR/ifcfg-eth0"
printf '10.9.0.0/24 via 10.3.0.1\n10.3.0.1 dev eth0\n' > "$CONFDIR/route-eth0"
printf '2001:db8:9::1 dev eth0\n' > "$CONFDIR/route6-eth0"
run ifup-bond -a --reload -c "$CONFDIR"
is "gateways through host routes: exit 0, nothing said" "$rc:$err" "0:"
is "... the default route" "$(ip route show default)" "default via 10.3.0.1 dev eth0 "
is "... the route through it" "$(ip route show 10.9.0.0/24)" "10.9.0.0/24 via 10.3.0.1 dev eth0 proto static "
is "... IPv6's default route" "$(ip -6 route show default | grep -c 'via 2001:db8:9::1')" 1
is "... the network behind the router answers" "$(pings 10.9.0.1)" yes

# A VLAN larger than its lower device, which no file raises: at its line, before
# anything is written.
printf 'DEVICE=eth0.7\nVLAN=yes\nMTU=2222\n' > "$CONFDIR/ifcfg-eth0.7"
run ifup-bond -c "$CONFDIR" eth0.7
is "VLAN MTU over its lower's: exit 1 at its line" "$rc:$err" \
	"1:ifup-bond: ifcfg-eth0.7:3: MTU=2222: above the MTU of its lower device eth0 (1500), which no file raises: the kernel refuses a VLAN larger than its lower device (set MTU in eth0's file)"
is "... no VLAN made" "$(exists eth0.7)" no
# Raised in the lower's file: the lower's MTU first, then the VLAN's.
printf 'MTU=2222\n' >> "$CONFDIR/ifcfg-eth0"
ip -n rt link set r0 mtu 2222
run ifup-bond -c "$CONFDIR" eth0
run ifup-bond -c "$CONFDIR" eth0.7
is "... once eth0's file raises it: exit 0" "$rc:$err" "0:"
is "... both at 2222" "$(cat /sys/class/net/eth0/mtu):$(cat /sys/class/net/eth0.7/mtu)" 2222:2222

no_bond_warnings
done_testing
