#!/bin/sh
# The graph in the commands: ifup of a VLAN brings up its configured bond first;
# a bond mode change that takes the bond down restores the VLAN's default route in
# the same run; ifdown of the bond takes the VLAN down first; a slave claimed by
# two bonds, a dangling BRIDGE= and a cycle are refused before anything changes.
. tests/kernel/lib.sh

ipv6_on
mk_dummy eth0
mk_dummy eth1
printf 'DEVICE=bond0\nONBOOT=yes\nBONDING_OPTS="mode=1 miimon=100"\nBOOTPROTO=none\n' > "$CONFDIR/ifcfg-bond0"
slave_files eth0 eth1
printf 'DEVICE=bond0.100\nONBOOT=yes\nVLAN=yes\nBOOTPROTO=none\nIPADDR=198.51.100.10\nPREFIX=24\nGATEWAY=198.51.100.1\n' > "$CONFDIR/ifcfg-bond0.100"
dmesg_mark

run ifup-bond -n -c "$CONFDIR" bond0.100
is "-n says the bond comes first" "$(printf '%s\n' "$out" | head -2 | tail -1 | sed 's/.*# //')" "ifcfg-bond0:3: first: the lower device of the device brought up"
run ifup-bond -c "$CONFDIR" bond0.100
is "ifup-bond bond0.100 with no bond0: exit 0" "$rc" 0
is "bond0 created with its slaves" "$(sysval bond0 slaves)" "eth0 eth1"
check "bond0.100 on bond0" sh -c 'ip -o link show bond0.100 | grep -q "bond0.100@bond0"'
check "the VLAN's default route" sh -c 'ip route show default | grep -q "via 198.51.100.1 dev bond0.100"'
run ifup-bond -v -c "$CONFDIR" bond0.100
is "second run: nothing to change" "$out" "ifup-bond: bond0.100: nothing to change"

# A mode change takes bond0 down; the kernel drops the VLAN's route with it.
sed -i 's/mode=1/mode=balance-xor/' "$CONFDIR/ifcfg-bond0"
run ifup-bond -c "$CONFDIR" bond0
is "mode change exits 0" "$rc" 0
is "bond0 mode" "$(sysval bond0 mode)" "balance-xor 2"
check "the VLAN's default route is back in the same run" sh -c 'ip route show default | grep -q "via 198.51.100.1 dev bond0.100"'
is "bond0.100 up" "$(is_up bond0.100)" yes
run ifup-bond -v -c "$CONFDIR" bond0.100
is "and the VLAN needs nothing more" "$out" "ifup-bond: bond0.100: nothing to change"

# A second file claims eth1 for bond1 beside ifcfg-eth1: the file named for eth1
# wins; bond1 comes up without it, and the other file is said.
printf 'DEVICE=bond1\nBONDING_OPTS="mode=1 miimon=100"\n' > "$CONFDIR/ifcfg-bond1"
printf 'DEVICE=eth1\nMASTER=bond1\nSLAVE=yes\n' > "$CONFDIR/ifcfg-eth1-second"
run ifup-bond -c "$CONFDIR" bond1
is "ifup-bond bond1 with eth1 claimed by a second file: exit 0, the second file said" "$rc:$err" \
	"0:ifup-bond: ifcfg-eth1-second:1: warning: not read: DEVICE=eth1 is configured by ifcfg-eth1, the file named for it (a copy? the legacy scripts skip only names ending in ~ .bak .old .orig .rpmnew .rpmorig .rpmsave)"
is "... eth1 still in bond0" "$(basename "$(readlink /sys/class/net/eth1/master)")" bond0
ip link del bond1
rm "$CONFDIR/ifcfg-bond1" "$CONFDIR/ifcfg-eth1-second"

# A dangling BRIDGE= and a cycle: exit 1 at the line, nothing created.
mk_dummy eth7
printf 'DEVICE=eth7\nBRIDGE=br9\n' > "$CONFDIR/ifcfg-eth7"
run ifup-bond -c "$CONFDIR" eth7
is "BRIDGE naming no file: exit 1" "$rc" 1
is "... at its line" "$err" "ifup-bond: ifcfg-eth7:2: BRIDGE=br9: no ifcfg file configures br9"
is "... no bridge created" "$(exists br9)" no
is "... eth7 untouched" "$(is_up eth7)" no
printf 'DEVICE=x\nVLAN=yes\nPHYSDEV=y\nVLAN_ID=2\n' > "$CONFDIR/ifcfg-x"
printf 'DEVICE=y\nVLAN=yes\nPHYSDEV=x\nVLAN_ID=3\n' > "$CONFDIR/ifcfg-y"
run ifup-bond -c "$CONFDIR" x
is "a cycle of VLANs: exit 1" "$rc" 1
is "... at its line" "$err" "ifup-bond: ifcfg-x:3: x: cannot be ordered: its lower device y sits on a cycle of lower devices and controllers"
is "... nothing created" "$(exists x)$(exists y)" nono
rm "$CONFDIR/ifcfg-eth7" "$CONFDIR/ifcfg-x" "$CONFDIR/ifcfg-y"

run ifdown-bond -n -c "$CONFDIR" bond0
is "-n of ifdown bond0 says the VLAN goes with it" "$(printf '%s\n' "$out" | head -1)" "# ifdown-bond: bond0: bond0.100 goes with it"
is "... and deletes it first" "$(printf '%s\n' "$out" | sed -n 2p)" "ip link del dev bond0.100	# ifcfg-bond0.100:3: first: it is stacked on the device taken down"
run ifdown-bond -c "$CONFDIR" bond0
is "ifdown-bond bond0 exits 0" "$rc" 0
is "bond0.100 gone" "$(exists bond0.100)" no
is "bond0 gone" "$(exists bond0)" no

no_bond_warnings
done_testing
