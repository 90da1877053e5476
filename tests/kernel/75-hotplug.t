#!/bin/sh
# Hotplug: a NIC that appears after its bond is up joins it when the udev rule's
# command runs (the guest has no udevd: the test runs what the rule runs, taken from
# the rule file); a NIC without a file, or whose file is ONBOOT=no, is left alone;
# a second event changes nothing; HOTPLUG=no leaves it to ifup.  And a NIC renamed
# during a run (udev at boot) does not let another device, which took its name, be
# enslaved in its place.  Under systemd the rule wants a unit instead of running
# ifup-bond (udevadm test), and only the unit's run can probe a late NIC's address:
# udev's sandbox refuses the packet socket (af_restrict.so stands in for it).
. tests/kernel/lib.sh

ipv6_on
rule=network-scripts/60-ifcfg-bond.rules
cmd=$(sed -n 's/.*RUN+="\([^"]*\)".*/\1/p' "$rule")
is "the rule runs ifup-bond --hotplug" "$cmd" '/usr/sbin/ifup-bond --hotplug $name'
# What udev runs, with $name substituted and our directory (the guest's PATH has
# the tree's helpers).
hotplug() { run ifup-bond --hotplug -c "$CONFDIR" "$1"; }

mk_dummy eth0
printf 'DEVICE=bond0\nONBOOT=yes\nBONDING_OPTS="mode=1 miimon=100"\nIPADDR=192.0.2.10\nPREFIX=24\n' > "$CONFDIR/ifcfg-bond0"
slave_files eth0 eth1
printf 'DEVICE=eth2\nONBOOT=no\nMASTER=bond0\nSLAVE=yes\n' > "$CONFDIR/ifcfg-eth2"
dmesg_mark
run ifup-bond -c "$CONFDIR" bond0
is "ifup-bond bond0 with eth1 absent: exit 0" "$rc" 0
is "bond0 has eth0 only" "$(cat /sys/class/net/bond0/bonding/slaves)" "eth0"

mk_dummy eth1
hotplug eth1
is "hotplug eth1: exit 0" "$rc" 0
is "eth1 joined bond0" "$(cat /sys/class/net/bond0/bonding/slaves)" "eth0 eth1"
is "eth1 is up" "$(is_up eth1)" yes
check "bond0 kept its address" sh -c 'ip -4 -o addr show dev bond0 | grep -q "inet 192.0.2.10/24"'

run ifup-bond --hotplug -v -c "$CONFDIR" eth1
is "a second event for eth1: nothing to change" "$out" "ifup-bond: eth1: nothing to change"

mk_dummy eth2
hotplug eth2
is "hotplug eth2 (ONBOOT=no): exit 0" "$rc" 0
is "hotplug eth2: nothing said" "$out$err" ""
is "eth2 stays out of bond0" "$(cat /sys/class/net/bond0/bonding/slaves)" "eth0 eth1"
is "eth2 stays down" "$(is_up eth2)" no

# HOTPLUG=no: ONBOOT, but left to network start and ifup (the legacy ifup's rule).
printf 'DEVICE=eth3\nONBOOT=yes\nHOTPLUG=no\nMASTER=bond0\nSLAVE=yes\n' > "$CONFDIR/ifcfg-eth3"
mk_dummy eth3
hotplug eth3
is "hotplug eth3 (HOTPLUG=no): exit 0, nothing said" "$rc:$out$err" "0:"
is "eth3 stays out of bond0" "$(cat /sys/class/net/bond0/bonding/slaves)" "eth0 eth1"
run ifup-bond -c "$CONFDIR" eth3
is "ifup eth3 (HOTPLUG=no) still enslaves it" "$rc:$(cat /sys/class/net/bond0/bonding/slaves)" "0:eth0 eth1 eth3"

mk_dummy eth9
hotplug eth9
is "hotplug eth9 (no file): exit 0, nothing said" "$rc:$out$err" "0:"
is "eth9 stays down" "$(is_up eth9)" no

run ifup-bond --hotplug -a -c "$CONFDIR"
is "--hotplug with -a is a usage error" "$rc" 1

# The rename: strace holds ifup-bond for 3 s right after its first change (the
# 8th netlink message, after the seven dumps: bond1 created), when its plan is
# made; meanwhile r1 becomes old1 and a new r1, with an address of its own, appears.
mkdir -p /tmp/ren
printf 'DEVICE=bond1\nBONDING_OPTS="mode=1 miimon=100"\n' > /tmp/ren/ifcfg-bond1
for s in r0 r1; do
	printf 'DEVICE=%s\nMASTER=bond1\nSLAVE=yes\n' $s > /tmp/ren/ifcfg-$s
