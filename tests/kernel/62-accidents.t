#!/bin/sh
# Admins' accidents that must not take a server off the network at its next start:
# ONBOOT=ye (a typo: started, as the legacy service started every device whose
# ONBOOT is not no), a backup copy of the bond's file (the file named for the device
# wins), a slave file saved on Windows (CR LF: read as NetworkManager reads it), a
# MASTER typo in a slave's file (the slave stays where it is), BONDING_OTPS (an
# error: the bond is left as it is), a NIC not present yet (a warning; hotplug
# brings it and what is stacked on it).
# Each is said at its line; a second start sends nothing.
. tests/kernel/lib.sh

export IFCFG_DIR="$CONFDIR"
PATH="$TOP/network-scripts:$PATH"
mk_dummy eth0
mk_dummy eth1
printf 'DEVICE=bond0\nONBOOT=ye\nBONDING_OPTS="mode=1 miimon=100"\nIPADDR=192.0.2.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-bond0"
cp "$CONFDIR/ifcfg-bond0" "$CONFDIR/ifcfg-bond0.backup"
cp "$CONFDIR/ifcfg-bond0" "$CONFDIR/ifcfg-bond0-old"
printf 'DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\nONBOOT=yes\n' > "$CONFDIR/ifcfg-eth0"
printf 'DEVICE=eth1\r\nMASTER=bond0\r\nSLAVE=yes\r\nONBOOT=yes\r\n' > "$CONFDIR/ifcfg-eth1"

run network start
is "network start: exit 0" "$rc" 0
case $out in
*"Bringing up interface bond0:"*"[  OK  ]"*) pass "... bond0's console line OK" ;;
*) fail "... bond0's console line OK" ;;
esac
is "... bond0 up with both slaves and its address" \
	"$(is_up bond0):$(sysval bond0 slaves):$(ip -4 -o addr show dev bond0 | sed 's/.* inet \([^ ]*\) .*/\1/')" \
	"yes:eth0 eth1:192.0.2.1/24"
for w in "ifcfg-bond0:2: warning: ONBOOT: 'ye' is not a boolean (yes/no): started at boot" \
	"ifcfg-bond0.backup:1: warning: not read: DEVICE=bond0 is configured by ifcfg-bond0" \
	"ifcfg-bond0-old:1: warning: not read: DEVICE=bond0 is configured by ifcfg-bond0" \
	"ifcfg-eth1:1: warning: 4 lines end in CR LF (a file saved on Windows)"; do
	case $err in
	*"$w"*) pass "... said: ${w%%: warning*}" ;;
	*) fail "... said: $w" ;;
	esac
done
run ifup-bond -a -n -c "$CONFDIR"
is "a second start has nothing to do" "$(printf '%s\n' "$out" | grep -c '^ip ')" 0

# A MASTER typo in a slave's file: reload leaves the slave where it is, says so at
# the line, and exits 1.
printf 'DEVICE=eth1\nMASTER=bond1\nSLAVE=yes\nONBOOT=yes\n' > "$CONFDIR/ifcfg-eth1"
run network reload
is "MASTER=bond1 (no such bond) in eth1's file: reload exits 1" "$rc" 1
is "... eth1 still in bond0" "$(sysval bond0 slaves)" "eth0 eth1"
case $err in
*"ifcfg-eth1:2: MASTER=bond1: no configuration for bond1"*"ifcfg-eth1:2: warning: eth1 stays in bond0"*|*"ifcfg-eth1:2: warning: eth1 stays in bond0"*"ifcfg-eth1:2: MASTER=bond1: no configuration for bond1"*)
	pass "... both said at the line" ;;
*) fail "... both said at the line" ;;
esac

# BONDING_OTPS (a typo of the key that sets the mode): without BONDING_OPTS the bond
# would become the kernel's balance-rr; an error at the line, the bond untouched.
sed -i 's/^BONDING_OPTS=/BONDING_OTPS=/' "$CONFDIR/ifcfg-bond0"
run network reload
is "BONDING_OTPS: reload exits 1, bond0 still active-backup" "$rc:$(sysval bond0 mode)" "1:active-backup 1"
case $err in
*"ifcfg-bond0:3: BONDING_OTPS: unknown key, and the file has no BONDING_OPTS: a typo?"*) pass "... said at its line" ;;
*) fail "... said at its line" ;;
esac
sed -i 's/^BONDING_OTPS=/BONDING_OPTS=/' "$CONFDIR/ifcfg-bond0"

run network stop
is "network stop: bond0 gone" "$rc:$(exists bond0)" "0:no"

# A NIC configured but not present yet (NICs appear late at boot): one rule, a
# warning; the start goes on and does not fail, the VLAN on it waits too, and both
# come up when it appears (hotplug).  ifup of it alone is an error.
rm -f "$CONFDIR"/ifcfg-bond0* "$CONFDIR/ifcfg-eth0" "$CONFDIR/ifcfg-eth1"
printf 'DEVICE=eth7\nONBOOT=yes\nIPADDR=192.0.2.7\nPREFIX=24\nNOZEROCONF=yes\nARPCHECK=no\n' > "$CONFDIR/ifcfg-eth7"
printf 'DEVICE=eth7.5\nVLAN=yes\nONBOOT=yes\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth7.5"
run network start
is "network start without eth7: exit 0" "$rc" 0
case $out in
*"Bringing up interface eth7:"*"[WARNING]"*"Bringing up interface eth7.5:"*"[WARNING]"*) pass "... eth7 and eth7.5: [WARNING]" ;;
*) fail "... eth7 and eth7.5: [WARNING]" ;;
esac
case $err in
*"eth7: warning: not present yet: configured when it appears"*"eth7.5: warning: not started yet: it needs eth7, which is not present yet"*)
	pass "... each said" ;;
*) fail "... each said" ;;
esac
run ifup-bond -c "$CONFDIR" eth7
is "ifup eth7 alone: exit 1, no such device" "$rc:$err" "1:ifup-bond: ifcfg-eth7: eth7: no such device"
ip link add eth7 type dummy
run ifup-bond --hotplug -c "$CONFDIR" eth7
is "eth7 appears (hotplug): exit 0, its address and its VLAN" \
	"$rc:$(ip -4 -o addr show dev eth7 | sed 's/.* inet \([^ ]*\) .*/\1/'):$(exists eth7.5)" "0:192.0.2.7/24:yes"
run network stop
done_testing
