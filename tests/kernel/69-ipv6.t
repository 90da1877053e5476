#!/bin/sh
# IPv6 with IPv6 on in the guest: IPV6ADDR and IPV6ADDR_SECONDARIES added once the
# device is up, waited for through duplicate address detection, the default route
# through IPV6_DEFAULTGW answers (a router in a peer namespace, a host behind it);
# the kernel's link-local address, an autoconfigured-like one and one added by hand
# are never touched, a second ifup and a reload send nothing, reload removes exactly
# a dropped secondary; an address another host has is dadfailed, refused at its
# line; ifdown takes ours.  With a router's advertisements (radvd), the SLAAC
# address and the kernel's default route stay and ours goes in beside them.
# route6-DEV and rule6-DEV: a network reachable only through a static route, a rule
# that selects a table; reload after removing a line removes exactly that route.
. tests/kernel/lib.sh

ipv6_on
ip netns add peer
ip netns add far
ip link add eth0 type veth peer name p0 netns peer
ip -n peer link add pf type veth peer name ff netns far
ip netns exec peer sysctl -q -w net.ipv6.conf.all.forwarding=1
ip -n peer link set p0 up
ip -n peer link set pf up
ip -n far link set ff up
ip -n peer -6 addr add 2001:db8:1::fe/64 dev p0 nodad
ip -n peer -6 addr add 2001:db8:2::fe/64 dev pf nodad
ip -n far -6 addr add 2001:db8:2::1/64 dev ff nodad
ip -n far -6 route add default via 2001:db8:2::fe
cat > "$CONFDIR/ifcfg-eth0" <<'F'
DEVICE=eth0
NOZEROCONF=yes
IPV6INIT=yes
IPV6ADDR=2001:db8:1::10/64
IPV6ADDR_SECONDARIES="2001:db8:1::11 2001:db8:1::12/64"
IPV6_DEFAULTGW=2001:db8:1::fe
F
global6() { ip -6 -o addr show dev eth0 scope global | sed 's/^[0-9]*: eth0 *inet6 \([^ ]*\) .*/\1/' | sort | tr '\n' ' '; }

run ifup-bond -c "$CONFDIR" eth0
is "ifup eth0: exit 0, quiet" "$rc:$err" "0:"
is "... its three addresses" "$(global6)" "2001:db8:1::10/64 2001:db8:1::11/64 2001:db8:1::12/64 "
# Scope global: the kernel's link-local address runs its own detection, not waited for.
is "... none tentative: the run waited for the detection" "$(ip -6 addr show dev eth0 scope global tentative | grep -c inet6)" 0
is "... the default route, ours" "$(ip -6 route show default | sed 's/ *$//')" \
	"default via 2001:db8:1::fe dev eth0 proto static metric 1024 pref medium"
check "... a host behind the router answers" ping -6 -c 1 -W 2 2001:db8:2::1
is "... the kernel's link-local address is there" "$(ip -6 addr show dev eth0 scope link | grep -c 'inet6 fe80::')" 1

# Not ours: an autoconfigured-like (dynamic) address and one added by hand.
ip -6 addr add 2001:db8:1::99/64 dev eth0 valid_lft 3600 preferred_lft 1800 nodad
ip -6 addr add 2001:db8:1::98/64 dev eth0 nodad
monitor_start
run ifup-bond -c "$CONFDIR" eth0
run ifup-bond -a --reload -c "$CONFDIR"
monitor_stop
is "a second ifup and a reload: nothing sent" "$(monitor_lines)" 0
is "... the others' addresses kept" "$(global6)" \
	"2001:db8:1::10/64 2001:db8:1::11/64 2001:db8:1::12/64 2001:db8:1::98/64 2001:db8:1::99/64 "

