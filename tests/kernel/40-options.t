#!/bin/sh
# Every option of the table set to a non-default value in a mode that accepts it,
# then read back from the kernel (sysfs, and `ip -d link` for netlink-only ones).
. tests/kernel/lib.sh

ipv6_on

mk_dummy eth0
mk_dummy eth1
slave_files eth0 eth1
kver=$(uname -r)
echo "# kernel $kver"
dmesg_mark

# group NAME BONDING_OPTS, then lines "sysfs-name expected-readback" on stdin.
group() {
	printf 'DEVICE=bond0\nIPADDR=10.0.0.5\nPREFIX=24\nBONDING_OPTS="%s"\n' "$2" > "$CONFDIR/ifcfg-bond0"
	run ifup-bond -c "$CONFDIR" bond0
	is "$1: ifup-bond exits 0" "$rc" 0
	while read -r opt want; do
		[ -n "$opt" ] || continue
		eventually "$1: $opt" "$want" sysval bond0 "$opt"
	done
	run ifup-bond -v -c "$CONFDIR" bond0
	is "$1: a second run changes nothing" "$out" "ifup-bond: bond0: nothing to change"
	run ifdown-bond -c "$CONFDIR" bond0
	is "$1: ifdown-bond exits 0" "$rc" 0
}

group balance-rr "mode=balance-rr packets_per_slave=3 arp_interval=200 arp_ip_target=10.0.0.1,10.0.0.2 arp_validate=all arp_all_targets=all arp_missed_max=5 all_slaves_active=1 resend_igmp=5 num_grat_arp=4 min_links=2 primary_reselect=better xmit_hash_policy=layer2+3 lp_interval=7 fail_over_mac=follow use_carrier=0" <<-EOT
	mode balance-rr 0
	packets_per_slave 3
	arp_interval 200
	arp_ip_target 10.0.0.1 10.0.0.2
	arp_validate all 3
	arp_all_targets all 1
	arp_missed_max 5
	all_slaves_active 1
	resend_igmp 5
	num_grat_arp 4
	num_unsol_na 4
	min_links 2
	primary_reselect better 1
	xmit_hash_policy layer2+3 2
	lp_interval 7
	fail_over_mac follow 2
	use_carrier 0
	miimon 0
	EOT

printf 'DEVICE=bond0\nBONDING_OPTS="mode=balance-rr arp_interval=200 arp_ip_target=10.0.0.1 ns_ip6_target=2001:db8::1"\n' > "$CONFDIR/ifcfg-bond0"
ifup-bond -c "$CONFDIR" bond0 >/dev/null 2>&1
check "ns_ip6_target (netlink only) read back" sh -c 'ip -d link show bond0 | grep -q "ns_ip6_target 2001:db8::1"'
ifdown-bond -c "$CONFDIR" bond0

group active-backup "mode=active-backup miimon=100 updelay=200 downdelay=300 peer_notif_delay=400 primary=eth1 fail_over_mac=active num_unsol_na=3" <<-EOT
	mode active-backup 1
	miimon 100
	updelay 200
	downdelay 300
	peer_notif_delay 400
	primary eth1
	active_slave eth1
	fail_over_mac active 1
	num_grat_arp 3
	EOT

group 802.3ad "mode=802.3ad miimon=50 lacp_rate=fast lacp_active=off ad_select=bandwidth ad_user_port_key=5 ad_actor_sys_prio=100 ad_actor_system=02:00:00:00:00:01 min_links=1 xmit_hash_policy=encap3+4" <<-EOT
	mode 802.3ad 4
	miimon 50
	lacp_rate fast 1
	lacp_active off 0
	ad_select bandwidth 1
	ad_user_port_key 5
	ad_actor_sys_prio 100
	ad_actor_system 02:00:00:00:00:01
	min_links 1
	xmit_hash_policy encap3+4 4
	EOT

