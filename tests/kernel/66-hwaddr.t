#!/bin/sh
# HWADDR, the legacy interlock: after a NIC swap the device of a slave's name is
# another NIC, which must not join the bond; the bond comes up with its other slaves,
# and ifup or ifdown of the wrong NIC changes nothing.  A file without DEVICE is for
# the NIC with its HWADDR, whatever its name.  Enslaved slaves wear the bond's MAC:
# a second run still knows them by their own (the one the bond saved) and sends
# nothing.
. tests/kernel/lib.sh

ipv6_on
ip link add eth0 address 52:54:00:00:00:10 type dummy
ip link add eth1 address 52:54:00:00:00:11 type dummy
ip link add nic7 address 52:54:00:00:00:17 type dummy
printf 'DEVICE=bond0\nBONDING_OPTS="mode=1 miimon=100"\nIPADDR=192.0.2.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-bond0"
printf 'DEVICE=eth0\nHWADDR=52:54:00:00:00:10\nMASTER=bond0\nSLAVE=yes\n' > "$CONFDIR/ifcfg-eth0"
# eth1's file was written for the NIC that was swapped out.
printf 'DEVICE=eth1\nHWADDR=52:54:00:00:00:99\nMASTER=bond0\nSLAVE=yes\n' > "$CONFDIR/ifcfg-eth1"
# No DEVICE: the NIC is found by its address (the kernel named it nic7).
printf 'HWADDR=52:54:00:00:00:17\nMASTER=bond0\nSLAVE=yes\n' > "$CONFDIR/ifcfg-slot2"

state() {
	ip -o link show | sed 's/^[0-9]*: //'
	addr_state
}

dmesg_mark
run ifup-bond -c "$CONFDIR" bond0
is "ifup bond0: exit 0" "$rc" 0
is "bond0 has eth0 and nic7 (slot2's NIC), not eth1" "$(cat /sys/class/net/bond0/bonding/slaves)" "eth0 nic7"
is "the wrong NIC is named, with both addresses" "$err" \
	"ifup-bond: ifcfg-eth1:2: warning: HWADDR: eth1 is the NIC 52:54:00:00:00:11, not 52:54:00:00:00:99: another NIC than the one this file configures; not enslaved"
is "eth1 stays down" "$(is_up eth1)" no
check "bond0 has its address" sh -c 'ip -4 -o addr show dev bond0 | grep -q "inet 192.0.2.1/24"'
is "nic7 wears the bond's MAC" "$(cat /sys/class/net/nic7/address)" "$(cat /sys/class/net/bond0/address)"

run ifup-bond -v -c "$CONFDIR" bond0
is "a second ifup bond0: nothing to change" "$out" "ifup-bond: bond0: nothing to change"

before=$(state)
run ifup-bond -c "$CONFDIR" eth1
is "ifup eth1 (another NIC): exit 1" "$rc" 1
is "... FILE:LINE, both addresses" "$err" \
	"ifup-bond: ifcfg-eth1:2: HWADDR: eth1 is the NIC 52:54:00:00:00:11, not 52:54:00:00:00:99: another NIC than the one this file configures; not brought up"
is "... links and addresses as before" "$(state)" "$before"

ip link set eth1 up
before=$(state)
run ifdown-bond -c "$CONFDIR" eth1
is "ifdown eth1 (another NIC): exit 1" "$rc" 1
is "... not taken down" "$(is_up eth1)" yes
is "... links and addresses as before" "$(state)" "$before"

# The swapped NIC's file, corrected, takes it in.
sed -i 's/00:99/00:11/' "$CONFDIR/ifcfg-eth1"
run ifup-bond -c "$CONFDIR" eth1
is "ifup eth1 with its HWADDR corrected: exit 0" "$rc:$err" "0:"
is "eth1 joined bond0" "$(cat /sys/class/net/bond0/bonding/slaves)" "eth0 nic7 eth1"

run bondctl check -c "$CONFDIR"
is "bondctl check: clean" "$rc:$out" "0:"
no_bond_warnings
done_testing