sed -i 's|^IPV6ADDR_SECONDARIES=.*|IPV6ADDR_SECONDARIES="2001:db8:1::11"|' "$CONFDIR/ifcfg-eth0"
run ifup-bond -a --reload -c "$CONFDIR"
is "a secondary dropped, reload: exactly it goes" "$rc:$(global6)" \
	"0:2001:db8:1::10/64 2001:db8:1::11/64 2001:db8:1::98/64 2001:db8:1::99/64 "

# The router has ::50: duplicate address detection fails, at its line.
ip -n peer -6 addr add 2001:db8:1::50/64 dev p0 nodad
sed -i 's|^IPV6ADDR_SECONDARIES=.*|IPV6ADDR_SECONDARIES="2001:db8:1::11 2001:db8:1::50"|' "$CONFDIR/ifcfg-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "an address the router has: exit 2" "$rc" 2
case $err in
*"ifup-bond: ifcfg-eth0:5: refused: wait up to 5 s for the duplicate address detection of 2001:db8:1::50 on eth0"*"ifup-bond: 2001:db8:1::50: duplicate address detection failed (dadfailed): another host on eth0's link has it"*) pass "... dadfailed, said at its line" ;;
*) fail "... dadfailed, said at its line"; printf '%s\n' "$err" | sed 's/^/#   /' ;;
esac
run ifup-bond -c "$CONFDIR" eth0
is "... a second run tries the detection again: still refused" "$rc:$(printf '%s\n' "$err" | grep -c dadfailed)" 2:1
ip -n peer -6 addr del 2001:db8:1::50/64 dev p0
run ifup-bond -c "$CONFDIR" eth0
is "... the router gave it up: the next run has it" "$rc:$(ip -6 addr show dev eth0 | grep '2001:db8:1::50/' | grep -c -v -e dadfailed -e tentative)" 0:1
sed -i 's|^IPV6ADDR_SECONDARIES=.*|IPV6ADDR_SECONDARIES="2001:db8:1::11"|' "$CONFDIR/ifcfg-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "... out of the file again: it (ours) goes" "$rc:$(ip -6 addr show dev eth0 | grep -c 2001:db8:1::50)" "0:0"

run ifdown-bond -c "$CONFDIR" eth0
is "ifdown: exit 0, ours and the route gone" "$rc:$(ip -6 addr show dev eth0 | grep -c -E '2001:db8:1::1[01]/'):$(ip -6 route show default | wc -l)" "0:0:0"

# /etc/sysconfig/network's IPV6_DEFAULTGW: for the device in its subnet, whose file
# gives none; IPV6_DEFAULTDEV alone in the file: a device route.
printf 'DEVICE=eth0\nNOZEROCONF=yes\nIPV6ADDR=2001:db8:1::10/64\n' > "$CONFDIR/ifcfg-eth0"
printf 'IPV6_DEFAULTGW=2001:db8:1::fe\n' > /tmp/network
run ifup-bond -c "$CONFDIR" eth0
is "the global IPV6_DEFAULTGW: eth0's default route" "$rc:$err:$(ip -6 route show default | sed 's/ *$//')" \
	"0::default via 2001:db8:1::fe dev eth0 proto static metric 1024 pref medium"
rm /tmp/network
printf 'DEVICE=eth0\nNOZEROCONF=yes\nIPV6ADDR=2001:db8:1::10/64\nIPV6_DEFAULTDEV=eth0\n' > "$CONFDIR/ifcfg-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "IPV6_DEFAULTDEV alone: a device route in place of ours" "$rc:$err:$(ip -6 route show default | sed 's/ *$//')" \
	"0::default dev eth0 proto static metric 1024 pref medium"
run ifdown-bond -c "$CONFDIR" eth0

