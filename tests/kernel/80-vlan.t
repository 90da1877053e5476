#!/bin/sh
# VLANs in every form the legacy scripts and the generators write: vlanID with
# PHYSDEV (os-net-config), VID= (linux-system-roles), NAME.ID; their flags set at
# creation and changed live, priority maps too; a new id makes a new VLAN;
# conflicting forms refused.
. tests/kernel/lib.sh

ipv6_on
mk_dummy eth0
mk_dummy eth1
printf 'DEVICE=bond0\nONBOOT=yes\nBONDING_OPTS="mode=1 miimon=100"\nBOOTPROTO=none\n' > "$CONFDIR/ifcfg-bond0"
slave_files eth0 eth1
# os-net-config's form: the id in the name, the lower device in PHYSDEV.
printf 'DEVICE=vlan10\nONBOOT=yes\nVLAN=yes\nPHYSDEV=bond0\nBOOTPROTO=static\nIPADDR=198.51.100.10\nNETMASK=255.255.255.0\n' > "$CONFDIR/ifcfg-vlan10"
# linux-system-roles' form, with flags.
printf 'DEVICE=data\nTYPE=Vlan\nVLAN=yes\nPHYSDEV=bond0\nVID=7\nREORDER_HDR=no\nGVRP=yes\n' > "$CONFDIR/ifcfg-data"
dmesg_mark

run ifup-bond -c "$CONFDIR" bond0
is "ifup-bond bond0 exits 0" "$rc" 0
# Its ONBOOT VLANs come up with it (as NetworkManager's autoconnect brings them).
is "... vlan10 and data with it" "$(exists vlan10):$(exists data)" yes:yes
run ifdown-bond -c "$CONFDIR" data
is "ifdown data: exit 0, gone" "$rc:$(exists data)" 0:no
run ifup-bond -c "$CONFDIR" vlan10
is "ifup-bond vlan10 (vlanID + PHYSDEV) exits 0" "$rc" 0
check "vlan10 is VLAN 10 on bond0, reorder_hdr on" sh -c 'ip -d link show vlan10 | grep -q "vlan protocol 802.1Q id 10 <REORDER_HDR>" && ip -o link show vlan10 | grep -q "vlan10@bond0"'
check "vlan10 has its address" sh -c 'ip -4 -o addr show dev vlan10 | grep -q "inet 198.51.100.10/24"'

run ifup-bond -n -c "$CONFDIR" data
is "-n shows the flags in the create line" "$(printf '%s\n' "$out" | grep -c 'type vlan id 7 reorder_hdr off gvrp on')" 1
run ifup-bond -c "$CONFDIR" data
is "ifup-bond data (VID=) exits 0" "$rc" 0
check "data is VLAN 7 on bond0 with gvrp and without reorder_hdr" sh -c 'ip -d link show data | grep -q "vlan protocol 802.1Q id 7 <GVRP>" && ip -o link show data | grep -q "data@bond0"'

run ifup-bond -v -c "$CONFDIR" data
is "second ifup-bond data: nothing to change" "$out" "ifup-bond: data: nothing to change"
run ifup-bond -v -c "$CONFDIR" vlan10
is "second ifup-bond vlan10: nothing to change" "$out" "ifup-bond: vlan10: nothing to change"

# Flags change live: the same device, not a new one.
read -r idx < /sys/class/net/data/ifindex
sed -i 's/^REORDER_HDR=no/REORDER_HDR=yes/; s/^GVRP=yes/GVRP=no/' "$CONFDIR/ifcfg-data"
run ifup-bond -v -c "$CONFDIR" data
is "flag change exits 0" "$rc" 0
is "one live write" "$out" "ifup-bond: ip link set dev data type vlan reorder_hdr on gvrp off"
check "data now has reorder_hdr and no gvrp" sh -c 'ip -d link show data | grep -q "id 7 <REORDER_HDR>"'
read -r idx2 < /sys/class/net/data/ifindex
is "same device (ifindex unchanged)" "$idx2" "$idx"

# Priority maps: in the create message, then changed live; a mapping the file
# drops is removed.
printf 'DEVICE=vlan20\nVLAN=yes\nPHYSDEV=bond0\nVLAN_INGRESS_PRIORITY_MAP="1:5,3:2"\nVLAN_EGRESS_PRIORITY_MAP="2:3 4:1"\n' > "$CONFDIR/ifcfg-vlan20"
run ifup-bond -c "$CONFDIR" vlan20
is "ifup-bond vlan20 with priority maps: exit 0" "$rc" 0
check "ingress map 1:5 3:2" sh -c 'ip -d link show vlan20 | grep "ingress-qos-map" | grep -q "1:5 .*3:2"'
check "egress map 2:3 4:1" sh -c 'ip -d link show vlan20 | grep "egress-qos-map" | grep -q "2:3 .*4:1\|4:1 .*2:3"'
run ifup-bond -v -c "$CONFDIR" vlan20
is "second run: nothing to change" "$out" "ifup-bond: vlan20: nothing to change"
sed -i 's/^VLAN_EGRESS_PRIORITY_MAP=.*/VLAN_EGRESS_PRIORITY_MAP="2:6"/' "$CONFDIR/ifcfg-vlan20"
run ifup-bond -v -c "$CONFDIR" vlan20
is "a map edited: one write" "$out" "ifup-bond: ip link set dev vlan20 type vlan egress-qos-map 2:6 4:0"
check "egress map now 2:6 only" sh -c 'ip -d link show vlan20 | grep "egress-qos-map" | grep -q "2:6" && ! ip -d link show vlan20 | grep "egress-qos-map" | grep -q "4:1"'
run ifup-bond -v -c "$CONFDIR" vlan20
is "and then nothing to change" "$out" "ifup-bond: vlan20: nothing to change"

# A new id: the kernel cannot change it, so the VLAN is made again.
sed -i 's/^VID=7/VID=8/' "$CONFDIR/ifcfg-data"
run ifup-bond -c "$CONFDIR" data
is "id change exits 0" "$rc" 0
check "data is now VLAN 8" sh -c 'ip -d link show data | grep -q "vlan protocol 802.1Q id 8 "'

# Forms that the legacy scripts and NetworkManager read differently are refused.
printf 'DEVICE=eth0.5\nVLAN=yes\nVID=6\n' > "$CONFDIR/ifcfg-eth0.5"
run ifup-bond -c "$CONFDIR" eth0.5
is "a VID that contradicts the name: exit 1" "$rc" 1
is "... with FILE:LINE" "$err" "ifup-bond: ifcfg-eth0.5:3: VID=6 but DEVICE eth0.5 says 5: set one, or make them agree"
is "... and nothing created" "$(exists eth0.5)" no

run ifdown-bond -c "$CONFDIR" data
is "ifdown-bond data exits 0" "$rc" 0
is "data deleted" "$(exists data)" no
is "bond0 untouched" "$(is_up bond0)" yes

no_bond_warnings
done_testing
