#!/bin/sh
# The issue's option sets, a live mode change, idempotence and an adopted bond0.
. tests/kernel/lib.sh

ipv6_on
mk_dummy eth0
mk_dummy eth1
slave_files eth0 eth1
dmesg_mark

bond_file() {	# BONDING_OPTS
	printf 'DEVICE=bond0\nONBOOT=yes\nBOOTPROTO=none\nIPADDR=192.0.2.1\nPREFIX=24\nBONDING_OPTS="%s"\n' "$1" > "$CONFDIR/ifcfg-bond0"
}

bond_file "mode=1 miimon=100"
run ifup-bond -c "$CONFDIR" bond0
is "mode=1 miimon=100: exit 0" "$rc" 0
is "mode" "$(sysval bond0 mode)" "active-backup 1"
is "miimon" "$(sysval bond0 miimon)" 100
is "slaves" "$(sysval bond0 slaves)" "eth0 eth1"

# Idempotence: the same files again send nothing; link counters do not move.
before=$(link_counters bond0 eth0 eth1)
monitor_start
run ifup-bond -v -c "$CONFDIR" bond0
monitor_stop
is "second run exits 0" "$rc" 0
is "second run: nothing to change" "$out" "ifup-bond: bond0: nothing to change"
is "ip monitor saw no change" "$(monitor_lines)" 0
is "carrier and flag counters unchanged" "$(link_counters bond0 eth0 eth1)" "$before"

# A live mode change, by ifup-bond alone: the plan takes the bond down and empties it.
bond_file "mode=802.3ad miimon=100 lacp_rate=fast xmit_hash_policy=layer3+4"
run ifup-bond -c "$CONFDIR" bond0
is "mode change: exit 0" "$rc" 0
is "mode" "$(sysval bond0 mode)" "802.3ad 4"
is "lacp_rate" "$(sysval bond0 lacp_rate)" "fast 1"
is "xmit_hash_policy" "$(sysval bond0 xmit_hash_policy)" "layer3+4 1"
is "miimon" "$(sysval bond0 miimon)" 100
is "slaves back" "$(sysval bond0 slaves)" "eth0 eth1"
is "bond up" "$(is_up bond0)" yes
check "address kept" sh -c 'ip -4 -o addr show dev bond0 | grep -q "inet 192.0.2.1/24"'
run ifup-bond -v -c "$CONFDIR" bond0
is "802.3ad: second run changes nothing" "$out" "ifup-bond: bond0: nothing to change"

# From MII to ARP monitoring with two targets and a primary, live.
bond_file "mode=active-backup arp_interval=1000 arp_ip_target=192.168.122.1,192.168.122.2 primary=eth1"
run ifup-bond -c "$CONFDIR" bond0
is "ARP: exit 0" "$rc" 0
is "mode" "$(sysval bond0 mode)" "active-backup 1"
is "arp_interval" "$(sysval bond0 arp_interval)" 1000
is "miimon off" "$(sysval bond0 miimon)" 0
is "both targets" "$(sysval bond0 arp_ip_target)" "192.168.122.1 192.168.122.2"
is "primary" "$(sysval bond0 primary)" eth1
run ifup-bond -v -c "$CONFDIR" bond0
is "ARP: second run changes nothing" "$out" "ifup-bond: bond0: nothing to change"

# One target less, live.
bond_file "mode=active-backup arp_interval=1000 arp_ip_target=192.168.122.2 primary=eth1"
run ifup-bond -c "$CONFDIR" bond0
is "target removed: exit 0" "$rc" 0
is "one target" "$(sysval bond0 arp_ip_target)" "192.168.122.2"

# The primary leaves and comes back: the kernel keeps its name, ifup-bond re-asserts it.
run ifdown-bond -c "$CONFDIR" eth1
is "primary released: exit 0" "$rc" 0
is "eth1 released" "$(sysval bond0 slaves)" eth0
# Which slave is active now is the ARP monitor's call, not ours: a dummy receives
# no ARP, so by this point the monitor may already hold eth0 down ("None").
active=$(proc_field bond0 'Currently Active Slave')
check "active is no longer eth1 ($active)" test "$active" != eth1
run ifup-bond -c "$CONFDIR" eth1
is "primary back: exit 0" "$rc" 0
eventually "primary eth1 active again" eth1 proc_field bond0 'Currently Active Slave'
is "primary" "$(sysval bond0 primary)" eth1