group balance-tlb "mode=balance-tlb tlb_dynamic_lb=0 lp_interval=3 xmit_hash_policy=vlan+srcmac" <<-EOT
	mode balance-tlb 5
	tlb_dynamic_lb 0
	lp_interval 3
	xmit_hash_policy vlan+srcmac 5
	miimon 100
	EOT

# Link keys of the bond: MTU and MACADDR (set before the first slave joins), two
# addresses, a GATEWAY with DEFROUTE=no.
mac0=$(sysval eth0 ./address)
printf 'DEVICE=bond0\nBONDING_OPTS="mode=active-backup miimon=100"\nMTU=9000\nMACADDR=02:00:00:00:00:99\nIPADDR0=192.0.2.1\nPREFIX0=24\nIPADDR1=198.51.100.1\nNETMASK1=255.255.255.128\nGATEWAY=192.0.2.254\nDEFROUTE=no\n' > "$CONFDIR/ifcfg-bond0"
run ifup-bond -c "$CONFDIR" bond0
is "link keys: exit 0" "$rc" 0
is "bond MTU" "$(sysval bond0 ./mtu)" 9000
is "slave MTU follows" "$(sysval eth1 ./mtu)" 9000
is "bond MAC" "$(sysval bond0 ./address)" 02:00:00:00:00:99
is "slave wears the bond's MAC" "$(sysval eth0 ./address)" 02:00:00:00:00:99
check "both addresses" sh -c 'ip -4 -o addr show dev bond0 | grep -q "192.0.2.1/24" && ip -4 -o addr show dev bond0 | grep -q "198.51.100.1/25"'
check "no default route (DEFROUTE=no)" sh -c '! ip route show default | grep -q .'
run ifup-bond -v -c "$CONFDIR" bond0
is "link keys: a second run changes nothing" "$out" "ifup-bond: bond0: nothing to change"
# Both slaves down one by one, the last leaves the bond a random MAC; a slave's ifup
# puts MACADDR back before it joins.
run ifdown-bond -c "$CONFDIR" eth0
run ifdown-bond -c "$CONFDIR" eth1
run ifup-bond -c "$CONFDIR" eth1
is "ifup of a slave into an emptied bond: exit 0" "$rc" 0
is "the bond wears MACADDR again" "$(sysval bond0 ./address)" 02:00:00:00:00:99
run ifup-bond -c "$CONFDIR" eth0
is "both slaves back" "$(sysval bond0 slaves)" "eth1 eth0"
# One address less, edited live.
sed -i '/^IPADDR1=/d; /^NETMASK1=/d' "$CONFDIR/ifcfg-bond0"
run ifup-bond -c "$CONFDIR" bond0
check "address removed from the file, removed from the bond" sh -c '! ip -4 -o addr show dev bond0 | grep -q "198.51.100.1"'
ifdown-bond -c "$CONFDIR" bond0
is "a released slave gets its own MAC back" "$(sysval eth0 ./address)" "$mac0"

