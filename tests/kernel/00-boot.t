#!/bin/sh
# The test bed itself: a real bonding driver, modules on demand, valgrind usable.
. tests/kernel/lib.sh

is "bonding not loaded at start" "$(exists /sys/module/bonding)" no
check "modprobe bonding max_bonds=0" modprobe bonding max_bonds=0
is "no bond0 created" "$(exists bond0)" no
check "a bond over netlink" ip link add bond7 type bond mode active-backup
is "active-backup per /proc" "$(proc_field bond7 'Bonding Mode')" "fault-tolerance (active-backup)"
mk_dummy d0
mk_dummy d1
check "enslave d0" ip link set d0 master bond7
check "enslave d1" ip link set d1 master bond7
is "slaves" "$(sysval bond7 slaves)" "d0 d1"
is "ifcfg directory private and empty" "$(ls -A "$CONFDIR" /etc/sysconfig/network-scripts | grep -c ifcfg-)" 0
check "valgrind works in the guest" valgrind -q --error-exitcode=99 /bin/true
check "ifup-bond built" test -x "$TOP/ifup-bond"
no_bond_warnings
done_testing