# A router that advertises (radvd, answering only the kernel's solicitations): a
# SLAAC address and a default route (proto ra, metric 1024) that are the kernel's.
# Ours goes in beside that route at the same metric; a second run and a reload send
# nothing and leave both of the kernel's; ifdown takes only ours.
printf 'interface p0 {\n\tAdvSendAdvert on;\n\tUnicastOnly on;\n\tprefix 2001:db8:1::/64 { };\n};\n' > /tmp/radvd.conf
ip netns exec peer radvd -C /tmp/radvd.conf -p /tmp/radvd.pid -m logfile -l /tmp/radvd.log
printf 'DEVICE=eth0\nNOZEROCONF=yes\nIPV6ADDR=2001:db8:1::10/64\n' > "$CONFDIR/ifcfg-eth0"
run ifup-bond -c "$CONFDIR" eth0
check_within "the router's advertisement: a default route of the kernel's" 10 \
	sh -c 'ip -6 route show default proto ra | grep -q "via fe80::"'
check_within "... and a SLAAC address" 5 sh -c 'ip -6 addr show dev eth0 dynamic | grep -q "inet6 2001:db8:1:"'
printf 'IPV6_DEFAULTGW=2001:db8:1::fe\n' >> "$CONFDIR/ifcfg-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "IPV6_DEFAULTGW beside it: exit 0, quiet" "$rc:$err" "0:"
is "... both default routes" "$(ip -6 route show default | sed -n 's/^default via \([^ ]*\) dev eth0 proto \([a-z]*\) metric \([0-9]*\).*/\1 \2 \3/p' | sort | tr '\n' ' ')" \
	"2001:db8:1::fe static 1024 fe80::$(ip -n peer -6 addr show dev p0 scope link | sed -n 's/.*inet6 fe80::\([^/]*\).*/\1/p') ra 1024 "
run ifup-bond -v -c "$CONFDIR" eth0
is "... a second run: nothing to change" "$out" "ifup-bond: eth0: nothing to change"
run ifup-bond -a -v --reload -c "$CONFDIR"
is "... a reload: nothing to change (lo, eth0)" "$rc:$(printf '%s\n' "$out" | grep -c ': nothing to change$')" "0:2"
is "... the kernel's route and address kept" \
	"$(ip -6 route show default proto ra | wc -l):$(ip -6 addr show dev eth0 dynamic | grep -c 'inet6 2001:db8:1:')" "1:1"
sed -i '/^IPV6_DEFAULTGW=/d' "$CONFDIR/ifcfg-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "... IPV6_DEFAULTGW out of the file: only ours goes" \
	"$rc:$(ip -6 route show default proto static | wc -l):$(ip -6 route show default proto ra | wc -l)" "0:0:1"
kill "$(cat /tmp/radvd.pid)"
run ifdown-bond -c "$CONFDIR" eth0

# route6-eth0 and rule6-eth0: the far network only through a static route, and
# 2001:db8:5::/64 (behind far) only through table 100, which the rule selects for
# the source ::20.  No default route in main.
ip -n far -6 addr add 2001:db8:5::1/128 dev ff nodad
ip -n peer -6 route add 2001:db8:5::/64 via 2001:db8:2::1
printf 'DEVICE=eth0\nNOZEROCONF=yes\nIPV6ADDR=2001:db8:1::10/64\nIPV6ADDR_SECONDARIES=2001:db8:1::20/64\nIPV6_AUTOCONF=no\n' > "$CONFDIR/ifcfg-eth0"
printf '# the far side\n2001:db8:2::/64 via 2001:db8:1::fe\ndefault via 2001:db8:1::fe table 100\n' > "$CONFDIR/route6-eth0"
printf 'from 2001:db8:1::20 lookup 100 priority 1000\n' > "$CONFDIR/rule6-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "route6 and rule6: exit 0, quiet" "$rc:$err" "0:"
is "... the routes, ours" "$(ip -6 route show proto static table all | sed 's/ *$//' | sort)" \
	"2001:db8:2::/64 via 2001:db8:1::fe dev eth0 metric 1024 pref medium
