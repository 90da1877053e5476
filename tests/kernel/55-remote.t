#!/bin/sh
# Changes an admin makes over SSH: the server's bond sits on a switch (a bridge in
# a namespace), a router (another namespace) joins the switch to the admin's network,
# and the admin host pings the server's address through it, its neighbour caches
# never flushed by the test.  ifdown of the active slave (active-backup) and of the
# slave whose MAC the bond wears (802.3ad, against a switch that speaks LACP) costs
# at most one monitor interval, with the kernel's default arp_notify=0: the bond
# keeps its MAC.  Renumbering by reload puts back every route the kernel dropped with
# the old address (-n says so first), and the admin reaches the new address at once.
# A lacp_rate edit under a VLAN that is a bridge port: exit 0, nothing FAILED.
. tests/kernel/lib.sh

ipv6_on
remote_site

printf 'DEVICE=bond0\nONBOOT=yes\nBONDING_OPTS="mode=active-backup miimon=100"\nIPADDR=192.0.2.10\nPREFIX=24\nGATEWAY=192.0.2.1\n' > "$CONFDIR/ifcfg-bond0"
printf '10.99.0.0/24 via 192.0.2.1\n' > "$CONFDIR/route-bond0"
slave_files veth0a veth1a
dmesg_mark

# admin_pings ADDR COUNT: the admin host pings ADDR every 10 ms; $lost afterwards
# (admin_wait).  One monitor interval (miimon=100) is 10 pings.
admin_pings() {
	ip netns exec adm ping -q -i 0.01 -c "$2" -W 1 "$1" > /tmp/adm.log 2>&1 &
	adm_pid=$!
}
admin_wait() {
	wait "$adm_pid"
	sent=$(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1/p' /tmp/adm.log)
	recv=$(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\2/p' /tmp/adm.log)
	lost=$((${sent:-0} - ${recv:-0}))
	echo "# admin host: $sent sent, $recv received, $lost lost"
}
answers() { ip netns exec adm ping -c 1 -W 2 "$1" > /dev/null 2>&1 && echo yes || echo no; }
routes() { ip -4 route show dev bond0 | sed 's/ *$//' | sort | tr '\n' ';'; }

run ifup-bond -a -c "$CONFDIR"
is "network start: exit 0" "$rc" 0
is "the admin host reaches the server through the router" "$(answers 192.0.2.10)" yes
is "arp_notify is the kernel's default, 0" "$(cat /proc/sys/net/ipv4/conf/bond0/arp_notify)" 0
mac=$(cat /sys/class/net/bond0/address)
is "the bond wears veth0a's MAC" "$mac" "$(cat /sys/class/net/veth0a/address)"

# ifdown of the active slave, whose MAC the bond wears.
admin_pings 192.0.2.10 300
sleep 1
run ifdown-bond -c "$CONFDIR" veth0a
is "ifdown veth0a (active, the bond's MAC): exit 0" "$rc" 0
is "... eth1 carries the traffic" "$(proc_field bond0 'Currently Active Slave')" veth1a
is "... the bond keeps its MAC" "$(cat /sys/class/net/bond0/address)" "$mac"
admin_wait
check "... the admin host's pings ran" test "${sent:-0}" -gt 0
check "... at most one monitor interval lost ($lost)" test "$lost" -le 10
run ifup-bond -c "$CONFDIR" veth0a
is "ifup veth0a: exit 0" "$rc" 0

# Renumbering by reload.  -n shows the routes the old address takes with it.
sed -i 's/^IPADDR=192.0.2.10$/IPADDR=192.0.2.11/' "$CONFDIR/ifcfg-bond0"
before=$(routes)
echo "# routes before: $before"
run ifup-bond -a --reload -n -c "$CONFDIR"
case $out in
*"ip addr del 192.0.2.10/24 dev bond0"*"ip route add default via 192.0.2.1 dev bond0"*"again: the kernel drops the routes of a deleted address"*"ip route add 10.99.0.0/24 via 192.0.2.1 dev bond0 proto static"*"ip route add 169.254.0.0/16 dev bond0"*)
	pass "reload -n: the routes the deletion drops are put back" ;;
*) fail "reload -n: the routes the deletion drops are put back" ;;
esac
run ifup-bond -a --reload -c "$CONFDIR"
is "reload with a new IPADDR: exit 0" "$rc" 0
is "... every route back, on the new address" "$(routes)" \
	"$(printf '%s' "$before" | sed 's/192\.0\.2\.10/192.0.2.11/g')"
