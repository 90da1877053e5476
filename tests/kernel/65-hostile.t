#!/bin/sh
# Hostile and broken input is refused before anything changes: names the kernel
# would rewrite or a shell would read, a loopback file claiming a bond, a slave
# whose SLAVE= is no boolean, a slave claimed by two bonds.  Links, addresses,
# routes and loaded modules stay exactly as they were.  And two runs at once take
# turns: the second finds nothing left to do.
. tests/kernel/lib.sh

ipv6_on
mk_dummy eth0
mk_dummy eth1
ip link set lo up
slave_files eth0 eth1
printf 'DEVICE=bond0\nBONDING_OPTS="mode=1 miimon=100"\nIPADDR=192.0.2.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-bond0"

state() {
	ip -o link show | sed 's/^[0-9]*: //'
	addr_state
	ip route show
	cut -d' ' -f1 /proc/modules | sort
}

# refused NAME DESCRIPTION EXPECTED-STDERR: exit 1, the message, nothing changed.
refused() {
	before=$(state)
	run ifup-bond -c "$CONFDIR" "$1"
	is "$2: exit 1" "$rc" 1
	is "$2: FILE:LINE" "$err" "$3"
	is "$2: links, addresses, routes and modules as before" "$(state)" "$before"
}

printf 'DEVICE=bond%%d\nBONDING_OPTS="mode=1"\n' > "$CONFDIR/ifcfg-bondx"
refused ifcfg-bondx "DEVICE=bond%d" \
	"ifup-bond: ifcfg-bondx:1: DEVICE: bond%d is not a valid interface name: it contains '%', which makes the kernel pick the name itself"
rm "$CONFDIR/ifcfg-bondx"

printf "DEVICE='b\$(touch /x)'\nBONDING_OPTS=\"mode=1\"\n" > "$CONFDIR/ifcfg-evil"
refused ifcfg-evil "DEVICE with a command substitution" \
	"ifup-bond: ifcfg-evil:1: DEVICE: \"b\\\$(touch /x)\" is not a valid interface name: it contains '\$' (letters, digits, '.', '-' and '_' only)"
is "... and nothing ran it" "$(exists /x)" no
rm "$CONFDIR/ifcfg-evil"

printf 'DEVICE=lo\nMASTER=bond0\nSLAVE=yes\n' > "$CONFDIR/ifcfg-lo"
refused bond0 "a loopback file claiming bond0" \
	"ifup-bond: ifcfg-lo:2: MASTER: the loopback device cannot be a bond slave"
is "... lo still up" "$(is_up lo)" yes
check "... 127.0.0.1 still there" sh -c 'ip -4 -o addr show dev lo | grep -q 127.0.0.1/8'
rm "$CONFDIR/ifcfg-lo"

printf 'DEVICE=eth1\nMASTER=bond0\nSLAVE=maybe\n' > "$CONFDIR/ifcfg-eth1"
refused bond0 "a slave with SLAVE=maybe" \
	"ifup-bond: ifcfg-eth1:3: SLAVE: 'maybe' is not a boolean (yes/no)"
slave_files eth1

# (Two files neither named for eth1: which is meant is not known.  A copy beside
# ifcfg-eth1 is not read: 62-accidents.t.)
printf 'DEVICE=bond1\nBONDING_OPTS="mode=1 miimon=100"\n' > "$CONFDIR/ifcfg-bond1"
mv "$CONFDIR/ifcfg-eth1" "$CONFDIR/ifcfg-eth1-first"
printf 'DEVICE=eth1\nMASTER=bond1\nSLAVE=yes\n' > "$CONFDIR/ifcfg-eth1-again"
refused bond1 "a slave claimed by two bonds" \
	"ifup-bond: ifcfg-eth1-again:1: device eth1 is also configured by ifcfg-eth1-first"
rm "$CONFDIR/ifcfg-bond1" "$CONFDIR/ifcfg-eth1-again"
mv "$CONFDIR/ifcfg-eth1-first" "$CONFDIR/ifcfg-eth1"

