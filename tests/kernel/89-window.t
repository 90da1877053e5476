#!/bin/sh
# One window for the whole directory.  network start (ifup-bond -a) over six bonds
# that each wait: ARPCHECK's probe (the default) on b0, b1, b2 and b4, a DHCP lease
# from dnsmasq on b3, IPv6 duplicate address detection on b4, LINKDELAY on b5 (no
# port, so no carrier).  Every device's first wait begins before any device's IPv4
# address is added (-v prints each step as it begins): they are awaited together,
# not one after another.  A peer holds b2's address: that address alone is refused,
# naming the peer's MAC, and everything else comes up; messages and console lines
# come in start order, the last line names the device that failed; when the start
# returns, every address is usable (network-online.target's meaning: the lease is
# there, IPv6 detection is over); -a -n shows the waits as one step; once the peer
# lets go, a start adds only that address and a second one sends nothing.  A
# bridge's probe and announcement go out through its port, in a start and in an
# ifup of the port that makes the bridge.
. tests/kernel/lib.sh

ipv6_on
ip netns add sw
for i in 0 1 2 3; do
	ip link add e$i type veth peer name p$i netns sw
	ip -n sw link set p$i up
done
ip -n sw addr add 10.0.2.1/24 dev p2
peer_mac=$(ip netns exec sw cat /sys/class/net/p2/address)
ip -n sw addr add 10.0.3.254/24 dev p3
ip netns exec sw dnsmasq --port=0 --interface=p3 --bind-interfaces --no-ping \
	--dhcp-range=10.0.3.100,10.0.3.150,1h --dhcp-leasefile=/tmp/dnsmasq.leases \
	--pid-file=/tmp/dnsmasq.pid --dhcp-authoritative
mk_dummy d4
addr() { ip -4 -o addr show dev "$1" | sed -n 's/.* inet \([0-9.]*\/[0-9]*\).*/\1/p'; }

bond() {	# NAME PORT LINES...
	b=$1 port=$2
	shift 2
	printf 'DEVICE=%s\nONBOOT=yes\nNM_CONTROLLED=no\nBONDING_OPTS="mode=active-backup miimon=100"\n' "$b" > "$CONFDIR/ifcfg-$b"
	printf '%s\n' "$@" >> "$CONFDIR/ifcfg-$b"
	[ -n "$port" ] && printf 'DEVICE=%s\nMASTER=%s\nSLAVE=yes\nONBOOT=yes\nNM_CONTROLLED=no\n' "$port" "$b" > "$CONFDIR/ifcfg-$port"
	return 0
}
bond b0 e0 IPADDR=10.0.0.1 PREFIX=24 NOZEROCONF=yes
bond b1 e1 IPADDR=10.0.1.1 PREFIX=24 NOZEROCONF=yes
bond b2 e2 IPADDR=10.0.2.1 PREFIX=24 NOZEROCONF=yes
bond b3 e3 BOOTPROTO=dhcp NOZEROCONF=yes
bond b4 d4 IPADDR=10.0.4.1 PREFIX=24 NOZEROCONF=yes IPV6INIT=yes IPV6ADDR=2001:db8:4::1/64
bond b5 "" IPADDR=10.0.5.1 PREFIX=24 NOZEROCONF=yes LINKDELAY=2

# -n first: each device's steps up to its wait, the waits as one step, then the
# rest.
run ifup-bond -a -n -c "$CONFDIR"
is "-a -n: exit 2 (something would change)" "$rc" 2
waits=$(printf '%s\n' "$out" | grep -n ' & wait' | cut -d: -f1 | head -1)
first_add=$(printf '%s\n' "$out" | grep -n '^ip addr add 10\.' | cut -d: -f1 | head -1)
line=$(printf '%s\n' "$out" | grep ' & wait' | head -1)
case $line in
*"arping -q -D -c 2 -w 0.5 -I b0 10.0.0.1"*"-I b1 10.0.1.1"*"-I b2 10.0.2.1"*"dhclient-b3.leases"*"-I b4 10.0.4.1"*"wait up to 2 s for the carrier of b5"*" & wait"*)
	pass "-a -n: the first waits of the six devices, one step" ;;
*) fail "-a -n: the first waits of the six devices, one step"; printf '%s\n' "$out" | sed 's/^/#   /' ;;
esac
check "-a -n: ... before any IPv4 address is added" test "${waits:-99}" -lt "${first_add:-0}"

run ifup-bond -a -v -c "$CONFDIR"
is "network start: exit 2 (b2's address refused)" "$rc" 2
case $err in
*"ifup-bond: 10.0.2.1 is in use on b2's link: $peer_mac answers for it (ARPCHECK); not added"*) pass "... the peer's MAC said" ;;
*) fail "... the peer's MAC said"; printf '%s\n' "$err" | sed 's/^/#   (stderr) /' ;;
esac
case $err in
*"b5: no carrier after 2 s (LINKDELAY)"*) pass "... LINKDELAY's warning" ;;
*) fail "... LINKDELAY's warning" ;;
esac
# What systemctl status shows of a long start is its last lines.
is "... the last line names the device that failed" "$(printf '%s\n' "$err" | tail -1)" \
	"ifup-bond: 1 of 7 devices failed: b2"
# Begun: each device's first wait; added: the first IPv4 address of any device.
begun() { printf '%s\n' "$out" | grep -n -e "$1" | cut -d: -f1 | head -1; }
first_add=$(begun '^ifup-bond: ip addr add 10\.')
for w in "-I b0 10.0.0.1" "-I b1 10.0.1.1" "-I b2 10.0.2.1" "dhclient-b3.leases" "-I b4 10.0.4.1" \
	"carrier of b5"; do
	check "'$w' begun before any IPv4 address is added" test "$(begun "$w")" -lt "${first_add:-0}"
