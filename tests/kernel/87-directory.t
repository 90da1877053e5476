#!/bin/sh
# A whole server's directory, with IPv6 on: lo, a bond over two NICs behind a
# switch (ETHTOOL_OPTS on a slave), its alias, a VLAN on it, /etc/sysconfig/network's
# GATEWAY and IPV6_DEFAULTGW, route-, route6-, rule- and rule6- files, DNS; the
# router in the switch namespace advertises a prefix (radvd), so the bond also has
# the kernel's link-local and SLAAC addresses and an RA's default route.  Everything
# answers through the network service; then a second network start and a reload
# send the kernel nothing and leave resolv.conf alone, and network stop takes down
# what it brought up, leaving no route or rule of ours.
. tests/kernel/lib.sh

ipv6_on
export IFCFG_DIR="$CONFDIR"
PATH="$TOP/network-scripts:$PATH"

# The switch, with the router on it: untagged 192.0.2.0/24 and 2001:db8:1::/64,
# VLAN 100 198.51.100.0/24, and networks behind it only static routes reach.
ip netns add sw
ip -n sw link add br0 type bridge
for i in 0 1; do
	ip link add eth$i type veth peer name p$i netns sw
	ip -n sw link set p$i master br0 up
done
ip -n sw link set br0 up
ip -n sw link add link br0 name br0.100 type vlan id 100
ip -n sw link set br0.100 up
ip -n sw link add far type dummy
ip -n sw link set far up
ip netns exec sw sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip -n sw addr add 192.0.2.254/24 dev br0
ip -n sw -6 addr add 2001:db8:1::fe/64 dev br0 nodad
ip -n sw addr add 198.51.100.1/24 dev br0.100
ip -n sw addr add 10.9.0.1/24 dev far
ip -n sw -6 addr add 2001:db8:9::1/64 dev far nodad
printf 'interface br0 {\n\tAdvSendAdvert on;\n\tUnicastOnly on;\n\tprefix 2001:db8:1::/64 { };\n};\n' > /tmp/radvd.conf
ip netns exec sw radvd -C /tmp/radvd.conf -p /tmp/radvd.pid -m logfile -l /tmp/radvd.log

printf 'DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\nONBOOT=yes\n' > "$CONFDIR/ifcfg-lo"
cat > "$CONFDIR/ifcfg-bond0" <<'F'
DEVICE=bond0
ONBOOT=yes
BOOTPROTO=none
BONDING_OPTS="mode=active-backup miimon=100 primary=eth0"
IPADDR=192.0.2.10
PREFIX=24
IPV6INIT=yes
IPV6ADDR=2001:db8:1::10/64
DNS1=192.0.2.53
DOMAIN=example.com
F
slave_files eth0 eth1
printf 'ETHTOOL_OPTS="-K eth1 tso off"\n' >> "$CONFDIR/ifcfg-eth1"
printf 'DEVICE=bond0:1\nIPADDR=192.0.2.20\nPREFIX=24\n' > "$CONFDIR/ifcfg-bond0:1"
printf 'DEVICE=bond0.100\nVLAN=yes\nONBOOT=yes\nIPADDR=198.51.100.10\nPREFIX=24\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-bond0.100"
printf '10.9.0.0/24 via 192.0.2.254\n' > "$CONFDIR/route-bond0"
printf '2001:db8:9::/64 via 2001:db8:1::fe\n' > "$CONFDIR/route6-bond0"
printf 'ADDRESS0=10.77.0.0\nNETMASK0=255.255.0.0\nGATEWAY0=198.51.100.1\nOPTIONS0="table 100"\n' > "$CONFDIR/route-bond0.100"
printf 'from 198.51.100.10 lookup 100 priority 1000\n' > "$CONFDIR/rule-bond0.100"
printf 'from 2001:db8:1::10 lookup 100 priority 1001\n' > "$CONFDIR/rule6-bond0"
printf 'NETWORKING=yes\nGATEWAY=192.0.2.254\nIPV6_DEFAULTGW=2001:db8:1::fe\n' > /tmp/network

run network start
is "network start: exit 0, quiet" "$rc:$err" "0:"
is "... bond0 with both slaves" "$(sysval bond0 slaves)" "eth0 eth1"
is "... eth1's tso off" "$(ethtool -k eth1 | sed -n 's/^tcp-segmentation-offload: //p')" off
check "... the router answers over the bond (IPv4)" ping -c 1 -W 2 192.0.2.254
check "... the alias answers" ping -c 1 -W 2 -I 192.0.2.20 192.0.2.254
check "... the VLAN answers" ping -c 1 -W 2 198.51.100.1
check "... the network behind the router, through route-bond0" ping -c 1 -W 2 10.9.0.1
check "... and through route6-bond0" ping -6 -c 1 -W 2 2001:db8:9::1
check "... the IPv6 default route, from /tmp/network's IPV6_DEFAULTGW" \
	sh -c 'ip -6 route show default | grep -q "via 2001:db8:1::fe dev bond0 proto static"'
is "... the rules" "$(ip rule show priority 1000):$(ip -6 rule show priority 1001)" \
	"1000:	from 198.51.100.10 lookup 100 proto static:1001:	from 2001:db8:1::10 lookup 100 proto static"
is "... the VLAN's table 100 route (the assignment format)" "$(ip route show table 100 | sed 's/ *$//')" \
	"10.77.0.0/16 via 198.51.100.1 dev bond0.100 proto static"
is "... resolv.conf" "$(cat /etc/resolv.conf)" "search example.com
nameserver 192.0.2.53"
check_within "... the router's advertisement: a SLAAC address on bond0" 10 \
	sh -c 'ip -6 addr show dev bond0 dynamic | grep "inet6 2001:db8:1:" | grep -qv tentative'
check "... and its default route beside ours" sh -c 'ip -6 route show default proto ra | grep -q "dev bond0"'
check "... the link-local addresses (bond, VLAN)" \
	sh -c 'ip -6 addr show dev bond0 scope link | grep -q fe80:: && ip -6 addr show dev bond0.100 scope link | grep -q fe80::'

# Everything again, with nothing edited: the kernel hears nothing; resolv.conf is
# not rewritten.
before=$(link_counters bond0 bond0.100 eth0 eth1)
rmtime=$(stat -c %Y.%i /etc/resolv.conf)
monitor_start
run network start
rc_start=$rc
run network reload
rc_reload=$rc
monitor_stop
is "a second network start and a reload: exit 0, quiet" "$rc_start:$rc_reload:$err" "0:0:"
is "... nothing sent: ip monitor saw no change" "$(monitor_lines)" 0
is "... no link flapped" "$(link_counters bond0 bond0.100 eth0 eth1)" "$before"
is "... resolv.conf not rewritten" "$(stat -c %Y.%i /etc/resolv.conf)" "$rmtime"
run ifup-bond -a -v -c "$CONFDIR"
is "... ifup-bond -a -v: nothing to change anywhere" \
	"$(printf '%s\n' "$out" | grep -c -v -e ': nothing to change$' -e 'OK')" 0

run network stop
is "network stop: exit 0" "$rc" 0
is "... bond0 and its VLAN gone" "$(exists bond0):$(exists bond0.100)" "no:no"
is "... no route or rule of ours left" \
	"$(ip route show proto static table all | wc -l):$(ip -6 route show proto static table all | wc -l):$(ip rule show priority 1000 | wc -l):$(ip -6 rule show priority 1001 | wc -l)" \
	"0:0:0:0"
kill "$(cat /tmp/radvd.pid)"
done_testing
