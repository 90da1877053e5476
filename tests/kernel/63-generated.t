#!/bin/sh
# Files as generators write them.  os-net-config's ETHTOOL_OPTS="-K ${DEVICE} ...":
# expanded as the legacy scripts expanded it by sourcing the file.  A cloud-init
# bond with empty parameters (TYPE=Bond, BONDING_MASTER=yes, BONDING_SLAVEn, and
# the members' files also marked TYPE=Bond beside MASTER=bond0): the bond comes up
# with its ports, each mark said at its line.  A bad line of a rule or route file
# costs that line: the rest of the device comes up, exit 1, and no route or rule
# the bad line may have meant is deleted.
. tests/kernel/lib.sh

export IFCFG_DIR="$CONFDIR"
PATH="$TOP/network-scripts:$PATH"
ip netns add peer
ip link add eth0 type veth peer name p0 netns peer
ip link add eth1 type veth peer name p1 netns peer
feature() { ethtool -k "$1" | sed -n "s/^$2: \([a-z]*\).*/\1/p"; }

cat > "$CONFDIR/ifcfg-bond0" <<'F'
# Created by cloud-init on instance boot automatically, do not edit.
#
BONDING_MASTER=yes
BONDING_SLAVE0=eth0
BONDING_SLAVE1=eth1
BONDING_SLAVE2=eth7
BOOTPROTO=none
DEVICE=bond0
IPADDR=192.0.2.1
NETMASK=255.255.255.0
NM_CONTROLLED=no
ONBOOT=yes
TYPE=Bond
USERCTL=no
NOZEROCONF=yes
ARPCHECK=no
F
for i in 0 1; do
	cat > "$CONFDIR/ifcfg-eth$i" <<F
# Created by cloud-init on instance boot automatically, do not edit.
#
BONDING_MASTER=yes
BOOTPROTO=none
DEVICE=eth$i
MASTER=bond0
NM_CONTROLLED=no
ONBOOT=yes
SLAVE=yes
TYPE=Bond
USERCTL=no
ETHTOOL_OPTS="-K \${DEVICE} gro on"
F
done

is "before: gro off on both" "$(feature eth0 generic-receive-offload):$(feature eth1 generic-receive-offload)" "off:off"
run network start
is "network start: exit 0" "$rc" 0
is "... bond0 up with both ports and its address" \
	"$(is_up bond0):$(sysval bond0 slaves):$(ip -4 -o addr show dev bond0 | sed 's/.* inet \([^ ]*\) .*/\1/')" \
	"yes:eth0 eth1:192.0.2.1/24"
is "... the kernel's default bond (balance-rr)" "$(sysval bond0 mode)" "balance-rr 0"
is "... \${DEVICE} expanded: gro on on each" \
	"$(feature eth0 generic-receive-offload):$(feature eth1 generic-receive-offload)" "on:on"
for w in "ifcfg-eth0:3: warning: BONDING_MASTER: not read: with MASTER=bond0 the file is a port of bond0" \
	"ifcfg-eth0:10: warning: TYPE: not read: with MASTER=bond0 the file is a port of bond0" \
	"ifcfg-bond0:6: warning: BONDING_SLAVE2: eth7 is not a port of bond0: no file of it says MASTER=bond0" \
	"ifcfg-bond0:13: warning: no BONDING_OPTS: bond0 is the kernel's default bond"; do
	case $err in
	*"$w"*) pass "... said: ${w%%: warning*}" ;;
	*) fail "... said: $w" ;;
	esac
done
case $err in
*"BONDING_SLAVE0"*|*"BONDING_SLAVE1"*|*"unknown key"*) fail "... BONDING_SLAVE0/1 of its ports: nothing said" ;;
*) pass "... BONDING_SLAVE0/1 of its ports: nothing said" ;;
esac
run ifup-bond -a -n -c "$CONFDIR"
is "a second start has nothing to do" "$rc:$out" "0:"

