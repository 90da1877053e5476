#!/bin/sh
# network try: an edit that cuts the admin off (a GATEWAY typo, a new VLAN beside
# it) is applied, and put back after its seconds without anyone at the console: the
# admin host behind the router reaches the server again and the kernel's state is
# exactly what it was (dumps compared).  Confirmed, it stays.  The shell that ran
# it killed, it is still put back; the run itself killed half way, at once.  A
# second try while one is pending is refused.
# A try whose apply has a refused step is put back at once.  ifdown-bond --try of
# the bond: the bond, its slaves, addresses and routes come back.
. tests/kernel/lib.sh

ipv6_on
remote_site

PATH="$TOP/network-scripts:$PATH"
export IFCFG_DIR="$CONFDIR"
printf 'DEVICE=bond0\nONBOOT=yes\nNM_CONTROLLED=no\nBONDING_OPTS="mode=active-backup miimon=100"\nIPADDR=192.0.2.10\nPREFIX=24\nGATEWAY=192.0.2.1\n' > "$CONFDIR/ifcfg-bond0"
printf '10.99.0.0/24 via 192.0.2.1\n' > "$CONFDIR/route-bond0"
slave_files veth0a veth1a
printf 'nameserver 192.0.2.53\n' > /etc/resolv.conf
answers() { ip netns exec adm ping -c 1 -W 1 192.0.2.10 > /dev/null 2>&1 && echo yes || echo no; }
# The kernel's state, for before-and-after: links without their ifindex, addresses,
# routes of every table and rules, sorted; what the kernel changes on its own clock
# (tentative, a link's carrier coming) left out, and what follows a device's
# ifindex by definition (the zeroconf route's metric, 1000 + ifindex, as legacy).
dump() {
	{
		ip -o link show | sed 's/^[0-9]*: //; s/ qlen [0-9]*//; s/,LOWER_UP//; s/state [A-Z]* //; s/link\/ether \([0-9a-f:]*\) brd [0-9a-f:]*/ether \1/'
		ip -o addr show | sed 's/^[0-9]*: //; s/ tentative / /; s/valid_lft.*//'
		ip route show table all | grep -v ' linkdown' | sed 's/^\(169\.254\.0\.0\/16 .* metric\) 10[0-9][0-9]/\1 1000+ifindex/'
		ip -6 route show table all | sed 's/ pref medium//'
		ip rule show
		cat /etc/resolv.conf
	} | sort
}
same_as_before() { dump > /tmp/after; cmp -s /tmp/before /tmp/after; }
pending() { [ -e /run/ifcfg-bond/try/pending ] && echo yes || echo no; }

run network start
is "network start: exit 0" "$rc" 0
is "the admin host reaches the server" "$(answers)" yes
# (The link-local address's detection over, and its local route in.)
check_within "the state settles" 10 sh -c 'ip -6 route show table local | grep -q "fe80.* dev bond0" && ! ip -6 addr show | grep -q tentative'
sleep 1
dump > /tmp/before

# A GATEWAY typo and a new VLAN: the replies to the admin go nowhere.
sed -i 's/^GATEWAY=.*/GATEWAY=192.0.2.2/' "$CONFDIR/ifcfg-bond0"
printf 'DEVICE=bond0.100\nVLAN=yes\nONBOOT=yes\nIPADDR=198.18.0.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-bond0.100"
run network try 8
is "network try 8: exit 0" "$rc" 0
case $out in
*"try: applied; the state before is put back at "*" (in 8 s) unless confirmed: service network confirm"*) pass "... says when it is put back" ;;
*) fail "... says when it is put back" ;;
esac
is "... the admin host is cut off" "$(answers)" no
is "... bond0.100 made" "$(exists bond0.100)" yes
run network status
case $out in
*"A try is pending (ifup-bond -a --reload --try 8 -c $CONFDIR): the state before it is put back at "*) pass "network status shows the pending try" ;;
*) fail "network status shows the pending try" ;;
esac
run network try 8
is "a second try while one is pending: refused" "$rc" 1
case $err in
*"a try is pending"*"confirm it (service network confirm)"*) pass "... saying why" ;;
*) fail "... saying why" ;;
esac
check_within "put back without anyone at the console: the admin host reaches the server" 20 \
	sh -c 'ip netns exec adm ping -c 1 -W 1 192.0.2.10'
is "... the try is over" "$(pending)" no
check_within "... the kernel's state is exactly the one before" 10 same_as_before
same_as_before || diff /tmp/before /tmp/after | sed 's/^/#   /'
is "... bond0.100 gone" "$(exists bond0.100)" no

