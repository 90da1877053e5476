#!/bin/sh
# ARPCHECK, ARPUPDATE and the zeroconf route against a peer in another namespace:
# an address the peer holds is refused before anything is added, naming the peer's
# MAC; ARPCHECKn=no lets it through; the peer's ARP cache learns a new address from
# the gratuitous ARP (and does not with ARPUPDATE=no); without a carrier the check
# is skipped (said only when the file asked for it); probes a device drops are
# sent again until they go out; a peer whose first answers are lost is still
# found by the window's later probes (four in the default window, one in a window
# too short to space them); 169.254.0.0/16 at 1000 +
# ifindex unless NOZEROCONF, which reload then removes; a second run sends nothing.
. tests/kernel/lib.sh

ipv6_on
ip netns add peer
ip link add eth0 type veth peer name p0 netns peer
ip -n peer link set p0 up
ip -n peer addr add 192.0.2.50/24 dev p0
peer_mac=$(ip netns exec peer cat /sys/class/net/p0/address)
addrs() { ip -4 -o addr show dev eth0 | sed 's/^[0-9]*: [^ ]* *inet \([^ ]*\).*/\1/'; }

# 192.0.2.50 is the peer's: refused at its line; 192.0.2.1, probed in the same
# window and no other host's, is added (a refusal costs only what needs it).
printf 'DEVICE=eth0\nIPADDR=192.0.2.1\nPREFIX=24\nIPADDR1=192.0.2.50\nPREFIX1=24\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "ifup with the peer's address: exit 2" "$rc" 2
case $err in
*"ifup-bond: ifcfg-eth0:4: refused: arping -q -D -c 2 -w 0.5 -I eth0 192.0.2.50"*"ifup-bond: 192.0.2.50 is in use on eth0's link: $peer_mac answers for it (ARPCHECK); not added"*"ifup-bond: ifcfg-eth0:4: not applied: ip addr add 192.0.2.50/24 brd 192.0.2.255 dev eth0 (it needs arping -q -D -c 2 -w 0.5 -I eth0 192.0.2.50, which was refused)"*) pass "... the address, the peer's MAC and the line" ;;
*) fail "... the address, the peer's MAC and the line"; printf '%s\n' "$err" | sed 's/^/#   /' ;;
esac
is "... only the free address added" "$(addrs)" "192.0.2.1/24"
is "... the peer still holds it" "$(ip -n peer -4 -o addr show dev p0 | grep -c 192.0.2.50)" 1

# ARPCHECK1=no: the admin's call.
printf 'ARPCHECK1=no\n' >> "$CONFDIR/ifcfg-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "ARPCHECK1=no: exit 0, both added" "$rc:$err:$(addrs | tr '\n' ' ')" "0::192.0.2.1/24 192.0.2.50/24 "

# ARPUPDATE: the peer's cache had another MAC for the new address (a NIC swap, a
# failed-over service IP); the gratuitous ARP puts ours there.  The probes (sender
# 0.0.0.0) teach it nothing: without ARPUPDATE the stale entry stays.  eth0 stays
# up throughout: the peer flushes its cache when its carrier goes (linkwatch, up
# to a second later).
mac=$(cat /sys/class/net/eth0/address)
peer_neigh() { ip -n peer neigh show "$1" dev p0 | sed 's/ *$//'; }
printf 'DEVICE=eth0\nIPADDR=192.0.2.2\nPREFIX=24\nNOZEROCONF=yes\nARPUPDATE=no\n' > "$CONFDIR/ifcfg-eth0"
ip -n peer neigh replace 192.0.2.2 lladdr 02:de:ad:be:ef:01 dev p0 nud stale
run ifup-bond -c "$CONFDIR" eth0
is "ARPUPDATE=no: exit 0, the new address in place of the others" "$rc:$err:$(addrs)" "0::192.0.2.2/24"
is "... the peer's cache keeps the old MAC" "$(peer_neigh 192.0.2.2)" "192.0.2.2 lladdr 02:de:ad:be:ef:01 STALE"
printf 'DEVICE=eth0\nIPADDR=192.0.2.1\nPREFIX=24\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth0"
ip -n peer neigh replace 192.0.2.1 lladdr 02:de:ad:be:ef:01 dev p0 nud stale
run ifup-bond -c "$CONFDIR" eth0
is "ARPUPDATE (default): exit 0" "$rc:$err" "0:"
case $(peer_neigh 192.0.2.1) in
"192.0.2.1 lladdr $mac "*) pass "... the peer's cache has eth0's MAC from the gratuitous ARP" ;;
*) fail "... the peer's cache has eth0's MAC from the gratuitous ARP"; echo "#   $(peer_neigh 192.0.2.1) (eth0 is $mac)" ;;
esac

