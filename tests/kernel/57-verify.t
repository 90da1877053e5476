#!/bin/sh
# After a run the kernel's state is read once more and compared, by the planner's
# own comparison, with what the run meant to set.  A local hook that undoes a step:
# the run says so, with the attribute, the kernel's value and the file's line, and
# exits 2.  MACADDR on an active-backup bond with fail_over_mac=active, whose MAC the
# kernel sets to the active slave's as the slave becomes active
# (bond_do_fail_over_mac), is known to the planner: a warning, not a step.  A clean
# run, and a second run, verify in silence.
. tests/kernel/lib.sh

ipv6_on
mk_dummy eth0
mk_dummy eth1
printf 'DEVICE=bond0\nBONDING_OPTS="mode=active-backup miimon=100"\nMACADDR=02:00:00:00:00:99\nIPADDR=192.0.2.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-bond0"
slave_files eth0 eth1
dmesg_mark

run ifup-bond -c "$CONFDIR" bond0
is "MACADDR, fail_over_mac none: exit 0, nothing said" "$rc:$err" "0:"
is "... the bond has it" "$(cat /sys/class/net/bond0/address)" 02:00:00:00:00:99
run ifdown-bond -c "$CONFDIR" bond0
is "ifdown bond0: exit 0, nothing said" "$rc:$err" "0:"

# With fail_over_mac=active the kernel gives the bond its active slave's MAC at
# every failover: the planner knows it, MACADDR is a warning at its line and not
# sent, and a second run has nothing to do (it used to set it at every run).
sed -i 's/miimon=100/miimon=100 fail_over_mac=active/' "$CONFDIR/ifcfg-bond0"
run_valgrind ifup-bond -c "$CONFDIR" bond0
mac0=$(cat /sys/class/net/eth0/address)
is "MACADDR with fail_over_mac=active: exit 0, said at its line" "$rc:$err" \
	"0:ifup-bond: ifcfg-bond0:3: warning: MACADDR: not applied: with fail_over_mac=active the bond takes its active slave's MAC, and the kernel sets it again at each failover"
is "... the bond has its active slave's MAC" "$(cat /sys/class/net/bond0/address)" "$mac0"
is "... everything else applied" "$(is_up bond0):$(sysval bond0 slaves):$(ip -4 -o addr show dev bond0 | wc -l)" "yes:eth0 eth1:1"
run ifup-bond -n -c "$CONFDIR" bond0
is "... a second run has nothing to do" "$rc:$out" "0:"
run ifdown-bond -c "$CONFDIR" bond0

# A local hook that undoes a step: the run's result is what is verified.
mk_dummy eth2
printf 'DEVICE=eth2\nIPADDR=192.0.2.9\nPREFIX=24\nNOZEROCONF=yes\nARPCHECK=no\n' > "$CONFDIR/ifcfg-eth2"
mkdir -p /tmp/hooks
printf '#!/bin/sh\nip addr flush dev "$1"\n' > /tmp/hooks/ifup-local
chmod 755 /tmp/hooks/ifup-local
IFCFG_BOND_HOOKS=/tmp/hooks run ifup-bond -c "$CONFDIR" eth2
is "a hook that flushes the address: exit 2, said" "$rc:$err" \
	"2:ifup-bond: ifcfg-eth2:2: after the run, on eth2, address 192.0.2.9/24: absent; ip addr add 192.0.2.9/24 brd 192.0.2.255 dev eth2 would still be needed"
run ifup-bond -c "$CONFDIR" eth2
is "... without the hook: exit 0, nothing said" "$rc:$err" "0:"
run ifup-bond -v -c "$CONFDIR" eth2
is "... a second run: nothing to change, nothing said" "$rc:$out:$err" "0:ifup-bond: eth2: nothing to change:"

no_bond_warnings
done_testing
