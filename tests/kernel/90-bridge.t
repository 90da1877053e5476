#!/bin/sh
# Bridges: created with their options, ports attached with theirs (a NIC and a bond),
# traffic to a VM stand-in behind the bridge, idempotence, options changed live, a
# bond in a bridge through a mode change, a port moved between bridges, ifdown of a
# port and of the bridge, and a slave that claims a bridge refused.
. tests/kernel/lib.sh

ipv6_on
mk_dummy eth0
mk_dummy eth1
# The VM stand-in: tapvm here, its peer with 10.0.0.2 in namespace "vm".
ip netns add vm
ip link add tapvm type veth peer name eth0 netns vm
ip -n vm addr add 10.0.0.2/24 dev eth0
ip -n vm link set eth0 up
cat > "$CONFDIR/ifcfg-br0" <<'EOF'
DEVICE=br0
TYPE=Bridge
ONBOOT=yes
STP=off
DELAY=0
BRIDGING_OPTS="ageing_time=1000 multicast_snooping=0"
BOOTPROTO=none
IPADDR=10.0.0.1
PREFIX=24
EOF
printf 'DEVICE=tapvm\nONBOOT=yes\nBRIDGE=br0\nBRIDGING_OPTS="priority=5 path_cost=10 hairpin_mode=1"\n' > "$CONFDIR/ifcfg-tapvm"
printf 'DEVICE=bond0\nONBOOT=yes\nBONDING_OPTS="mode=1 miimon=100"\nBRIDGE=br0\n' > "$CONFDIR/ifcfg-bond0"
slave_files eth0 eth1
dmesg_mark

run_valgrind ifup-bond -c "$CONFDIR" br0
is "ifup-bond br0 (under valgrind) exits 0" "$rc" 0
is "br0 is a bridge" "$(exists /sys/class/net/br0/bridge)" yes
is "stp_state" "$(sysval br0 bridge/stp_state)" 0
is "forward_delay (DELAY=0)" "$(sysval br0 bridge/forward_delay)" 0
is "ageing_time" "$(sysval br0 bridge/ageing_time)" 1000
is "multicast_snooping" "$(sysval br0 bridge/multicast_snooping)" 0
check "br0 has its address" sh -c 'ip -4 -o addr show dev br0 | grep -q "inet 10.0.0.1/24"'
is "tapvm is a port of br0" "$(basename "$(readlink /sys/class/net/tapvm/master)")" br0
is "tapvm port priority" "$(sysval tapvm brport/priority)" 5
is "tapvm path_cost" "$(sysval tapvm brport/path_cost)" 10
is "tapvm hairpin_mode" "$(sysval tapvm brport/hairpin_mode)" 1
is "tapvm up" "$(is_up tapvm)" yes
check "the VM stand-in answers across br0" ping -c 1 -W 2 10.0.0.2

run ifup-bond -c "$CONFDIR" bond0
is "ifup-bond bond0 (a bridge port) exits 0" "$rc" 0
is "bond0 is a port of br0" "$(basename "$(readlink /sys/class/net/bond0/master)")" br0
is "bond0 has both slaves" "$(sysval bond0 slaves)" "eth0 eth1"
is "bond0 carries no address" "$(ip -4 -o addr show dev bond0 | wc -l)" 0

for d in br0 bond0 tapvm; do
	run ifup-bond -v -c "$CONFDIR" $d
	is "second ifup-bond $d: nothing to change" "$out" "ifup-bond: $d: nothing to change"
done

# Options change live, one write each, on the same bridge.
read -r idx < /sys/class/net/br0/ifindex
sed -i 's/^STP=off/STP=on/; s/^DELAY=0/DELAY=4/' "$CONFDIR/ifcfg-br0"
run ifup-bond -v -c "$CONFDIR" br0
is "STP on, DELAY=4: exit 0" "$rc" 0
is "... two writes, the delay before STP" "$out" "ifup-bond: ip link set dev br0 type bridge forward_delay 400
ifup-bond: ip link set dev br0 type bridge stp_state 1"
is "stp_state now" "$(sysval br0 bridge/stp_state)" 1
is "forward_delay now" "$(sysval br0 bridge/forward_delay)" 400
read -r idx2 < /sys/class/net/br0/ifindex
is "same bridge (ifindex unchanged)" "$idx2" "$idx"
# Back: with STP on the kernel refuses a delay under 2 s, so STP goes off first.
sed -i 's/^STP=on/STP=off/; s/^DELAY=4/DELAY=0/' "$CONFDIR/ifcfg-br0"
run ifup-bond -c "$CONFDIR" br0
is "STP off, DELAY=0: exit 0" "$rc" 0
is "forward_delay back to 0" "$(sysval br0 bridge/forward_delay)" 0
sed -i 's/hairpin_mode=1/hairpin_mode=0/' "$CONFDIR/ifcfg-tapvm"
run ifup-bond -v -c "$CONFDIR" tapvm
is "a port option: one write" "$out" "ifup-bond: ip link set dev tapvm type bridge_slave hairpin off"
is "tapvm hairpin_mode now" "$(sysval tapvm brport/hairpin_mode)" 0

