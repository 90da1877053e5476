#!/bin/sh
# The stack as a whole: a bond, a VLAN of it (ONBOOT) that is a port of a bridge,
# and a VM stand-in (a namespace behind a port of the bridge that libvirt would
# have made) that reaches a host on VLAN 100 across the switch.  ifdown bond0 says
# what goes with it (the configured VLAN, and one made by hand); ifup bond0 brings
# the VLAN back into the bridge, and the VM reaches its peer again.  reload takes
# down a device this tool made once its file is gone, and nothing it did not make.
. tests/kernel/lib.sh

ipv6_on
ip netns add sw
ip netns add peer
ip netns add vm
ip -n sw link add swbr type bridge stp_state 0 forward_delay 0
ip -n sw link set swbr up
for i in 0 1; do
	ip link add veth${i}a type veth peer name veth${i}b netns sw
	ip -n sw link set veth${i}b master swbr
	ip -n sw link set veth${i}b up
done
ip -n peer link add p0 type veth peer name p0s netns sw
ip -n sw link set p0s master swbr
ip -n sw link set p0s up
ip -n peer link set p0 up
ip -n peer link add link p0 name p0.100 type vlan id 100
ip -n peer addr add 198.18.0.2/24 dev p0.100
ip -n peer link set p0.100 up
ip link add vnet0 type veth peer name eth0 netns vm
ip -n vm addr add 198.18.0.3/24 dev eth0
ip -n vm link set eth0 up

printf 'DEVICE=bond0\nONBOOT=yes\nBONDING_OPTS="mode=active-backup miimon=100"\nIPADDR=192.0.2.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-bond0"
slave_files veth0a veth1a
printf 'DEVICE=bond0.100\nVLAN=yes\nONBOOT=yes\nBRIDGE=br0\n' > "$CONFDIR/ifcfg-bond0.100"
printf 'DEVICE=br0\nTYPE=Bridge\nONBOOT=yes\nSTP=no\nDELAY=0\nIPADDR=198.18.0.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-br0"
dmesg_mark
vm_reaches() { ip netns exec vm ping -c 1 -W 2 198.18.0.2 > /dev/null 2>&1 && echo yes || echo no; }

run ifup-bond -a -c "$CONFDIR"
is "network start: exit 0" "$rc" 0
# libvirt's way: the VM's port joined by hand.
ip link set vnet0 master br0
ip link set vnet0 up
is "the VM reaches its peer on VLAN 100 across the bond" "$(vm_reaches)" yes
ip link add link bond0 name bond0.200 type vlan id 200
mk_dummy dummy7

run ifdown-bond -n -c "$CONFDIR" bond0
case $out in
"# ifdown-bond: bond0: bond0.100 bond0.200 go with it"*) pass "ifdown -n bond0: says what goes with it" ;;
*) fail "ifdown -n bond0: says what goes with it" ;;
esac
run ifdown-bond -c "$CONFDIR" bond0
is "ifdown bond0: exit 0, says what goes with it" "$rc:$out" "0:ifdown-bond: bond0: bond0.100 bond0.200 go with it"
is "... gone, all three" "$(exists bond0):$(exists bond0.100):$(exists bond0.200)" "no:no:no"
is "... the VM is cut off" "$(vm_reaches)" no

run ifup-bond -n -c "$CONFDIR" bond0
case $out in
*"ip link add link bond0 name bond0.100 type vlan id 100	# ifcfg-bond0.100:2: ONBOOT and stacked on the device brought up, which it needs"*"ip link set dev bond0.100 master br0"*)
	pass "ifup -n bond0: the VLAN and its place in the bridge too" ;;
*) fail "ifup -n bond0: the VLAN and its place in the bridge too" ;;
esac
run ifup-bond -c "$CONFDIR" bond0
is "ifup bond0: exit 0" "$rc:$err" "0:"
is "... bond0.100 back in br0" "$(basename "$(readlink /sys/class/net/bond0.100/master)")" br0
check_within "... the VM reaches its peer again" 5 sh -c 'ip netns exec vm ping -c 1 -W 1 198.18.0.2'
is "... the hand-made VLAN is not the tool's to make" "$(exists bond0.200)" no
run ifup-bond -v -c "$CONFDIR" bond0
is "... a second ifup: nothing to change" "$rc:$err" "0:"

# The VLAN's file deleted: reload takes it down (this tool made it); the dummy
# made by hand stays, and so does a VLAN made by hand.
ip link add link bond0 name bond0.300 type vlan id 300
rm "$CONFDIR/ifcfg-bond0.100"
run ifup-bond -a --reload -n -c "$CONFDIR"
case $out in
*"ip link del dev bond0.100	# its file is gone, and ifcfg-bond made it"*) pass "reload -n: the VLAN whose file is gone goes" ;;
*) fail "reload -n: the VLAN whose file is gone goes" ;;
esac
run ifup-bond -a --reload -c "$CONFDIR"
is "reload: exit 0" "$rc" 0
case $out in
*"Removing interface bond0.100:"*"[  OK  ]"*) pass "... its console line" ;;
*) fail "... its console line" ;;
esac
is "... bond0.100 gone; dummy7 and bond0.300 (by hand) stay" \
	"$(exists bond0.100):$(exists dummy7):$(exists bond0.300)" "no:yes:yes"
run ifup-bond -a --reload -c "$CONFDIR"
is "a second reload: exit 0, nothing removed" "$rc:$(printf '%s\n' "$out" | grep -c Removing)" 0:0

no_bond_warnings "$MAC_KEPT"
done_testing