default via 2001:db8:1::fe dev eth0 table 100 metric 1024 pref medium"
is "... the rule" "$(ip -6 rule show priority 1000)" "1000:	from 2001:db8:1::20 lookup 100 proto static"
check "... the far host answers through the static route" ping -6 -c 1 -W 2 2001:db8:2::1
check "... 2001:db8:5::1 answers ::20 (the rule's table)" ping -6 -c 1 -W 2 -I 2001:db8:1::20 2001:db8:5::1
check "... but not ::10 (main has no route to it)" sh -c '! ping -6 -c 1 -W 1 -I 2001:db8:1::10 2001:db8:5::1'
monitor_start
run ifup-bond -c "$CONFDIR" eth0
run ifup-bond -a --reload -c "$CONFDIR"
monitor_stop
is "... a second ifup and a reload: nothing sent" "$(monitor_lines)" 0
sed -i '/2001:db8:2::/d' "$CONFDIR/route6-eth0"
run ifup-bond -a --reload -c "$CONFDIR"
is "a route6 line removed, reload: exactly that route goes" "$rc:$(ip -6 route show proto static table all | sed 's/ *$//')" \
	"0:default via 2001:db8:1::fe dev eth0 table 100 metric 1024 pref medium"
printf 'from 2001:db8:1::20 lookup 100 priority 1000 iif $(reboot)\n' > "$CONFDIR/rule6-eth0"
run ifup-bond -c "$CONFDIR" eth0
is "a bad rule6 word: exit 1, at its line, the line not applied, its rule kept" \
	"$rc:$err:$(ip -6 rule show priority 1000 | wc -l)" \
	"1:ifup-bond: rule6-eth0:1: iif '\$(reboot)': not an interface name; the line is not applied:1"
printf 'from 2001:db8:1::20 lookup 100 priority 1000\n' > "$CONFDIR/rule6-eth0"
run ifdown-bond -c "$CONFDIR" eth0
is "ifdown: its routes and its rule gone" "$rc:$(ip -6 route show proto static table all | wc -l):$(ip -6 rule show priority 1000 | wc -l)" "0:0:0"
rm "$CONFDIR/route6-eth0" "$CONFDIR/rule6-eth0"

# The legacy ifup-ipv6's sysctls: only what differs is written, before the device
# comes up; IPV6_SET_SYSCTLS=no leaves them.
mk_dummy eth2
printf 'DEVICE=eth2\nNOZEROCONF=yes\nIPV6_AUTOCONF=no\nIPV6_PRIVACY=rfc3041\nIPV6_MTU=1400\nIPV6_ADDR_GEN_MODE=stable-privacy\n' > "$CONFDIR/ifcfg-eth2"
s6() { for k in forwarding accept_ra accept_redirects autoconf use_tempaddr mtu addr_gen_mode; do printf '%s ' "$(cat /proc/sys/net/ipv6/conf/eth2/$k)"; done; }
is "before: the kernel's" "$(s6)" "0 1 1 1 0 1500 0 "
run ifup-bond -c "$CONFDIR" eth2
is "ifup eth2: exit 0, autoconf, accept_ra and accept_redirects off, use_tempaddr 2, IPv6 MTU 1400" "$rc:$(s6)" "0:0 0 0 0 2 1400 0 "
is "... stable-privacy without a stable_secret: said, not sent (the kernel refuses it)" "$err" \
	"ifup-bond: ifcfg-eth2:6: warning: IPV6_ADDR_GEN_MODE=stable-privacy: no net.ipv6.conf.eth2.stable_secret (nor default's), without which the kernel refuses it; not applied"