# A bond in a bridge keeps its slaves and its place through a mode change.
sed -i 's/mode=1/mode=balance-xor/' "$CONFDIR/ifcfg-bond0"
run ifup-bond -c "$CONFDIR" bond0
is "bond0 mode change exits 0" "$rc" 0
is "bond0 mode" "$(sysval bond0 mode)" "balance-xor 2"
is "bond0 still has both slaves" "$(sysval bond0 slaves)" "eth0 eth1"
is "bond0 still a port of br0" "$(basename "$(readlink /sys/class/net/bond0/master)")" br0
is "bond0 up" "$(is_up bond0)" yes

# A port that moves to another bridge is moved (the new bridge comes with it).
printf 'DEVICE=br1\nTYPE=Bridge\nDELAY=0\n' > "$CONFDIR/ifcfg-br1"
sed -i 's/^BRIDGE=br0/BRIDGE=br1/' "$CONFDIR/ifcfg-tapvm"
run ifup-bond -c "$CONFDIR" tapvm
is "ifup-bond tapvm (now BRIDGE=br1) exits 0" "$rc" 0
is "... with a warning that says so" "$err" "ifup-bond: ifcfg-tapvm:3: warning: tapvm moves to br1 from br0"
is "tapvm is a port of br1" "$(basename "$(readlink /sys/class/net/tapvm/master)")" br1
is "br1 up" "$(is_up br1)" yes
sed -i 's/^BRIDGE=br1/BRIDGE=br0/' "$CONFDIR/ifcfg-tapvm"
run ifup-bond -c "$CONFDIR" tapvm
is "moved back" "$(basename "$(readlink /sys/class/net/tapvm/master)")" br0
check "the VM stand-in answers again" ping -c 1 -W 2 10.0.0.2

# ifdown of a port releases only it.
run ifdown-bond -c "$CONFDIR" tapvm
is "ifdown-bond tapvm exits 0" "$rc" 0
is "tapvm left br0" "$(exists /sys/class/net/tapvm/master)" no
is "tapvm down" "$(is_up tapvm)" no
is "br0 still there" "$(exists br0)" yes
run ifup-bond -c "$CONFDIR" tapvm

# ifdown of the bridge deletes it; its ports stay, as devices of their own.
run_valgrind ifdown-bond -c "$CONFDIR" br0
is "ifdown-bond br0 (under valgrind) exits 0" "$rc" 0
is "br0 gone" "$(exists br0)" no
is "bond0 stays, up" "$(is_up bond0)" yes
is "bond0 keeps its slaves" "$(sysval bond0 slaves)" "eth0 eth1"
is "tapvm stays, up" "$(is_up tapvm)" yes
# ... and ifup of the bridge takes its ports back.
run ifup-bond -c "$CONFDIR" br0
is "ifup-bond br0 again exits 0" "$rc" 0
is "bond0 back in br0" "$(basename "$(readlink /sys/class/net/bond0/master)")" br0
is "tapvm back in br0" "$(basename "$(readlink /sys/class/net/tapvm/master)")" br0
check "the VM stand-in answers" ping -c 1 -W 2 10.0.0.2

# A bond slave that also claims a bridge: refused at its line, nothing changed.
mk_dummy eth5
printf 'DEVICE=eth5\nMASTER=bond0\nSLAVE=yes\nBRIDGE=br0\n' > "$CONFDIR/ifcfg-eth5"
run ifup-bond -c "$CONFDIR" eth5
is "slave + bridge port: exit 1" "$rc" 1
is "... with FILE:LINE" "$err" "ifup-bond: ifcfg-eth5:4: BRIDGE=br0: eth5 is a slave of bond0 (MASTER at line 2); a bond slave cannot also be a bridge port (give BRIDGE=br0 to bond0 instead)"
is "... eth5 untouched" "$(exists /sys/class/net/eth5/master)" no
rm "$CONFDIR/ifcfg-eth5"

no_bond_warnings
done_testing