done
is "console lines in start order" "$(printf '%s\n' "$out" | sed -n 's/^Bringing up interface \([^:]*\): *\[\(.*\)\]$/\1 \2/p' | tr -s ' ' | tr '\n' ',')" \
	"b0 OK ,b1 OK ,b2 FAILED,b3 OK ,b4 OK ,b5 OK ,"
is "b0, b1, b4, b5 have their addresses" "$(addr b0) $(addr b1) $(addr b4) $(addr b5)" \
	"10.0.0.1/24 10.0.1.1/24 10.0.4.1/24 10.0.5.1/24"
is "b2 has none" "$(addr b2)" ""
case $(addr b3) in
10.0.3.1[0-5][0-9]/24) pass "b3 has a lease: $(addr b3)" ;;
*) fail "b3 has a lease (got '$(addr b3)')" ;;
esac
is "b4's IPv6 address is usable (detection over)" \
	"$(ip -6 -o addr show dev b4 | grep ' 2001:db8:4::1/64 ' | grep -vc tentative)" 1

# The peer lets go: only b2's address is added, then nothing at all.
ip -n sw addr del 10.0.2.1/24 dev p2
run ifup-bond -a -v -c "$CONFDIR"
is "a start once the peer let go: exit 0" "$rc:$err" "0:"
is "... b2's address added" "$(addr b2)" "10.0.2.1/24"
is "... the only address step" "$(printf '%s\n' "$out" | grep -c '^ifup-bond: ip addr add')" 1
run ifup-bond -a -n -c "$CONFDIR"
is "then -a -n: nothing would change" "$rc:$out" "0:"
monitor_start
run ifup-bond -a -c "$CONFDIR"
monitor_stop
is "a second start: exit 0" "$rc" 0
is "... sends the kernel nothing" "$(monitor_lines)" 0

run ifdown-bond -a -c "$CONFDIR"
is "network stop: exit 0" "$rc" 0
kill "$(cat /tmp/dnsmasq.pid)"

# A bridge is made before its port joins it (start order), and a new bridge shows a
# carrier until its port state selection takes it away: its probe waits for the
# kernel's carrier, which comes with the port, so the peer behind the port answers
# and the address it holds is refused.
ip link add e9 type veth peer name p9 netns sw
ip -n sw link set p9 up
ip -n sw addr add 10.0.9.1/24 dev p9
p9_mac=$(ip netns exec sw cat /sys/class/net/p9/address)
mkdir -p /tmp/br
printf 'DEVICE=br9\nTYPE=Bridge\nONBOOT=yes\nDELAY=0\nIPADDR=10.0.9.1\nPREFIX=24\nNOZEROCONF=yes\n' > /tmp/br/ifcfg-br9
printf 'DEVICE=bond9\nONBOOT=yes\nBONDING_OPTS="mode=active-backup miimon=100"\nBRIDGE=br9\n' > /tmp/br/ifcfg-bond9
printf 'DEVICE=e9\nMASTER=bond9\nSLAVE=yes\nONBOOT=yes\n' > /tmp/br/ifcfg-e9
run ifup-bond -a -c /tmp/br
is "a bridge whose port leads to the address's holder: exit 2" "$rc" 2
case $err in
*"10.0.9.1 is in use on br9's link: $p9_mac answers for it (ARPCHECK); not added"*) pass "... refused, naming the holder" ;;
*) fail "... refused, naming the holder" ;;
esac
is "... br9 without it" "$(addr br9)" ""
is "... bond9 joined br9 all the same" "$(cat /sys/class/net/bond9/brport/bridge/ifindex 2>/dev/null)" "$(cat /sys/class/net/br9/ifindex)"

# Its announcement waits for the port as well, and the start goes on meanwhile
# (held, as the probes are): so the peer's stale cache entry learns br9's MAC.
run ifdown-bond -a -c /tmp/br
ip -n sw addr del 10.0.9.1/24 dev p9
ip -n sw neigh replace 10.0.9.1 lladdr 02:de:ad:be:ef:01 dev p9 nud stale
echo 'ARPCHECK=no' >> /tmp/br/ifcfg-br9
run ifup-bond -a -c /tmp/br
is "ARPCHECK=no on the bridge: exit 0" "$rc:$err" "0:"
br_mac=$(cat /sys/class/net/br9/address)
case $(ip -n sw neigh show 10.0.9.1 dev p9) in
*"lladdr $br_mac "*) pass "... the peer behind the port learnt br9's MAC from the announcement" ;;
*) fail "... the peer behind the port learnt br9's MAC from the announcement"; echo "#   $(ip -n sw neigh show 10.0.9.1 dev p9) (br9 is $br_mac)" ;;
esac

# ifup of the port alone makes the bridge too: the port joins it before its
# probe, so the holder is named there as well.
run ifdown-bond -a -c /tmp/br
sed -i '/^ARPCHECK=no$/d' /tmp/br/ifcfg-br9
ip -n sw addr add 10.0.9.1/24 dev p9
run ifup-bond -c /tmp/br bond9
is "ifup bond9, making br9: exit 2" "$rc" 2
case $err in
*"10.0.9.1 is in use on br9's link: $p9_mac answers for it (ARPCHECK); not added"*) pass "... refused, naming the holder" ;;
*) fail "... refused, naming the holder" ;;
esac
is "... bond9 in br9, br9 without the address" \
	"$(cat /sys/class/net/bond9/brport/bridge/ifindex 2>/dev/null):$(addr br9)" "$(cat /sys/class/net/br9/ifindex):"
done_testing
