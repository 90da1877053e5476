#!/bin/sh
# ETHTOOL_OPTS over the kernel's ethtool netlink interface, read back with the real
# ethtool (Debian's package): offload features (-K, both legacy forms) and channels
# (-L) on a veth, a second run sends nothing, on a bond slave before it joins; what
# the driver cannot do (veth has no ring sizes, no settable speed) is a warning and
# the device still comes up; a command for another device is an error before any
# write.
. tests/kernel/lib.sh

ipv6_on
ip netns add peer
# 4 queues each way, so that channels can change.
ip link add eth0 numrxqueues 4 numtxqueues 4 type veth peer name p0 netns peer
ip link add eth1 type veth peer name p1 netns peer
ip link add eth2 type veth peer name p2 netns peer
feature() { ethtool -k "$1" | sed -n "s/^$2: \([a-z]*\).*/\1/p"; }
channels() { ethtool -l "$1" | sed -n '/Current/,$p' | sed -n 's/^\(RX\|TX\):[[:space:]]*/\1 /p' | tr '\n' ' '; }

is "before: tso on, gro off" "$(feature eth0 tcp-segmentation-offload):$(feature eth0 generic-receive-offload)" "on:off"
printf 'DEVICE=eth0\nNOZEROCONF=yes\nETHTOOL_OPTS="-K eth0 tso off gro on; -L eth0 rx 2 tx 2"\n' > "$CONFDIR/ifcfg-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "ifup eth0: exit 0, quiet" "$rc:$err" "0:"
is "... tso off, gro on (ethtool -k)" "$(feature eth0 tcp-segmentation-offload):$(feature eth0 generic-receive-offload)" "off:on"
is "... tso's four kernel features off" "$(ethtool -k eth0 | grep -E -c 'tx-tcp(6|-ecn|-mangleid)?-segmentation: off')" 4
is "... 2 rx and 2 tx channels (ethtool -l)" "$(channels eth0)" "RX 2 TX 2 "
is "... and up" "$(is_up eth0)" yes

run ifup-bond -v -c "$CONFDIR" eth0
is "a second ifup: nothing to change" "$rc:$out" "0:ifup-bond: eth0: nothing to change"

# By hand, then the legacy short form (no option: "-s DEV"); the file wins back.
ethtool -K eth0 gro off
run ifup-bond -n -c "$CONFDIR" eth0
is "gro turned off by hand: -n plans only that (exit 2: something would change)" "$rc:$out" "2:ethtool -K eth0 rx-gro on	# ifcfg-eth0:3"
run ifup-bond -c "$CONFDIR" eth0
is "... applied" "$(feature eth0 generic-receive-offload)" on

# The driver's limits: said, and the device comes up anyway.
printf 'DEVICE=eth2\nNOZEROCONF=yes\nETHTOOL_OPTS="-G eth2 rx 512; speed 1000 duplex full autoneg off"\n' > "$CONFDIR/ifcfg-eth2"
run ifup-bond -c "$CONFDIR" eth2
is "veth: no ring sizes, speed refused: exit 0" "$rc" 0
is "... both said, with the kernel's words" "$err" \
"ifup-bond: ifcfg-eth2:3: warning: ETHTOOL_OPTS: eth2 cannot report its ring sizes (Operation not supported): not applied
ifup-bond: warning: ethtool -s eth2 speed 1000: refused: Operation not supported (from ifcfg-eth2:3); going on"
is "... eth2 up" "$(is_up eth2)" yes

# A bond slave: set before it joins.
printf 'DEVICE=bond0\nNOZEROCONF=yes\nBONDING_OPTS="mode=active-backup miimon=100"\n' > "$CONFDIR/ifcfg-bond0"
printf 'DEVICE=eth1\nMASTER=bond0\nSLAVE=yes\nETHTOOL_OPTS="-K eth1 gro on"\n' > "$CONFDIR/ifcfg-eth1"
run ifup-bond -c "$CONFDIR" bond0
is "ifup bond0: exit 0" "$rc:$err" "0:"
is "... eth1 enslaved with gro on" "$(sysval bond0 slaves):$(feature eth1 generic-receive-offload)" "eth1:on"
case $(ifup-bond -n -c "$CONFDIR" bond0) in
"") pass "... a second ifup plans nothing" ;;
*) fail "... a second ifup plans nothing" ;;
esac

# Another device's command: refused at its line, nothing written.
printf 'DEVICE=eth0\nNOZEROCONF=yes\nETHTOOL_OPTS="-K eth9 tso on"\n' > "$CONFDIR/ifcfg-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "a command for eth9 in ifcfg-eth0: exit 1, said" "$rc:$err" \
	"1:ifup-bond: ifcfg-eth0:3: ETHTOOL_OPTS: -K eth9: names eth9, not this file's device eth0"
is "... tso still off" "$(feature eth0 tcp-segmentation-offload)" off
done_testing