# The zeroconf route: NOZEROCONF removed, then reload adds it at 1000 + ifindex.
sed -i '/NOZEROCONF/d' "$CONFDIR/ifcfg-eth0"
run ifup-bond -a --reload -c "$CONFDIR"
idx=$(cat /sys/class/net/eth0/ifindex)
is "reload without NOZEROCONF: the zeroconf route, ours" \
	"$(ip -4 route show 169.254.0.0/16 | sed 's/ *$//')" "169.254.0.0/16 dev eth0 proto static scope link metric $((1000 + idx))"
monitor_start
run ifup-bond -c "$CONFDIR" eth0
run ifup-bond -a --reload -c "$CONFDIR"
monitor_stop
is "ifup and reload again: exit 0, nothing sent (no probe, no route)" "$rc:$(monitor_lines)" "0:0"
# One of another protocol (added by hand) is not ours to remove.
ip route add 169.254.0.0/16 dev eth0 metric 7
echo 'NOZEROCONF=yes' >> "$CONFDIR/ifcfg-eth0"
run ifup-bond -a --reload -c "$CONFDIR"
is "NOZEROCONF=yes, reload: ours gone, the hand-made one kept" \
	"$(ip -4 route show 169.254.0.0/16 | sed 's/ *$//')" "169.254.0.0/16 dev eth0 scope link metric 7"
ip route del 169.254.0.0/16 dev eth0 metric 7

# No carrier (the peer's end down): nothing to probe; quiet by default, said when
# the file asks for the check.
run ifdown-bond -c "$CONFDIR" eth0
ip -n peer link set p0 down
run ifup-bond -c "$CONFDIR" eth0
is "no carrier, ARPCHECK by default: exit 0, quiet, added" "$rc:$err:$(addrs)" "0::192.0.2.1/24"
run ifdown-bond -c "$CONFDIR" eth0
echo 'ARPCHECK=yes' >> "$CONFDIR/ifcfg-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "no carrier, ARPCHECK=yes: exit 0, said, added" "$rc:$err:$(addrs)" \
	"0:ifup-bond: warning: eth0: no carrier after 1000 ms: ARPCHECK of 192.0.2.1 not made:192.0.2.1/24"

