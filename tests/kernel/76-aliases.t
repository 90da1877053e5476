#!/bin/sh
# Alias files, ifcfg-DEV:N: an address labelled DEV:N, added when DEV comes up
# (ONPARENT) or by ifup DEV:N, removed by ifdown DEV:N; the service IP answers a
# peer in another namespace; reload keeps an alias brought up by hand; a second run
# sends nothing.
. tests/kernel/lib.sh

ipv6_on
ip netns add peer
ip link add eth0 type veth peer name p0 netns peer
ip -n peer link set p0 up
ip -n peer addr add 192.0.2.254/24 dev p0
printf 'DEVICE=eth0\nONBOOT=yes\nIPADDR=192.0.2.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-eth0"
printf 'DEVICE=eth0:1\nIPADDR=192.0.2.100\nPREFIX=24\n' > "$CONFDIR/ifcfg-eth0:1"
printf 'DEVICE=eth0:2\nIPADDR=192.0.2.101\nNETMASK=255.255.255.0\nONPARENT=no\n' > "$CONFDIR/ifcfg-eth0:2"

labels() { ip -4 -o addr show dev eth0 | sed 's/.*inet \([^ ]*\) .* \(eth0[:0-9]*\)\\.*/\1 \2/; s/ *$//'; }
answers() { ip netns exec peer ping -c 1 -W 2 "$1" > /dev/null 2>&1 && echo yes || echo no; }

run ifup-bond -c "$CONFDIR" eth0
is "ifup eth0: exit 0" "$rc:$err" "0:"
is "... its address and eth0:1's, labelled; not eth0:2 (ONPARENT=no)" "$(labels)" \
"192.0.2.1/24 eth0
192.0.2.100/24 eth0:1"
is "the service IP answers the peer" "$(answers 192.0.2.100)" yes

run ifup-bond -c "$CONFDIR" eth0:2
is "ifup eth0:2: exit 0" "$rc:$err" "0:"
is "... its address, labelled" "$(labels | tail -1)" "192.0.2.101/24 eth0:2"
is "... answers" "$(answers 192.0.2.101)" yes

monitor_start
run ifup-bond -a --reload -c "$CONFDIR"
run ifup-bond -c "$CONFDIR" eth0:2
run ifup-bond -c "$CONFDIR" eth0
monitor_stop
is "reload, and ifup eth0:2 and eth0 again: the kernel sent nothing" "$(monitor_lines)" 0

run ifdown-bond -c "$CONFDIR" eth0:2
is "ifdown eth0:2: exit 0, only its address gone" "$rc:$(labels)" "0:192.0.2.1/24 eth0
192.0.2.100/24 eth0:1"
is "... 192.0.2.101 no longer answers" "$(answers 192.0.2.101)" no
run ifdown-bond -c "$CONFDIR" eth0
run ifup-bond -c "$CONFDIR" eth0:1
is "ifup eth0:1 while eth0 is down: exit 1, said" "$rc:$err" \
	"1:ifup-bond: ifcfg-eth0:1: eth0:1: eth0 is not up (ifup eth0 first)"
done_testing