admin_pings 192.0.2.11 100
admin_wait
is "... the admin host reaches the new address, nothing lost" "${sent:-0}:$lost" 100:0
is "... and the network behind the router answers the server" \
	"$(ping -c 1 -W 2 10.99.0.1 > /dev/null 2>&1 && echo yes || echo no)" yes
monitor_start
run ifup-bond -a --reload -c "$CONFDIR"
monitor_stop
is "a second reload: exit 0, the kernel sent nothing" "$rc:$(monitor_lines)" "0:0"

# The same with 802.3ad, against a switch whose ports form an LACP bond.
run ifdown-bond -a -c "$CONFDIR"
is "network stop: exit 0" "$rc" 0
ip -n sw link add swb type bond mode 802.3ad lacp_rate fast miimon 100
for i in 0 1; do
	ip -n sw link set veth${i}b down
	ip -n sw link set veth${i}b nomaster
	ip -n sw link set veth${i}b master swb
done
ip -n sw link set swb master br0
ip -n sw link set swb up
printf 'DEVICE=bond0\nONBOOT=yes\nBONDING_OPTS="mode=802.3ad miimon=100 lacp_rate=fast"\nIPADDR=192.0.2.10\nPREFIX=24\nGATEWAY=192.0.2.1\n' > "$CONFDIR/ifcfg-bond0"
run ifup-bond -a -c "$CONFDIR"
is "802.3ad: network start: exit 0" "$rc" 0
# Both ports in sync, collecting and distributing (state 63), ours and the switch's
# as each side sees them.
lacp_ready() { [ "$(grep -c 'port state: 63' /proc/net/bonding/bond0)" = 4 ]; }
check_within "... both ports aggregated with the switch" 15 lacp_ready
is "... the admin host reaches the server" "$(answers 192.0.2.10)" yes
mac=$(cat /sys/class/net/bond0/address)
# The slave whose own (permanent) MAC the bond wears, from /proc/net/bonding.
owner=
while IFS=: read -r k v; do
	case $k in
	"Slave Interface") s=${v# } ;;
	"Permanent HW addr") [ "${v# }" = "$mac" ] && owner=$s ;;
	esac
done < /proc/net/bonding/bond0
echo "# the bond wears $owner's own MAC ($mac)"
admin_pings 192.0.2.10 300
sleep 1
run ifdown-bond -c "$CONFDIR" "$owner"
is "ifdown $owner (the bond's MAC): exit 0" "$rc" 0
is "... the bond keeps its MAC" "$(cat /sys/class/net/bond0/address)" "$mac"
admin_wait
check "... the admin host's pings ran" test "${sent:-0}" -gt 0
check "... at most one monitor interval lost ($lost)" test "$lost" -le 10
run ifup-bond -c "$CONFDIR" "$owner"
is "ifup $owner: exit 0" "$rc" 0

# A VLAN of the bond as a bridge port, then a lacp_rate edit, which takes the bond
# down and up: the bridge's own news of its port (AF_BRIDGE) must not be read as
# the VLAN's link.
printf 'DEVICE=bond0.100\nVLAN=yes\nONBOOT=yes\nBRIDGE=br0\n' > "$CONFDIR/ifcfg-bond0.100"
printf 'DEVICE=br0\nTYPE=Bridge\nONBOOT=yes\nSTP=no\nDELAY=0\n' > "$CONFDIR/ifcfg-br0"
run ifup-bond -a --reload -c "$CONFDIR"
is "a VLAN in a bridge: exit 0" "$rc" 0
is "... bond0.100 is br0's port" "$(basename "$(readlink /sys/class/net/bond0.100/master)")" br0
sed -i 's/lacp_rate=fast/lacp_rate=slow/' "$CONFDIR/ifcfg-bond0"
run ifup-bond -a --reload -c "$CONFDIR"
is "a lacp_rate edit under it: exit 0, nothing FAILED" "$rc:$(printf '%s\n' "$out" "$err" | grep -c FAILED)" 0:0
is "... lacp_rate slow" "$(sysval bond0 lacp_rate)" "slow 0"
is "... bond0.100 still br0's port" "$(basename "$(readlink /sys/class/net/bond0.100/master)")" br0
is "... the admin host reaches the server" "$(answers 192.0.2.10)" yes

# The released slave keeps its own MAC, the bond's: the kernel says so, and it is
# the price of not cutting the peers off (see ifup-bond(8)).  The switch's bond
# misses its partner until the server's comes up.
no_bond_warnings "$MAC_KEPT" "swb: Warning: No 802.3ad response"
done_testing