done
mk_dummy r0
mk_dummy r1
strace -f -o /dev/null -e trace=sendmsg -e inject=sendmsg:delay_exit=3000000:when=8 \
	ifup-bond -c /tmp/ren bond1 > /tmp/ren.out 2> /tmp/ren.err &
pid=$!
eventually "bond1 created (the run is held)" yes exists bond1
ip link set r1 name old1
mk_dummy r1
ip addr add 203.0.113.9/24 dev r1
wait $pid
rc=$?
sed 's/^/#   (stderr) /' /tmp/ren.err
is "the run stops: exit 2" "$rc" 2
check "... saying r1 is another device than the one read" grep -q "r1 is another device than the one read" /tmp/ren.err
is "the new r1 is not enslaved" "$(cat /sys/class/net/bond1/bonding/slaves)" "r0"
check "... and keeps its address" sh -c 'ip -4 -o addr show dev r1 | grep -q "inet 203.0.113.9/24"'

# Under systemd the rule asks for a unit, ifcfg-bond-hotplug@NAME.service, and runs
# nothing itself; without systemd it runs ifup-bond.  udevadm test processes the
# rule for a device, our rule alone (every device here is virtual, which the rule
# leaves out: a copy without that test stands for a NIC's).
mount -t tmpfs tmpfs /usr/lib/udev/rules.d
mkdir -p /etc/udev/rules.d
sed '/DEVPATH==/d' "$rule" > /etc/udev/rules.d/60-ifcfg-bond.rules
mk_dummy eth5
udev_says() { udevadm test --action=add /sys/class/net/eth5 2>&1 | sed -n "s/^run: '\(.*\)'$/run \1/p; s/^SYSTEMD_WANTS=/wants /p"; }
rm -rf /run/systemd/system
is "without systemd: the rule runs ifup-bond" "$(udev_says)" "run /usr/sbin/ifup-bond --hotplug eth5"
mkdir -p /run/systemd/system
is "under systemd: the rule wants the unit, runs nothing" "$(udev_says)" "wants ifcfg-bond-hotplug@eth5.service"
rm -rf /run/systemd/system
umount /usr/lib/udev/rules.d

# What each path can do, with udevd's sandbox stood in for (af_restrict.so: only
# AF_UNIX, AF_NETLINK, AF_INET and AF_INET6 sockets, as systemd-udevd.service's
# RestrictAddressFamilies): a late NIC with a static address and ARPCHECK on (the
# default), its link up towards a peer.  Run by udev, the probe cannot be made and
# the address is refused; run by the unit (its ExecStart, outside the sandbox), it
# is configured.
ip netns add peer
ip link add eth6 type veth peer name p6 netns peer
ip -n peer link set p6 up
printf 'DEVICE=eth6\nONBOOT=yes\nIPADDR=198.51.100.6\nPREFIX=24\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth6"
addr6() { ip -4 -o addr show dev eth6 | sed -n 's/.* inet \([0-9.]*\/[0-9]*\).*/\1/p'; }
runcmd=$(printf '%s' "$cmd" | sed 's/\$name/eth6/; s|^/usr/sbin/||')
run env LD_PRELOAD="$TOP/build/af_restrict.so" $runcmd -c "$CONFDIR"
is "udev's RUN in its sandbox: exit 2" "$rc" 2
case $err in
*"ARP: cannot open a packet socket"*"Address family not supported"*) pass "... the packet socket refused, said" ;;
*) fail "... the packet socket refused, said"; printf '%s\n' "$err" | sed 's/^/#   /' ;;
esac
is "... eth6 without its address" "$(addr6)" ""
unit=network-scripts/ifcfg-bond-hotplug@.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit" | sed 's/%i/eth6/g')
is "the unit runs ifup-bond --hotplug for its instance" "$exec_start" "/usr/sbin/ifup-bond --hotplug eth6"
run ${exec_start#/usr/sbin/} -c "$CONFDIR"
is "the unit's command, outside the sandbox: exit 0, quiet" "$rc:$err" "0:"
is "... eth6 has its address" "$(addr6)" "198.51.100.6/24"
ip netns del peer

no_bond_warnings
done_testing
