#!/bin/sh
# route-DEV and rule-DEV files: the networks behind a router (in a namespace of its own) are
# reached through the file's routes, in both formats, in the main table and in
# another; a second run sends nothing; reload after a line is removed removes
# exactly that route, and leaves alone a route added by hand; a bad line changes
# nothing; ifdown takes the routes with the device.  A blackhole has no device: it
# is removed when no route file has it any longer.
. tests/kernel/lib.sh

ipv6_on
ip netns add router
ip link add eth0 type veth peer name r0 netns router
ip -n router link set lo up
ip -n router link set r0 up
ip -n router addr add 192.0.2.254/24 dev r0
ip -n router addr add 10.9.0.1/24 dev lo
ip -n router addr add 10.8.0.1/16 dev lo
ip -n router addr add 10.7.0.1/16 dev lo

# NOZEROCONF: only the route files' routes here (the zeroconf route: 73-arp).
printf 'DEVICE=eth0\nONBOOT=yes\nIPADDR=192.0.2.1\nPREFIX=24\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth0"
cat > "$CONFDIR/route-eth0" <<'R'
# the core router's networks
10.9.0.0/24 via 192.0.2.254
10.8.0.0/16 via 192.0.2.254 table 100 metric 20
blackhole 10.66.0.0/16
R
printf '# table 100 for the 10.8 network\nto 10.8.0.0/16 lookup 100 priority 100\n' > "$CONFDIR/rule-eth0"

pings() { ping -c 1 -W 2 "$1" > /dev/null 2>&1 && echo yes || echo no; }

run ifup-bond -c "$CONFDIR" eth0
is "ifup eth0: exit 0" "$rc:$err" "0:"
is "10.9.0.0/24 via the router, ours (proto static)" "$(ip route show 10.9.0.0/24)" \
	"10.9.0.0/24 via 192.0.2.254 dev eth0 proto static "
is "10.8.0.0/16 in table 100" "$(ip route show table 100)" \
	"10.8.0.0/16 via 192.0.2.254 dev eth0 proto static metric 20 "
is "the blackhole" "$(ip route show 10.66.0.0/16)" "blackhole 10.66.0.0/16 proto static "
is "a host behind the router answers" "$(pings 10.9.0.1)" yes
is "rule-eth0's rule, ours" "$(ip rule show priority 100)" "100:	from all to 10.8.0.0/16 lookup 100 proto static"
is "... and a host reached through table 100" "$(pings 10.8.0.1)" yes
is "10.7.0.1 has no route" "$(pings 10.7.0.1)" no

monitor_start
run ifup-bond -c "$CONFDIR" eth0
monitor_stop
is "a second ifup eth0: the kernel sent nothing" "$rc:$(monitor_lines)" "0:0"
run ifup-bond -v -c "$CONFDIR" eth0
is "... no rule either" "$out" "ifup-bond: eth0: nothing to change"

# By hand, not ours: left alone.
ip route add 10.7.0.0/16 via 192.0.2.254
sed -i '/^10.9.0.0/d' "$CONFDIR/route-eth0"
monitor_start
run ifup-bond -a --reload -c "$CONFDIR"
monitor_stop
is "reload without the 10.9 line: exit 0" "$rc" 0
is "... exactly one change" "$(monitor_lines)" 1
is "... 10.9.0.0/24 is gone" "$(ip route show 10.9.0.0/24)" ""
is "... 10.8.0.0/16 stays" "$(ip route show table 100 | cut -d' ' -f1)" "10.8.0.0/16"
is "... the route added by hand stays" "$(ip route show 10.7.0.0/16 | cut -d' ' -f1-3)" "10.7.0.0/16 via 192.0.2.254"

# The assignment format; the rule file gone.
ip route del 10.7.0.0/16
rm "$CONFDIR/rule-eth0"
cat > "$CONFDIR/route-eth0" <<'R'
ADDRESS0=10.9.0.0
NETMASK0=255.255.255.0
GATEWAY0=192.0.2.254
ADDRESS1=10.7.0.0
NETMASK1=255.255.0.0
GATEWAY1=192.0.2.254
METRIC1=5
R
run ifup-bond -a --reload -c "$CONFDIR"
is "reload with the ADDRESSn format: exit 0" "$rc:$err" "0:"
is "... its routes" "$(ip route show proto static | sort)" \
"10.7.0.0/16 via 192.0.2.254 dev eth0 metric 5 
10.9.0.0/24 via 192.0.2.254 dev eth0 "
is "... table 100 and the blackhole, in no file, are gone" "$(ip route show table 100):$(ip route show 10.66.0.0/16)" ":"
is "... 10.7.0.1 answers" "$(pings 10.7.0.1)" yes
is "... the rule of no file any longer is gone" "$(ip rule show priority 100)" ""

# A bad line costs that line: said at it, exit 1; the route it made stays (the bad
# line may still mean it), nothing else changes.
state() { ip -o link show; addr_state; ip route show table all; }
before=$(state)
echo 'OPTIONS1="realm 4"' >> "$CONFDIR/route-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "a word ifcfg-bond does not read: exit 1 at its route's line" "$rc:$err" \
	"1:ifup-bond: route-eth0:4: 'realm' is not a route word ifcfg-bond reads (to, from, via, dev, src, metric, table, proto, scope, mtu, onlink, tos, and unicast, blackhole, unreachable, prohibit, throw); the line is not applied"
is "... nothing changed" "$(state)" "$before"
sed -i '$d' "$CONFDIR/route-eth0"

printf 'from 192.0.2.1 lookup main priority 200\n' > "$CONFDIR/rule-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "a rule file again: its rule" "$rc:$(ip rule show priority 200)" "0:200:	from 192.0.2.1 lookup main proto static"
run ifdown-bond -c "$CONFDIR" eth0
is "ifdown eth0: its routes go with it" "$rc:$(ip route show proto static)" "0:"
is "... and ifdown deletes its rules" "$(ip rule show priority 200)" ""
done_testing
