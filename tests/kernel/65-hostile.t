#!/bin/sh
# Hostile and broken input is refused before anything changes: names the kernel
# would rewrite or a shell would read, a loopback file claiming a bond, a slave
# whose SLAVE= is no boolean, a slave claimed by two bonds.  Links, addresses,
# routes and loaded modules stay exactly as they were.  And two runs at once take
# turns: the second finds nothing left to do.
. tests/kernel/lib.sh

no_ipv6
mk_dummy eth0
mk_dummy eth1
ip link set lo up
slave_files eth0 eth1
printf 'DEVICE=bond0\nBONDING_OPTS="mode=1 miimon=100"\nIPADDR=192.0.2.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-bond0"

state() {
	ip -o link show | sed 's/^[0-9]*: //'
	ip -o addr show
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

printf 'DEVICE=bond1\nBONDING_OPTS="mode=1 miimon=100"\n' > "$CONFDIR/ifcfg-bond1"
printf 'DEVICE=eth1\nMASTER=bond1\nSLAVE=yes\n' > "$CONFDIR/ifcfg-eth1-again"
refused bond1 "a slave claimed by two bonds" \
	"ifup-bond: ifcfg-eth1-again:1: device eth1 is also configured by ifcfg-eth1"
rm "$CONFDIR/ifcfg-bond1" "$CONFDIR/ifcfg-eth1-again"

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