# What the kernel's state shows would fail, or is not ours to take, is refused
# before the first step (before, the slave was taken down and lost its addresses,
# and then the kernel refused the enslave).
run ifup-bond -c "$CONFDIR" bond0
is "bond0 up for the stacked cases" "$rc" 0
ip link add link bond0 name v100 type vlan id 100
ip addr add 198.51.100.1/24 dev v100
ip link set v100 up
# The VLAN's operstate follows a moment later: settled before the snapshot.
eventually "v100's operstate settled" up cat /sys/class/net/v100/operstate
printf 'DEVICE=v100\nMASTER=bond0\nSLAVE=yes\n' > "$CONFDIR/ifcfg-v100"
refused bond0 "a VLAN of bond0 as its slave" \
	"ifup-bond: ifcfg-v100:2: MASTER=bond0: v100 sits on bond0 in the kernel, so it cannot be its port: the kernel refuses a device that would be its own upper device"
is "... v100 still up" "$(is_up v100)" yes
rm "$CONFDIR/ifcfg-v100"
ip link del v100

mk_dummy eth2
ip link add brx type bridge
ip link set eth2 master brx
slave_files eth2
refused bond0 "a port of a bridge no file configures" \
	"ifup-bond: ifcfg-eth2:4: MASTER=bond0: eth2 is a port of brx, which no ifcfg file configures: not taken from it (ip link set dev eth2 nomaster releases it)"
is "... eth2 still in brx" "$(basename "$(readlink /sys/class/net/eth2/master)")" brx
rm "$CONFDIR/ifcfg-eth2"

printf 'DEVICE=brx\nMASTER=bond0\nSLAVE=yes\n' > "$CONFDIR/ifcfg-brx"
refused bond0 "a file without TYPE for what the kernel has as a bridge" \
	"ifup-bond: ifcfg-brx:2: MASTER=bond0: brx is a bridge in the kernel: a bridge cannot be a bond slave"
rm "$CONFDIR/ifcfg-brx"
ip link del brx
ip link del eth2

printf 'DEVICE=br0\nTYPE=Bridge\n' > "$CONFDIR/ifcfg-br0"
printf 'DEVICE=br0.5\nVLAN=yes\nBRIDGE=br0\n' > "$CONFDIR/ifcfg-br0.5"
refused br0 "a VLAN of br0 as its port, in the files" \
	"ifup-bond: ifcfg-br0.5:3: BRIDGE=br0: br0.5 sits on br0, so it cannot be its port: the kernel refuses a device that would be its own upper device"
rm "$CONFDIR/ifcfg-br0" "$CONFDIR/ifcfg-br0.5"
ifdown-bond -c "$CONFDIR" bond0

# Two runs at once take turns (the second waits for the lock), both succeed, and
# the bond is whole.  Five rounds: the race was lost in three of five before.
for i in 1 2 3 4 5; do
	ifup-bond -c "$CONFDIR" bond0 > /tmp/a.out 2>&1 &
	a=$!
	ifup-bond -c "$CONFDIR" bond0 > /tmp/b.out 2>&1
	rb=$?
	wait $a
	ra=$?
	is "round $i: both runs exit 0" "$ra$rb" 00
	is "round $i: both slaves enslaved" "$(sysval bond0 slaves)" "eth0 eth1"
	ifdown-bond -c "$CONFDIR" bond0
done
grep -h . /tmp/a.out /tmp/b.out | sed 's/^/# /'
# Two whole-directory starts at once: no [FAILED] in either.
ifup-bond -a -c "$CONFDIR" > /tmp/a.out 2>&1 &
a=$!
ifup-bond -a -c "$CONFDIR" > /tmp/b.out 2>&1
rb=$?
wait $a
is "two ifup-bond -a at once: both exit 0" "$?$rb" 00
is "... no [FAILED]" "$(cat /tmp/a.out /tmp/b.out | grep -c FAILED)" 0
is "... the bond whole" "$(sysval bond0 slaves)" "eth0 eth1"

no_bond_warnings
done_testing