# Confirmed: kept.  (The files are what a reload applies: back to the good ones.)
run network try 4
is "try again: exit 0" "$rc:$(answers)" "0:no"
run network confirm
is "network confirm: exit 0" "$rc" 0
sleep 6
is "... after its deadline: kept, the admin host still cut off" "$(answers):$(exists bond0.100):$(pending)" "no:yes:no"
run network confirm
is "nothing left to confirm: exit 1" "$rc" 1
sed -i 's/^GATEWAY=.*/GATEWAY=192.0.2.1/' "$CONFDIR/ifcfg-bond0"
rm "$CONFDIR/ifcfg-bond0.100"
run network reload
is "the files put right, reload: exit 0" "$rc:$(answers)" "0:yes"
check_within "... the state is the one before again" 10 same_as_before

# The shell that ran the try killed (the SSH session it cut off): put back all the same.
sed -i 's/^GATEWAY=.*/GATEWAY=192.0.2.2/' "$CONFDIR/ifcfg-bond0"
setsid sh -c 'network try 5 > /dev/null 2>&1; sleep 60' &
check_within "a try from a shell" 10 sh -c 'test -e /run/ifcfg-bond/try/pending && ! ip netns exec adm ping -c 1 -W 1 192.0.2.10'
pkill -9 -f 'sleep 60'
pkill -9 -f 'network try 5'
check_within "... the shell killed: put back all the same" 20 sh -c 'ip netns exec adm ping -c 1 -W 1 192.0.2.10'
check_within "... exactly the state before" 10 same_as_before

# The run itself killed half way (here in a local hook that hangs): put back at
# once, not at its deadline.
mkdir -p /tmp/hooks
printf '#!/bin/sh
sleep 30
' > /tmp/hooks/ifup-local
chmod 755 /tmp/hooks/ifup-local
IFCFG_BOND_HOOKS=/tmp/hooks ifup-bond -a --reload --try 120 -c "$CONFDIR" > /dev/null 2>&1 &
runner=$!
check_within "a run that hangs after applying" 10 sh -c '! ip netns exec adm ping -c 1 -W 1 192.0.2.10'
kill -9 "$runner"
rm /tmp/hooks/ifup-local
pkill -9 -f 'sleep 30'
check_within "... killed: put back at once, not in 120 s" 10 sh -c 'ip netns exec adm ping -c 1 -W 1 192.0.2.10'
check_within "... exactly the state before" 10 same_as_before
check_within "... nothing pending" 10 sh -c '! test -e /run/ifcfg-bond/try/pending'
sed -i 's/^GATEWAY=.*/GATEWAY=192.0.2.1/' "$CONFDIR/ifcfg-bond0"

# A refused step: put back at once.
printf '10.99.0.0/24 via 192.0.2.1\n10.50.0.0/24 via 10.60.0.1\n' > "$CONFDIR/route-bond0"
sed -i 's/^IPADDR=.*/IPADDR=192.0.2.11/' "$CONFDIR/ifcfg-bond0"
run network try 60
is "a try with a refused step: exit 2" "$rc" 2
case $err in
*"route-bond0:2: refused: "*"try: the change did not apply as the files say: putting back the state before it"*) pass "... said, and put back at once" ;;
*) fail "... said, and put back at once" ;;
esac
is "... nothing pending, the admin host reaches the old address" "$(pending):$(answers)" "no:yes"
check_within "... exactly the state before" 10 same_as_before
printf '10.99.0.0/24 via 192.0.2.1\n' > "$CONFDIR/route-bond0"
sed -i 's/^IPADDR=.*/IPADDR=192.0.2.10/' "$CONFDIR/ifcfg-bond0"

# ifdown --try of the bond itself: it comes back with its slaves, address, routes.
run ifdown-bond --try 4 -c "$CONFDIR" bond0
is "ifdown-bond --try 4 bond0: exit 0, the bond gone" "$rc:$(exists bond0)" "0:no"
check_within "... put back: the admin host reaches the server" 20 sh -c 'ip netns exec adm ping -c 1 -W 1 192.0.2.10'
is "... its slaves" "$(sysval bond0 slaves)" "veth0a veth1a"
check_within "... exactly the state before" 10 same_as_before
same_as_before || diff /tmp/before /tmp/after | sed 's/^/#   /'

no_bond_warnings "$MAC_KEPT"
done_testing
