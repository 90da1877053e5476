#!/bin/sh
# Bad input changes nothing (exit 1, FILE:LINE); a kernel refusal names the step and
# the kernel's words, lists what was done (exit 2).
. tests/kernel/lib.sh

ipv6_on

mk_dummy eth0
mk_dummy eth1
slave_files eth0 eth1
printf 'DEVICE=bond0\nONBOOT=yes\nBONDING_OPTS="mode=1 miimon=100 lacp_rate=fastt"\n' > "$CONFDIR/ifcfg-bond0"
before=$(ip -o link | wc -l)

run ifup-bond -c "$CONFDIR" bond0
is "config error: exit 1" "$rc" 1
is "config error: message" "$err" "ifup-bond: ifcfg-bond0:3: BONDING_OPTS: lacp_rate=fastt: invalid value (expected slow, fast, 0, 1)"
is "config error: no bonding module loaded" "$(exists /sys/module/bonding)" no
is "config error: no link created" "$(ip -o link | wc -l)" "$before"

printf 'DEVICE=bond0\nBONDING_OPTS="mode=1 miimon=100"\nIPADDR=$(reboot)\n' > "$CONFDIR/ifcfg-bond0"
run ifup-bond -c "$CONFDIR" bond0
is "hostile file: exit 1" "$rc" 1
case $err in
"ifup-bond: ifcfg-bond0:3: "*) pass "hostile file: refused at its line" ;;
*) fail "hostile file: refused at its line" ;;
esac
is "hostile file: nothing created" "$(exists bond0)" no

run ifup-bond -c "$CONFDIR" eth9
is "no config: exit 1" "$rc" 1
is "no config: names the directory" "$err" "ifup-bond: configuration for eth9 not found in $CONFDIR (no ifcfg-eth9, no file with DEVICE=eth9)"

printf 'DEVICE=eth0\nMASTER=bond9\nSLAVE=yes\n' > "$CONFDIR/ifcfg-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "slave of a bond without a file: exit 1" "$rc" 1
is "slave of a bond without a file: FILE:LINE" "$err" "ifup-bond: ifcfg-eth0:2: MASTER=bond9: no configuration for bond9 in $CONFDIR (no ifcfg-bond9, no file with DEVICE=bond9)"
is "slave of a bond without a file: no bond created" "$(exists bond9)" no
slave_files eth0

# The kernel refuses a queue_id above the bond's queue count (16).
printf 'DEVICE=bond0\nBONDING_OPTS="mode=1 miimon=100"\n' > "$CONFDIR/ifcfg-bond0"
printf 'DEVICE=eth1\nMASTER=bond0\nSLAVE=yes\nBOND_PORT_QUEUE_ID=100\n' > "$CONFDIR/ifcfg-eth1"
run ifup-bond -c "$CONFDIR" bond0
is "kernel refusal: exit 2" "$rc" 2
echo "$err" | sed 's/^/# /'
case $err in
*"refused: ip link set dev eth1 type bond_slave queue_id 100"*) pass "kernel refusal: names the step" ;;
*) fail "kernel refusal: names the step" ;;
esac
case $err in
*"ifup-bond: kernel: "*) pass "kernel refusal: gives the kernel's words" ;;
*) fail "kernel refusal: gives the kernel's words" ;;
esac
case $err in
*"ifup-bond: ifcfg-eth1:4: refused: "*"steps applied; 1 refused"*) pass "kernel refusal: at its line, and what was applied" ;;
*) fail "kernel refusal: at its line, and what was applied" ;;
esac
is "kernel refusal: everything else applied" "$(is_up bond0):$(sysval bond0 slaves)" "yes:eth0 eth1"

done_testing