# BOOTPROTO=dhcp: the address and default route a DHCP client set are left alone
# by ifup, and a running client too; ifdown stops it and removes them.  The client
# is a stand-in here (a process named dhclient behind its pid file; the real one
# against a real server: 68-dhcp).
mk_dummy eth5
ip link set dev eth5 up
ip addr add 10.9.0.7/16 dev eth5
ip route add default via 10.9.0.1 dev eth5
cp /bin/sleep /tmp/dhclient
/tmp/dhclient 600 &
echo $! > /run/dhclient-eth5.pid
printf 'DEVICE=eth5\nBOOTPROTO=dhcp\nONBOOT=yes\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth5"
run ifup-bond -v -c "$CONFDIR" eth5
is "dhcp: ifup exits 0" "$rc" 0
is "dhcp: nothing to change" "$out" "ifup-bond: eth5: nothing to change"
check "dhcp: the client's address kept" sh -c 'ip -4 -o addr show dev eth5 | grep -q "10.9.0.7/16"'
check "dhcp: the client's default route kept" sh -c 'ip route show default | grep -q "via 10.9.0.1 dev eth5"'
# A second file with a GATEWAY: the default route is not taken from eth5.
mk_dummy eth6
printf 'DEVICE=eth6\nIPADDR=10.8.0.2\nPREFIX=24\nGATEWAY=10.8.0.1\n' > "$CONFDIR/ifcfg-eth6"
run ifup-bond -c "$CONFDIR" eth6
is "second default route: ifup exits 0" "$rc" 0
is "second default route: said, not replaced" "$err" "ifup-bond: ifcfg-eth6:4: warning: GATEWAY: the default route is via 10.9.0.1 dev eth5 already; not replaced (set DEFROUTE=no in one of the files)"
check "second default route: eth5 keeps it" sh -c '[ "$(ip route show default)" = "default via 10.9.0.1 dev eth5 " ]'
is "second default route: eth6 up" "$(is_up eth6)" yes
ip link del eth6
rm "$CONFDIR/ifcfg-eth6"
run ifdown-bond -c "$CONFDIR" eth5
is "dhcp: ifdown exits 0" "$rc" 0
check "dhcp: ifdown removes the address" sh -c '! ip -4 -o addr show dev eth5 | grep -q 10.9.0.7'
is "dhcp: ifdown takes the link down" "$(is_up eth5)" no
is "dhcp: ifdown stopped the client" "$(ls /run/dhclient-eth5.pid 2>/dev/null):$(jobs -r | wc -l)" ":0"

# Per-slave options: queue_id on any mode, prio in active-backup.
printf 'DEVICE=bond0\nBONDING_OPTS="mode=active-backup miimon=100"\n' > "$CONFDIR/ifcfg-bond0"
printf 'DEVICE=eth1\nMASTER=bond0\nSLAVE=yes\nBOND_PORT_QUEUE_ID=2\nBOND_PORT_PRIO=5\n' > "$CONFDIR/ifcfg-eth1"
run ifup-bond -c "$CONFDIR" bond0
is "slave options: exit 0" "$rc" 0
is "queue_id of eth1" "$(sysval eth1 bonding_slave/queue_id)" 2
check "prio of eth1 (netlink only)" sh -c 'ip -d link show eth1 | grep -q "prio 5"'
run ifup-bond -v -c "$CONFDIR" bond0
is "slave options: a second run changes nothing" "$out" "ifup-bond: bond0: nothing to change"
ifdown-bond -c "$CONFDIR" bond0

# Options newer than some kernels (coupled_control 6.9, broadcast_neighbor 6.17,
# lacp_strict 7.2; stable trees backport some).  A kernel that lacks one drops the
# attribute silently, so: reported back => applied; not reported => ifup-bond must
# say so instead of claiming success.
for o in "coupled_control=0 6.9" "broadcast_neighbor=1 6.17" "lacp_strict=1 7.2"; do
	opt=${o% *} since=${o#* } name=${o%%=*}
	printf 'DEVICE=bond0\nBONDING_OPTS="mode=802.3ad %s"\n' "$opt" > "$CONFDIR/ifcfg-bond0"
	run ifup-bond -c "$CONFDIR" bond0
	is "$name: exit 0" "$rc" 0
	state=$(build/probe_rtnl "show bond0")
	case $state in
	*" $name="*)
		case $state in
		*" $opt "*|*" $opt") pass "$name: applied (this kernel has it)" ;;
		*) fail "$name: applied (this kernel has it)"; echo "# $state" ;;
		esac ;;
	*)
		case $err in
		*"$name: not supported by this kernel (Linux $since or later); ignored"*)
			pass "$name: this kernel lacks it, and ifup-bond says so" ;;
		*) fail "$name: this kernel lacks it, and ifup-bond says so" ;;
		esac ;;
	esac
	ifdown-bond -c "$CONFDIR" bond0
done

# What dummy slaves cannot do, whatever the order of steps: report a speed (802.3ad),
# answer LACP, or report MII status by ioctl (use_carrier=0).
no_bond_warnings "No 802.3ad response" "failed to get link speed" "speed changed to 0" \
	"no link monitoring support" "MII and ETHTOOL support not available"
done_testing
