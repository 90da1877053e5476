#!/bin/sh
# The netlink layer alone (rtnl.c through build/probe_rtnl): every writer, read
# back through our parser and through sysfs, and the kernel's refusals with their
# errno and extended-ACK text; once under valgrind.
. tests/kernel/lib.sh

ipv6_on

P=build/probe_rtnl
modprobe bonding max_bonds=0
printf 'link add d0 type dummy\nlink add d1 type dummy\nlink add d2 type dummy\n' > /tmp/batch
ip -batch /tmp/batch

run $P "create bond0 mode=1 miimon=100 updelay=200 downdelay=100 fail_over_mac=1 primary_reselect=2 num_grat_arp=3 resend_igmp=5 all_slaves_active=1 min_links=1 lp_interval=3 arp_ip_target=192.0.2.10,192.0.2.9" \
	"check bond0 mode=1 miimon=100 updelay=200 downdelay=100 fail_over_mac=1 primary_reselect=2 num_grat_arp=3 resend_igmp=5 all_slaves_active=1 min_links=1 lp_interval=3 arp_ip_target=192.0.2.9,192.0.2.10"
is "create with options in one message, read back" "$rc" 0
is "sysfs agrees: fail_over_mac" "$(sysval bond0 fail_over_mac)" "active 1"
is "sysfs agrees: targets" "$(sysval bond0 arp_ip_target)" "192.0.2.9 192.0.2.10"
run $P "up bond0" "change bond0 miimon=200 downdelay=400 arp_ip_target=192.0.2.22,192.0.2.20" \
	"check bond0 miimon=200 downdelay=400 arp_ip_target=192.0.2.20,192.0.2.22"
is "live change, targets replaced as a whole" "$rc" 0
run $P "change bond0 arp_ip_target=" "check bond0 arp_ip_target="
is "targets cleared with an empty nest" "$rc" 0
is "sysfs agrees: no targets" "$(sysval bond0 arp_ip_target)" ""
run $P "master d0 bond0" "master d1 bond0" "up d2" "!EPERM master d2 bond0" \
	"slave d0 queue_id=2 prio=10" "change bond0 primary=d1" \
	"!EACCES change bond0 lacp_rate=1" "!ENOTEMPTY change bond0 mode=0" "!EBUSY change bond0 ad_select=1"
is "enslave, slave options, primary; refusals carry errno and the kernel's text" "$rc" 0
is "queue_id by netlink" "$(sysval d0 bonding_slave/queue_id)" 2
is "primary by netlink" "$(sysval bond0 primary)" d1
run $P "mtu bond0 9000" "mac bond0 02:00:00:00:00:42" "addr add bond0 192.0.2.1/24" \
	"?EEXIST addr add bond0 192.0.2.1/24" "route add bond0 192.0.2.254" \
	"route del bond0 192.0.2.254" "?ESRCH route del bond0 192.0.2.254" \
	"addr del bond0 192.0.2.1/24" "?EADDRNOTAVAIL addr del bond0 192.0.2.1/24"
is "MTU, MAC, address and route writers" "$rc" 0
is "MTU reached the slave" "$(sysval d0 ./mtu)" 9000
run $P "nomaster d1" "del bond0" "?ENODEV get nosuch"
is "release and delete" "$rc" 0
is "bond0 gone" "$(exists bond0)" no
run $P "create b4 mode=4 lacp_rate=1 ad_select=2 xmit_hash_policy=1 ad_user_port_key=5 ad_actor_sys_prio=100 ad_actor_system=02:11:22:33:44:55 miimon=50" \
	"check b4 mode=4 lacp_rate=1 ad_select=2 xmit_hash_policy=1 ad_user_port_key=5 ad_actor_sys_prio=100 ad_actor_system=02:11:22:33:44:55 miimon=50" \
	"?EINVAL create b7 mode=1 miimon=100 arp_interval=100" "?EEXIST create b4"
is "802.3ad attributes; miimon with arp_interval refused in one message" "$rc" 0

run_valgrind $P "create bv mode=1 miimon=100 arp_ip_target=192.0.2.3,192.0.2.1 ns_ip6_target=2001:db8::1" \
	"check bv mode=1 miimon=100 arp_ip_target=192.0.2.1,192.0.2.3 ns_ip6_target=2001:db8::1" \
	"change bv arp_ip_target= ns_ip6_target=" "up bv" "down d2" "master d2 bv" "!ENOTEMPTY change bv mode=4" \
	"state" "del bv"
is "the probe under valgrind: every call did what it should" "$rc" 0

# The refusals above were provoked on purpose; the kernel logs each of them.
no_bond_warnings "mode dependency failed" "unable to set because the bond device"
done_testing