# A device with a carrier that drops what it is given, as an 802.3ad bond does while
# its aggregator is reselected (sendto: ENOBUFS); here a tc drop on eth0's egress,
# lifted SECS later (drop_for), or never.  The probes are sent again until they go
# out and the window counts from then, so the peer's address is still refused by
# its MAC; the announcement is sent again too; a device that never sends: said,
# the address added unchecked, as the legacy arping did.
drop_on() { tc qdisc add dev eth0 clsact && tc filter add dev eth0 egress matchall action drop; }
drop_for() { drop_on; (sleep "$1"; tc qdisc del dev eth0 clsact) & drop_pid=$!; }
ip -n peer link set p0 up
run ifdown-bond -c "$CONFDIR" eth0
printf 'DEVICE=eth0\nIPADDR=192.0.2.1\nPREFIX=24\nIPADDR1=192.0.2.50\nPREFIX1=24\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth0"
drop_for 1.5
run ifup-bond -c "$CONFDIR" eth0
wait "$drop_pid"
is "frames dropped for 1.5 s, the peer's address: exit 2" "$rc" 2
case $err in
*"ifup-bond: 192.0.2.50 is in use on eth0's link: $peer_mac answers for it (ARPCHECK); not added"*) pass "... refused by the peer's MAC" ;;
*) fail "... refused by the peer's MAC"; printf '%s\n' "$err" | sed 's/^/#   /' ;;
esac
is "... the free address added" "$(addrs)" "192.0.2.1/24"
run ifdown-bond -c "$CONFDIR" eth0
printf 'DEVICE=eth0\nIPADDR=192.0.2.3\nPREFIX=24\nNOZEROCONF=yes\nARPCHECK=no\n' > "$CONFDIR/ifcfg-eth0"
ip -n peer neigh replace 192.0.2.3 lladdr 02:de:ad:be:ef:01 dev p0 nud stale
drop_for 1
run ifup-bond -c "$CONFDIR" eth0
wait "$drop_pid"
is "frames dropped for 1 s, ARPCHECK=no: exit 0, quiet, added" "$rc:$err:$(addrs)" "0::192.0.2.3/24"
case $(peer_neigh 192.0.2.3) in
"192.0.2.3 lladdr $mac "*) pass "... the announcement sent again: the peer's cache has eth0's MAC" ;;
*) fail "... the announcement sent again: the peer's cache has eth0's MAC"; echo "#   $(peer_neigh 192.0.2.3) (eth0 is $mac)" ;;
esac
run ifdown-bond -c "$CONFDIR" eth0
printf 'DEVICE=eth0\nIPADDR=192.0.2.1\nPREFIX=24\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth0"
drop_on
run ifup-bond -c "$CONFDIR" eth0
tc qdisc del dev eth0 clsact
is "a device that never sends: exit 0, said, added unchecked" "$rc:$err:$(addrs)" \
	"0:ifup-bond: warning: eth0: the device dropped every ARP probe for 5 s (No buffer space available): ARPCHECK of 192.0.2.1 not made
ifup-bond: warning: eth0: ARPUPDATE of 192.0.2.1: ARP: cannot send on the device: No buffer space available (every try for 5 s):192.0.2.1/24"

# A neighbour whose link came up with ours may lose its first answers (its queues
# not yet activated, a switch port not yet forwarding): here the peer's first two
# answers are dropped (tc's deterministic gact on its egress: every third ARP frame
# passes).  The window's later probes still find the holder.
run ifdown-bond -c "$CONFDIR" eth0
printf 'DEVICE=eth0\nIPADDR=192.0.2.1\nPREFIX=24\nIPADDR1=192.0.2.50\nPREFIX1=24\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth0"
tc -n peer qdisc add dev p0 clsact
tc -n peer filter add dev p0 egress protocol arp matchall action gact drop random determ pass 3
run ifup-bond -c "$CONFDIR" eth0
tc -n peer qdisc del dev p0 clsact
is "the peer's first two answers lost: exit 2" "$rc" 2
case $err in
*"ifup-bond: 192.0.2.50 is in use on eth0's link: $peer_mac answers for it (ARPCHECK); not added"*) pass "... a later probe's answer names the peer" ;;
*) fail "... a later probe's answer names the peer"; printf '%s\n' "$err" | sed 's/^/#   /' ;;
esac
is "... the free address added" "$(addrs)" "192.0.2.1/24"

# How many probes reach the peer (ARPUPDATE off: nothing else is ARP): four in
# the default window; one in a window too short to space them (ACD_TIMEOUT=2 ms).
probes_seen() {	# LINE: ifup with it; seen: the ARP frames the peer received
	run ifdown-bond -c "$CONFDIR" eth0
	printf 'DEVICE=eth0\nIPADDR=192.0.2.1\nPREFIX=24\nNOZEROCONF=yes\nARPUPDATE=no\n%s\n' "$1" > "$CONFDIR/ifcfg-eth0"
	tc -n peer qdisc add dev p0 clsact
	tc -n peer filter add dev p0 ingress protocol arp matchall action gact pass
	run ifup-bond -c "$CONFDIR" eth0
	seen=$(tc -n peer -s filter show dev p0 ingress | sed -n 's/.*Sent [0-9]* bytes \([0-9]*\) pkt.*/\1/p' | head -1)
	tc -n peer qdisc del dev p0 clsact
}
probes_seen ''
is "the default window: four probes" "$rc:$seen" 0:4
probes_seen 'ACD_TIMEOUT=2'
is "ACD_TIMEOUT=2: one probe" "$rc:$seen" 0:1
done_testing
