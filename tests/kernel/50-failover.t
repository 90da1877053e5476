#!/bin/sh
# Real traffic: bond0 over two veth pairs to a bridge in a peer namespace, a ping
# across, then ifdown-bond of the active slave: the traffic moves before the release.
. tests/kernel/lib.sh

ipv6_on

veth_to_bridge veth0a veth0b
veth_to_bridge veth1a veth1b
printf 'DEVICE=bond0\nBONDING_OPTS="mode=active-backup miimon=100"\nIPADDR=192.0.2.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-bond0"
slave_files veth0a veth1a
dmesg_mark

run_valgrind ifup-bond -c "$CONFDIR" bond0
is "ifup-bond (under valgrind) exits 0" "$rc" 0
is "active slave" "$(proc_field bond0 'Currently Active Slave')" veth0a
check "peer reachable" ping -c 1 -W 2 192.0.2.2

ping -D -O -i 0.01 -c 400 192.0.2.2 > /tmp/ping.log 2>&1 &
pid=$!
sleep 2
run_valgrind ifdown-bond -c "$CONFDIR" veth0a
is "ifdown-bond veth0a (under valgrind) exits 0" "$rc" 0
is "active slave moved to veth1a" "$(proc_field bond0 'Currently Active Slave')" veth1a
is "veth0a released" "$(exists /sys/class/net/veth0a/master)" no
wait $pid
sent=$(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1/p' /tmp/ping.log)
recv=$(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\2/p' /tmp/ping.log)
lost=$((sent - recv))
echo "# failover by ifdown-bond: $sent sent, $recv received, $lost lost"
check "ping ran" test "$sent" -gt 0
# The active role moves before the release, so a planned failover costs at most a
# few packets (an unplanned one costs a miimon period: ~3, see the recipe).
check "at most 5 packets lost in the planned failover ($lost)" test "$lost" -le 5

run_valgrind ifup-bond -c "$CONFDIR" veth0a
is "ifup-bond veth0a exits 0" "$rc" 0
is "active slave stays veth1a" "$(proc_field bond0 'Currently Active Slave')" veth1a
check "peer still reachable" ping -c 1 -W 2 192.0.2.2

run_valgrind ifdown-bond -c "$CONFDIR" bond0
is "ifdown-bond bond0 exits 0" "$rc" 0
is "bond0 gone" "$(exists bond0)" no

# ifdown of the slave whose MAC the bond keeps: the kernel's note (lib.sh).
no_bond_warnings "$MAC_KEPT"
done_testing