# From ARP back to MII, live: no "Removing last arp target" warning (checked below).
bond_file "mode=active-backup miimon=100"
run ifup-bond -c "$CONFDIR" bond0
is "ARP to MII: exit 0" "$rc" 0
is "targets cleared" "$(sysval bond0 arp_ip_target)" ""
is "arp_interval off" "$(sysval bond0 arp_interval)" 0
is "miimon on" "$(sysval bond0 miimon)" 100
is "primary cleared" "$(sysval bond0 primary)" ""
is "slaves kept" "$(sysval bond0 slaves)" "eth0 eth1"
spawns ifup-bond -v -c "$CONFDIR" bond0
is "MII: second run changes nothing" "$out" "ifup-bond: bond0: nothing to change"
is "a second run starts no program" "$spawned" ""

run ifdown-bond -c "$CONFDIR" bond0
is "ifdown-bond: exit 0" "$rc" 0
is "bond gone" "$(exists bond0)" no

# A live mode change on a bond with a default route and its own MAC: taking the bond
# down flushes the route and emptying it gives it a random MAC; one run restores both.
printf 'DEVICE=bond0\nIPADDR=192.0.2.1\nPREFIX=24\nGATEWAY=192.0.2.254\nMACADDR=02:00:00:00:00:99\nBONDING_OPTS="mode=1 miimon=100"\n' > "$CONFDIR/ifcfg-bond0"
run ifup-bond -c "$CONFDIR" bond0
sed -i 's/mode=1 miimon=100/mode=balance-xor miimon=100/' "$CONFDIR/ifcfg-bond0"
run ifup-bond -c "$CONFDIR" bond0
is "mode change with route and MACADDR: exit 0" "$rc" 0
is "mode changed" "$(sysval bond0 mode)" "balance-xor 2"
check "default route back after the bond went down" sh -c 'ip route show default | grep -q "default via 192.0.2.254 dev bond0"'
is "MACADDR kept through the emptied bond" "$(sysval bond0 ./address)" 02:00:00:00:00:99
run ifup-bond -v -c "$CONFDIR" bond0
is "mode change with route and MACADDR: a second run changes nothing" "$out" "ifup-bond: bond0: nothing to change"

# A slave taken down by hand stays a member; ifup brings it back up.
ip link set dev eth1 down
run ifup-bond -c "$CONFDIR" eth1
is "ifup-bond of a downed slave: exit 0" "$rc" 0
is "the slave is up again" "$(is_up eth1)" yes
is "and still a member" "$(sysval bond0 slaves)" "eth0 eth1"
run ifdown-bond -c "$CONFDIR" bond0

# A NIC that had an address of its own becomes a slave: the address goes.
ip link set dev eth0 up
ip addr add 10.1.0.1/24 dev eth0
run ifup-bond -c "$CONFDIR" bond0
is "slave with an address: exit 0" "$rc" 0
is "slave with an address: enslaved" "$(sysval bond0 slaves)" "eth0 eth1"
check "the slave's own address is removed" sh -c '! ip -4 -o addr show dev eth0 | grep -q 10.1.0.1'
run ifdown-bond -c "$CONFDIR" bond0

# A bond0 left empty by a plain `modprobe bonding` is adopted, not an error.
modprobe -r bonding
modprobe bonding
is "modprobe created an empty bond0" "$(sysval bond0 slaves)" ""
bond_file "mode=1 miimon=100"
run ifup-bond -c "$CONFDIR" bond0
is "adopted bond0: exit 0" "$rc" 0
is "adopted bond0: mode" "$(sysval bond0 mode)" "active-backup 1"
is "adopted bond0: slaves" "$(sysval bond0 slaves)" "eth0 eth1"

# Dummy slaves have no LACP partner: 802.3ad says so whatever the order of steps.
no_bond_warnings "No 802.3ad response from the link partner"
done_testing
