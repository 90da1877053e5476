#!/bin/sh
# IPv4 addresses and the default route as the legacy ifup-eth makes them: each
# address with its broadcast (BROADCASTn, else the subnet's last address; none for
# /31; lo's none, as the kernel's) and SCOPE; lo's with scope host; the default route with METRIC and SRCADDR,
# beside another device's of another metric; ARP=no and yes; LINKDELAY.  A second run sends nothing; a stated
# broadcast that differs on a live address is said, not forced.  ifcfg-lo through network stop and start.
. tests/kernel/lib.sh

ipv6_on
ip link set lo up
mk_dummy eth0
mk_dummy eth1
cat > "$CONFDIR/ifcfg-eth0" <<'F'
DEVICE=eth0
IPADDR=192.0.2.1
PREFIX=24
IPADDR1=198.51.100.0
PREFIX1=31
IPADDR2=203.0.113.1
PREFIX2=24
BROADCAST2=203.0.113.127
GATEWAY=192.0.2.254
METRIC=100
SRCADDR=192.0.2.1
F
printf 'DEVICE=eth1\nIPADDR=10.1.0.1\nPREFIX=16\nSCOPE="scope link"\nGATEWAY=10.1.0.254\nARP=no\n' > "$CONFDIR/ifcfg-eth1"
printf 'DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\n' > "$CONFDIR/ifcfg-lo"

addrs() { ip -4 -o addr show dev "$1" | sed 's/^[0-9]*: [^ ]* *//; s/ *valid_lft.*//; s/\\$//'; }

ip addr flush dev lo
run ifup-bond -c "$CONFDIR" lo
is "ifup lo: 127.0.0.1/8 with scope host" "$rc:$(addrs lo)" "0:inet 127.0.0.1/8 scope host lo"

run ifup-bond -c "$CONFDIR" eth0
is "ifup eth0: exit 0" "$rc:$err" "0:"
is "... each address with its broadcast (none for the /31)" "$(addrs eth0)" \
"inet 192.0.2.1/24 brd 192.0.2.255 scope global eth0
inet 198.51.100.0/31 scope global eth0
inet 203.0.113.1/24 brd 203.0.113.127 scope global eth0"
is "... the default route with its metric and source" "$(ip route show default)" \
	"default via 192.0.2.254 dev eth0 src 192.0.2.1 metric 100 "

run ifup-bond -c "$CONFDIR" eth1
is "ifup eth1: its default route beside eth0's (metric 0, not 100)" "$rc:$err:$(ip route show default | wc -l)" "0::2"
is "... SCOPE=\"scope link\"" "$(addrs eth1)" "inet 10.1.0.1/16 brd 10.1.255.255 scope link eth1"
check "... ARP=no: NOARP" sh -c 'ip link show eth1 | grep -q NOARP' 

monitor_start
run ifup-bond -c "$CONFDIR" eth0
run ifup-bond -c "$CONFDIR" eth1
run ifup-bond -c "$CONFDIR" lo
monitor_stop
is "a second ifup of each: the kernel sent nothing" "$(monitor_lines)" 0

sed -i 's/^BROADCAST2=.*/BROADCAST2=203.0.113.255/' "$CONFDIR/ifcfg-eth0"
monitor_start
run ifup-bond -c "$CONFDIR" eth0
monitor_stop
is "a changed BROADCAST2 on the live address: said" "$rc:$err" \
	"0:ifup-bond: ifcfg-eth0:8: warning: BROADCAST: not applied to the live address 203.0.113.1/24 (the kernel changes it only when the address is added again: ifdown and ifup eth0)"
is "... and nothing sent" "$(monitor_lines)" 0
run ifdown-bond -c "$CONFDIR" eth0
run ifup-bond -c "$CONFDIR" eth0
is "ifdown and ifup eth0 apply it" "$(addrs eth0 | tail -1)" "inet 203.0.113.1/24 brd 203.0.113.255 scope global eth0"

sed -i 's/^ARP=no/ARP=yes/' "$CONFDIR/ifcfg-eth1"
run ifup-bond -c "$CONFDIR" eth1
is "ARP=yes: ARP on again" "$rc:$(ip link show eth1 | grep -c NOARP)" "0:0"
# A gateway in no subnet of the device: said at its line; the kernel refuses the
# route, and that costs only the route: eth2 comes up with its address.
mk_dummy eth2
printf 'DEVICE=eth2\nIPADDR=10.2.0.1\nPREFIX=24\nGATEWAY=10.3.0.1\nMETRIC=200\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth2"
run ifup-bond -c "$CONFDIR" eth2
is "GATEWAY out of every subnet: exit 2, said at its line" "$rc:$(printf '%s\n' "$err" | head -2)" \
	"2:ifup-bond: ifcfg-eth2:4: warning: GATEWAY: 10.3.0.1 is in no subnet of eth2's addresses and no route of its route files reaches it: the kernel will refuse the default route
ifup-bond: ifcfg-eth2:4: refused: ip route add default via 10.3.0.1 dev eth2 metric 200"
is "... eth2 up with its address" "$(is_up eth2):$(ip -4 -o addr show dev eth2 | wc -l)" "yes:1"
# LINKDELAY: a wait for the carrier, bounded; none by then is said, not fatal.
ip netns add peer
ip link add eth3 type veth peer name p3 netns peer
printf 'DEVICE=eth3\nIPADDR=10.4.0.1\nPREFIX=24\nLINKDELAY=1\n' > "$CONFDIR/ifcfg-eth3"
run ifup-bond -c "$CONFDIR" eth3
is "LINKDELAY=1, the peer down: exit 0, said" "$rc:$err" \
	"0:ifup-bond: warning: eth3: no carrier after 1 s (LINKDELAY): going on without it"
is "... eth3 up with its address" "$(is_up eth3):$(ip -4 -o addr show dev eth3 | wc -l)" "yes:1"
run ifdown-bond -c "$CONFDIR" eth3
sed -i 's/^LINKDELAY=1/LINKDELAY=20/' "$CONFDIR/ifcfg-eth3"
( sleep 1; ip -n peer link set p3 up ) &
run ifup-bond -c "$CONFDIR" eth3
wait
is "LINKDELAY=20, the peer comes up meanwhile: nothing said" "$rc:$err" "0:"
check "... the carrier is there" sh -c 'ip link show eth3 | grep -q LOWER_UP'
run ifup-bond -v -c "$CONFDIR" eth3
is "... a second ifup: nothing to change, no wait" "$out" "ifup-bond: eth3: nothing to change"

# The service with ifcfg-lo: stop takes lo's address with it (the legacy ifdown of
# lo flushed it), start gives it back with scope host.
PATH="$TOP/network-scripts:$PATH"
export IFCFG_DIR="$CONFDIR"
run network stop
is "network stop: lo down, without 127.0.0.1" "$(is_up lo):$(addrs lo)" "no:"
run network start
case $out in
*"Bringing up loopback interface:"*"[  OK  ]"*"Bringing up interface eth0:"*) pass "network start: lo's line OK" ;;
*) fail "network start: lo's line OK"; printf '%s\n' "$out" | sed 's/^/#   /' ;;
esac
is "... lo up with 127.0.0.1/8 scope host" "$(is_up lo):$(addrs lo)" \
	"yes:inet 127.0.0.1/8 scope host lo"
done_testing