# A rule file with a line ip rule refuses too (os-net-config writes such lines),
# and a good one: the good one, the address and the link come up.
mk_dummy eth2
printf 'DEVICE=eth2\nIPADDR=198.51.100.1\nPREFIX=24\nNOZEROCONF=yes\nARPCHECK=no\n' > "$CONFDIR/ifcfg-eth2"
printf 'add blackhole from 10.66.0.0/16\nfrom 198.51.100.0/24 table 200 priority 300\n' > "$CONFDIR/rule-eth2"
printf '10.1.0.0/24 via 198.51.100.254\n10.2.0.0/24 via 198.51.100.254\n' > "$CONFDIR/route-eth2"
run ifup-bond -c "$CONFDIR" eth2
is "a bad rule line: exit 1" "$rc" 1
case $err in
"ifup-bond: rule-eth2:1: "*"; the line is not applied") pass "... said at its line, not applied" ;;
*) fail "... said at its line, not applied" ;;
esac
is "... the rest up: link, address, the other rule, the routes" \
	"$(is_up eth2):$(ip -4 -o addr show dev eth2 | sed 's/.* inet \([^ ]*\) .*/\1/'):$(ip rule show priority 300):$(ip route show proto static | wc -l)" \
	"yes:198.51.100.1/24:300:	from 198.51.100.0/24 lookup 200 proto static:2"
run bondctl check -c "$CONFDIR"
is "bondctl check: an error at the line, exit 1" "$rc:$(printf '%s\n' "$out" | grep -c '^rule-eth2:1: error: ')" "1:1"
run bondctl status -c "$CONFDIR" eth2
is "bondctl status: a broken file is critical" "$rc" 2

# A route line broken by an edit: that line is not applied, and the route it had
# made stays (the bad line may still mean it); the other one is as it was.
printf '10.1.0.0/24 via 198.51.100.254\n10.2.0.0/24 vai 198.51.100.254\n' > "$CONFDIR/route-eth2"
run ifup-bond -c "$CONFDIR" eth2
is "a route line broken: exit 1, said at its line" "$rc:$(printf '%s\n' "$err" | grep -c '^ifup-bond: route-eth2:2: .*; the line is not applied$')" "1:1"
is "... both routes still there" "$(ip route show proto static | sed 's/ via.*//' | tr '\n' ' ')" "10.1.0.0/24 10.2.0.0/24 "
printf '10.1.0.0/24 via 198.51.100.254\n' > "$CONFDIR/route-eth2"
# os-net-config's rule lines: a numeric table, no priority (the kernel picks one).
printf 'from 203.0.113.0/24 table 201\n' > "$CONFDIR/rule-eth2"
run ifup-bond -c "$CONFDIR" eth2
is "the line gone from a good file: its route goes, exit 0" "$rc:$(ip route show proto static | sed 's/ via.*//' | tr '\n' ' ')" "0:10.1.0.0/24 "
is "... the rule with a numeric table and no priority is in the kernel" "$(ip rule show table 201 | sed 's/^[0-9]*:\t//')" \
	"from 203.0.113.0/24 lookup 201 proto static"
run ifup-bond -n -c "$CONFDIR" eth2
is "... a second run has nothing to do" "$rc:$out" "0:"

# A multicast MACADDR on a bridge costs that line: the bridge and its port come up
# with the kernel's MAC, exit 1.
mk_dummy eth5
printf 'DEVICE=br5\nTYPE=Bridge\nMACADDR=01:00:5e:00:00:01\nIPADDR=203.0.113.1\nPREFIX=24\nNOZEROCONF=yes\nARPCHECK=no\nSTP=no\n' > "$CONFDIR/ifcfg-br5"
printf 'DEVICE=eth5\nBRIDGE=br5\n' > "$CONFDIR/ifcfg-eth5"
run ifup-bond -c "$CONFDIR" br5
is "a multicast MACADDR: exit 1, said at its line" "$rc:$(printf '%s\n' "$err" | grep -c "^ifup-bond: ifcfg-br5:3: MACADDR: '01:00:5e:00:00:01' is not a unicast MAC address")" "1:1"
run ifup-bond -c "$CONFDIR" eth5
is "... ifup eth5 (its port): exit 1 too, br5's error said" "$rc:$(printf '%s\n' "$err" | grep -c "ifcfg-br5:3: MACADDR")" "1:1"
is "... br5 up with its address and its port" \
	"$(is_up br5):$(ip -4 -o addr show dev br5 | sed 's/.* inet \([^ ]*\) .*/\1/'):$(cat /sys/class/net/eth5/master/uevent 2>/dev/null | sed -n 's/^INTERFACE=//p')" \
	"yes:203.0.113.1/24:br5"
done_testing
