#!/bin/sh
# The usual KVM host: bond0 (802.3ad over two veths to a switch in a peer
# namespace), bond0.100 on it as a port of br0 (the host's address on VLAN 100),
# br1 straight on bond0 (the untagged network), and a VM stand-in behind br0 that
# pings a host across the VLAN.  network start, a second start and a reload without
# edits (ip monitor silent), stop and restart.
. tests/kernel/lib.sh

export IFCFG_DIR="$CONFDIR"
PATH="$TOP/network-scripts:$PATH"
ipv6_on

# The switch: an 802.3ad LAG to the host, VLAN 100 with a host on it, and the
# untagged network.
ip netns add sw
ip -n sw link add sw0 type bond mode 802.3ad miimon 100 lacp_rate fast
for i in 0 1; do
	ip link add veth${i}a type veth peer name veth${i}b netns sw
	ip -n sw link set veth${i}b master sw0
done
ip -n sw link add link sw0 name sw0.100 type vlan id 100
ip -n sw addr add 10.0.0.2/24 dev sw0
ip -n sw addr add 10.100.0.2/24 dev sw0.100
ip -n sw link set sw0 up
ip -n sw link set sw0.100 up
# The VM: its tap (vnet0) stays here for br0, its eth0 in namespace "vm".
ip netns add vm
ip link add vnet0 type veth peer name eth0 netns vm
ip -n vm addr add 10.100.0.50/24 dev eth0
ip -n vm link set eth0 up

cat > "$CONFDIR/ifcfg-bond0" <<'EOF'
DEVICE=bond0
TYPE=Bond
ONBOOT=yes
NM_CONTROLLED=no
BONDING_OPTS="mode=802.3ad miimon=100 lacp_rate=fast"
BRIDGE=br1
EOF
slave_files veth0a veth1a
cat > "$CONFDIR/ifcfg-bond0.100" <<'EOF'
DEVICE=bond0.100
VLAN=yes
ONBOOT=yes
NM_CONTROLLED=no
BRIDGE=br0
EOF
cat > "$CONFDIR/ifcfg-br0" <<'EOF'
DEVICE=br0
TYPE=Bridge
ONBOOT=yes
NM_CONTROLLED=no
STP=off
DELAY=0
IPADDR=10.100.0.1
PREFIX=24
EOF
cat > "$CONFDIR/ifcfg-br1" <<'EOF'
DEVICE=br1
TYPE=Bridge
ONBOOT=yes
NM_CONTROLLED=no
DELAY=0
IPADDR=10.0.0.1
PREFIX=24
EOF
printf 'DEVICE=vnet0\nONBOOT=yes\nNM_CONTROLLED=no\nBRIDGE=br0\n' > "$CONFDIR/ifcfg-vnet0"
dmesg_mark

run bondctl check -c "$CONFDIR"
is "bondctl check: clean" "$rc$out$err" 0
run bondctl list -c "$CONFDIR"
is "graph order" "$(printf '%s\n' "$out" | while read -r n r rest; do printf '%s:%s ' "$n" "$r"; done)" \
	"br0:bridge vnet0:plain br1:bridge bond0:bond bond0.100:vlan veth0a:slave veth1a:slave "

count_procs network start
is "network start: exit 0" "$rc" 0
check "network start: at most 3 processes with the script ($((procs + 1)))" test "$procs" -le 2
for d in br0 br1 bond0 vnet0 bond0.100; do
	check "console line for $d" sh -c 'printf "%s\n" "$1" | grep -q "^Bringing up interface $2: *\[  OK  \]$"' sh "$out" "$d"
done
is "bond0 mode" "$(sysval bond0 mode)" "802.3ad 4"
is "bond0 slaves" "$(sysval bond0 slaves)" "veth0a veth1a"
is "bond0 in br1" "$(basename "$(readlink /sys/class/net/bond0/master)")" br1
is "bond0.100 in br0" "$(basename "$(readlink /sys/class/net/bond0.100/master)")" br0
is "vnet0 in br0" "$(basename "$(readlink /sys/class/net/vnet0/master)")" br0
is "bond0 carries no address" "$(ip -4 -o addr show dev bond0 | wc -l)" 0
check_within "LACP: both slaves in the active aggregator with the switch" 10 \
	grep -q "Number of ports: 2" /proc/net/bonding/bond0
check_within "the VM reaches the host across VLAN 100" 10 ip netns exec vm ping -c 1 -W 1 10.100.0.2
check "the host reaches it on br0" ping -c 1 -W 2 10.100.0.2
check "and the untagged network on br1" ping -c 1 -W 2 10.0.0.2

# A second start and a reload without edits send the kernel nothing.
monitor_start
run network start
monitor_stop
is "second network start: exit 0" "$rc" 0
is "second network start: ip monitor saw no change" "$(monitor_lines)" 0
monitor_start
run network reload
monitor_stop
is "network reload (no edits): exit 0" "$rc" 0
is "network reload (no edits): ip monitor saw no change" "$(monitor_lines)" 0
run ifup-bond -a -v -c "$CONFDIR"
is "ifup-bond -a -v: nothing to change anywhere" "$(printf '%s\n' "$out" | grep -c ': nothing to change$')" 6

run_valgrind ifdown-bond -a -c "$CONFDIR"
is "network stop (ifdown-bond -a under valgrind): exit 0" "$rc" 0
case $out in
*"Shutting down interface bond0.100:"*"Shutting down interface bond0:"*"Shutting down interface br0:"*) pass "stop: uppers first, bridges last" ;;
*) fail "stop: uppers first, bridges last"; printf '%s\n' "$out" | sed 's/^/#   /' ;;
esac
for d in bond0 bond0.100 br0 br1; do
	is "stop: $d gone" "$(exists $d)" no
done
is "stop: lo down" "$(is_up lo)" no

run_valgrind ifup-bond -a -c "$CONFDIR"
is "start again (ifup-bond -a under valgrind): exit 0" "$rc" 0
check_within "the VM reaches the host across VLAN 100 again" 10 ip netns exec vm ping -c 1 -W 1 10.100.0.2

# The partner's LACPDUs may come a moment after the bond is up: the driver's
# notice of it is the environment's, not an order of steps.
no_bond_warnings "No 802.3ad response from the link partner"
done_testing