is "... up" "$(is_up eth2)" yes
run ifup-bond -v -c "$CONFDIR" eth2
is "... a second ifup: nothing to change" "$out" "ifup-bond: eth2: nothing to change"
echo 2001:db8::1:2:3:4 > /proc/sys/net/ipv6/conf/eth2/stable_secret
run ifup-bond -c "$CONFDIR" eth2
is "... with a stable_secret: applied" "$rc:$err:$(cat /proc/sys/net/ipv6/conf/eth2/addr_gen_mode)" "0::2"
printf 'DEVICE=eth2\nNOZEROCONF=yes\nIPV6_AUTOCONF=yes\nIPV6_SET_SYSCTLS=no\n' > "$CONFDIR/ifcfg-eth2"
run ifup-bond -v -c "$CONFDIR" eth2
is "IPV6_SET_SYSCTLS=no: left alone" "$out:$(cat /proc/sys/net/ipv6/conf/eth2/autoconf)" "ifup-bond: eth2: nothing to change:0"
printf 'DEVICE=eth2\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth2"
run ifup-bond -n -c "$CONFDIR" eth2
is "nothing said: the legacy values back (-n)" "$out" "sysctl -w net.ipv6.conf.eth2.accept_ra=1	# ifcfg-eth2: the legacy ifup-ipv6's value
sysctl -w net.ipv6.conf.eth2.accept_redirects=1	# ifcfg-eth2: the legacy ifup-ipv6's value
sysctl -w net.ipv6.conf.eth2.autoconf=1	# ifcfg-eth2: the legacy ifup-ipv6's value"

# A link MTU change resets the IPv6 MTU to it (the kernel does): IPV6_MTU is written
# after it in the same run, though it held before.
echo 1400 > /proc/sys/net/ipv6/conf/eth2/mtu
printf 'DEVICE=eth2\nNOZEROCONF=yes\nMTU=1450\nIPV6_MTU=1400\n' > "$CONFDIR/ifcfg-eth2"
run ifup-bond -c "$CONFDIR" eth2
is "MTU and IPV6_MTU in one run: both hold" "$rc:$(cat /sys/class/net/eth2/mtu):$(cat /proc/sys/net/ipv6/conf/eth2/mtu)" "0:1450:1400"
run ifup-bond -v -c "$CONFDIR" eth2
is "... a second run: nothing to change" "$out" "ifup-bond: eth2: nothing to change"

# An address the file states, found unmarked with another prefix length (added by
# hand, or by a kernel without IFA_PROTO): replaced, where adding it is EEXIST.
ip -6 addr add 2001:db8:7::1/48 dev eth2 nodad
printf 'DEVICE=eth2\nNOZEROCONF=yes\nMTU=1450\nIPV6_MTU=1400\nIPV6ADDR=2001:db8:7::1/64\n' > "$CONFDIR/ifcfg-eth2"
run ifup-bond -c "$CONFDIR" eth2
is "a stated address with another prefix length: replaced" \
	"$rc:$err:$(ip -6 -o addr show dev eth2 scope global | sed 's/.* inet6 \([^ ]*\) .*/\1/')" "0::2001:db8:7::1/64"

# A port carries none.
printf 'DEVICE=bond0\nBONDING_OPTS="mode=1 miimon=100"\nIPV6ADDR=2001:db8:3::1/64\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-bond0"
mk_dummy eth1
printf 'DEVICE=eth1\nMASTER=bond0\nSLAVE=yes\nIPV6ADDR=2001:db8:3::2/64\n' > "$CONFDIR/ifcfg-eth1"
run ifup-bond -c "$CONFDIR" bond0
is "a bond with IPV6ADDR: its address, none on the slave" \
	"$rc:$(ip -6 -o addr show dev bond0 scope global | grep -c 2001:db8:3::1/64):$(ip -6 -o addr show dev eth1 scope global | wc -l)" "0:1:0"
case $err in
*"ifcfg-eth1:4: warning: IPV6ADDR: ignored on a bond slave (set it in bond0's file)"*) pass "... the slave's IPV6ADDR said" ;;
*) fail "... the slave's IPV6ADDR said"; printf '%s\n' "$err" | sed 's/^/#   /' ;;
esac
done_testing
