#!/bin/sh
# Admins' accidents that must not take a server off the network at its next start:
# ONBOOT=ye (a typo: started, as the legacy service started every device whose
# ONBOOT is not no), a backup copy of the bond's file (the file named for the device
# wins), a slave file saved on Windows (CR LF: read as NetworkManager reads it), a
# MASTER typo in a slave's file (the slave stays where it is), BONDING_OTPS (an
# error: the bond is left as it is).
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
done_testing
