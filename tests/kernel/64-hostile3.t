#!/bin/sh
# Hostile and careless input, round three: an ifcfg-lo without addresses keeps the
# kernel's 127.0.0.1/8; a name that looks like an option is a name ("ifdown
# ifcfg--a" is not "network stop"); a NIC that appears while another run holds the
# lock is queued and configured by that run as it ends; a slave whose MASTER line
# is refused is named when its bond comes up.
. tests/kernel/lib.sh

export IFCFG_DIR="$CONFDIR"
PATH="$TOP/network-scripts:$PATH"
ip link set lo up

# 1. lo: the kernel's address is not ours to remove.
printf 'DEVICE=lo\nONBOOT=yes\n' > "$CONFDIR/ifcfg-lo"
run ifup lo
is "ifup lo (no IPADDR): exit 0, 127.0.0.1/8 kept" "$rc:$(ip -4 -o addr show dev lo | grep -c ' 127.0.0.1/8 ')" "0:1"
# The file of RHEL's initscripts package: the kernel's own address is the file's.
printf 'DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\nNETWORK=127.0.0.0\nBROADCAST=127.255.255.255\nONBOOT=yes\nNAME=loopback\n' > "$CONFDIR/ifcfg-lo"
ip link set lo down
ip addr flush dev lo
run ifup lo
is "ifup lo (RHEL's ifcfg-lo) from down: 127.0.0.1/8 without a broadcast, as the kernel adds it" \
	"$rc:$err:$(ip -4 -o addr show dev lo | sed 's/.* inet //; s/ scope.*//')" "0::127.0.0.1/8"
run ifup-bond -n -c "$CONFDIR" lo
is "... a second ifup has nothing to do, and says nothing" "$rc:$out:$err" "0::"
rm "$CONFDIR/ifcfg-lo"

# 2. Names after --.
mk_dummy eth0
mk_dummy eth1
mk_dummy eth2
printf 'DEVICE=bond0\nONBOOT=yes\nBONDING_OPTS="mode=1 miimon=100"\nIPADDR=192.0.2.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-bond0"
slave_files eth0
run ifup bond0
is "ifup bond0: exit 0" "$rc" 0
for a in ifcfg--a ./-a; do
	run ifdown "$a"
	is "ifdown $a: not 'network stop': bond0 and lo up" "$rc:$(is_up bond0):$(is_up lo)" "1:yes:yes"
done
run ifup ifcfg-
is "ifup ifcfg-: a usage error" "$rc:$(echo "$err" | head -1)" "1:ifup: 'ifcfg-' names no configuration"

# 3. A hotplug while another run holds the lock (its hook sleeps): queued at once,
# configured by that run as it ends.
mkdir -p /tmp/hooks
printf '#!/bin/sh\nsleep 2\n' > /tmp/hooks/ifup-local
chmod +x /tmp/hooks/ifup-local
printf 'DEVICE=eth2\nONBOOT=yes\nIPADDR=198.51.100.2\nPREFIX=24\n' > "$CONFDIR/ifcfg-eth2"
IFCFG_BOND_HOOKS=/tmp/hooks ifup-bond -c "$CONFDIR" eth2 > /tmp/holder.out 2>&1 &
holder=$!
sleep 1
slave_files eth1
run ifup-bond --hotplug -c "$CONFDIR" eth1
is "hotplug eth1 with the lock held: exit 0, queued" "$rc:$err" \
	"0:ifup-bond: eth1: another run holds /run/ifcfg-bond.lock: queued, that run configures it as it ends"
is "... not yet in bond0" "$([ -e /sys/class/net/eth1/master ] && echo in || echo out)" out
wait $holder
is "... the holder's run ended: eth1 in bond0" "$(readlink /sys/class/net/eth1/master | sed 's,.*/,,')" bond0
is "... the queue is empty" "$(ls /run/ifcfg-bond/hotplug 2>/dev/null)" ""
rm -rf /tmp/hooks

# 4. A slave whose MASTER line is refused: said when its bond comes up.
ip link set eth1 nomaster
printf 'DEVICE=eth1\nMASTER=bo\000nd0\nSLAVE=yes\n' > "$CONFDIR/ifcfg-eth1"
run ifup-bond -c "$CONFDIR" bond0
is "ifup bond0 with eth1's MASTER line refused: exit 0, said at its line" "$rc:$err" \
	"0:ifup-bond: ifcfg-eth1:2: warning: MASTER: NUL byte (bash drops it, NetworkManager stops reading the file there): the line is refused, so ifcfg-eth1 is not part of bond0"

# 14. A slave's MTU changed by hand: its bond's again.
ip link set eth0 mtu 1400
run ifup-bond -c "$CONFDIR" bond0
is "eth0's MTU set by hand: ifup bond0 puts back the bond's" "$rc:$(cat /sys/class/net/eth0/mtu)" "0:1500"
run ifup-bond -n -c "$CONFDIR" bond0
is "... and a second run has nothing to do" "$rc:$out" "0:"

# 10. A device deleted behind the tool's back: the stop still deletes its rules.
rm -f "$CONFDIR/ifcfg-eth1"
slave_files eth1
printf 'from 203.0.113.0/24 lookup 100 priority 150\n' > "$CONFDIR/rule-bond0"
run ifup-bond -c "$CONFDIR" bond0
is "rule-bond0's rule added" "$rc:$(ip rule show priority 150)" "0:150:	from 203.0.113.0/24 lookup 100 proto static"
ip link del bond0
run ifdown-bond -a -c "$CONFDIR"
is "ip link del bond0, then stop: exit 0, its rule gone" "$rc:$(ip rule show priority 150)" "0:"
done_testing
