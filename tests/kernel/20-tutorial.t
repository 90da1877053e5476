#!/bin/sh
# The tutorial's three files, verbatim: bond0 in active-backup over eth0 and eth1,
# its address and default route; then a slave down and up again, then the bond down.
. tests/kernel/lib.sh

cp examples/tutorial/ifcfg-bond0 examples/tutorial/ifcfg-eth0 examples/tutorial/ifcfg-eth1 "$CONFDIR/"
ipv6_on
mk_dummy eth0
mk_dummy eth1
dmesg_mark

plan=$(ifup-bond -n -c "$CONFDIR" bond0)
echo "$plan" | sed 's/^/# plan: /'
case $plan in
*"ip link add bond0 type bond mode active-backup"*"# ifcfg-bond0:10"*"ip link set dev eth0 master bond0"*"# ifcfg-eth0:5"*) pass "-n prints the plan with the config lines it comes from" ;;
*) fail "-n prints the plan with the config lines it comes from" ;;
esac
is "-n created nothing" "$(exists bond0)" no
is "-n loaded no module" "$(exists /sys/module/bonding)" no

spawns ifup-bond -c "$CONFDIR" bond0
is "ifup-bond bond0 exits 0" "$rc" 0
# (the guest's modprobe is a wrapper script that runs the real one)
is "ifup-bond starts modprobe when the module is missing, nothing else" "$spawned" "modprobe modprobe"
is "mode" "$(sysval bond0 mode)" "active-backup 1"
is "slaves, in natural order" "$(sysval bond0 slaves)" "eth0 eth1"
is "active slave" "$(proc_field bond0 'Currently Active Slave')" eth0
is "bond0 is up" "$(is_up bond0)" yes
check "address 192.168.122.207/24 on bond0" sh -c 'ip -4 -o addr show dev bond0 | grep -q "inet 192.168.122.207/24"'
check "default route via 192.168.122.1 on bond0" sh -c 'ip route show default | grep -q "default via 192.168.122.1 dev bond0"'
is "no stray bond (module loaded with max_bonds=0)" "$(cat /sys/class/net/bonding_masters)" bond0

# Twice: the second run sends the kernel nothing.
before=$(link_counters bond0 eth0 eth1)
monitor_start
run ifup-bond -v -c "$CONFDIR" bond0
monitor_stop
is "second ifup-bond bond0 exits 0" "$rc" 0
is "second run: nothing to change" "$out" "ifup-bond: bond0: nothing to change"
is "ip monitor saw no change" "$(monitor_lines)" 0
is "flags and carrier counters unchanged" "$(link_counters bond0 eth0 eth1)" "$before"

run ifdown-bond -c "$CONFDIR" eth0
is "ifdown-bond eth0 exits 0" "$rc" 0
is "active slave moved to eth1" "$(proc_field bond0 'Currently Active Slave')" eth1
is "eth0 released" "$(exists /sys/class/net/eth0/master)" no
is "eth1 still enslaved" "$(sysval bond0 slaves)" eth1

run ifup-bond -c "$CONFDIR" eth0
is "ifup-bond eth0 exits 0" "$rc" 0
is "active slave stays eth1" "$(proc_field bond0 'Currently Active Slave')" eth1
is "eth0 enslaved again" "$(sysval bond0 slaves)" "eth1 eth0"

run ifdown-bond -c "$CONFDIR" bond0
is "ifdown-bond bond0 exits 0" "$rc" 0
is "bond0 deleted" "$(exists bond0)" no
is "eth0 released" "$(exists /sys/class/net/eth0/master)" no
is "eth1 released" "$(exists /sys/class/net/eth1/master)" no
check "default route gone" sh -c '! ip route show default | grep -q 192.168.122.1'

# A slave first: its bond comes up with it, and only it.
spawns ifup-bond -c "$CONFDIR" eth1
is "ifup-bond eth1 (no bond yet) exits 0" "$rc" 0
is "ifup-bond starts no program when the module is loaded" "$spawned" ""
is "bond0 created and up" "$(is_up bond0)" yes
is "only eth1 enslaved" "$(sysval bond0 slaves)" eth1
check "bond0 has its address" sh -c 'ip -4 -o addr show dev bond0 | grep -q "inet 192.168.122.207/24"'
run ifdown-bond -c "$CONFDIR" bond0
is "ifdown-bond bond0 again exits 0" "$rc" 0

# ifdown of the slave whose MAC the bond keeps: the kernel's note (lib.sh).
no_bond_warnings "$MAC_KEPT"
done_testing
