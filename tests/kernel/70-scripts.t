#!/bin/sh
# The network scripts: service network start/stop/restart/reload/status, ifup/ifdown
# of masters, slaves and plain Ethernet, a config error, NetworkManager's devices,
# and how many processes each command costs.
. tests/kernel/lib.sh

export IFCFG_DIR="$CONFDIR"
PATH="$TOP/network-scripts:$PATH"
cp examples/tutorial/ifcfg-bond0 examples/tutorial/ifcfg-eth0 examples/tutorial/ifcfg-eth1 "$CONFDIR/"
printf 'DEVICE=eth2\nTYPE=Ethernet\nBOOTPROTO=none\nONBOOT=yes\nNM_CONTROLLED=no\nIPADDR=198.51.100.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-eth2"
# A VLAN stacked on the bond: started after it, stopped before it.
printf 'DEVICE=bond0.100\nVLAN=yes\nONBOOT=yes\nNM_CONTROLLED=no\nBOOTPROTO=none\nIPADDR=203.0.113.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-bond0.100"
printf 'DEVICE=eth3\nTYPE=Ethernet\nBOOTPROTO=none\nONBOOT=yes\nNM_CONTROLLED=yes\nIPADDR=198.51.100.3\nPREFIX=24\n' > "$CONFDIR/ifcfg-eth3"
printf 'DEVICE=eth4\nONBOOT=no\nIPADDR=198.51.100.4\nPREFIX=24\n' > "$CONFDIR/ifcfg-eth4"
# No NM_CONTROLLED: NetworkManager's while it runs, and start says so, once.
printf 'DEVICE=eth5\nONBOOT=yes\nIPADDR=198.51.100.5\nPREFIX=24\n' > "$CONFDIR/ifcfg-eth5"
ipv6_on
for d in eth0 eth1 eth2 eth3 eth4 eth5; do mk_dummy $d; done
# NetworkManager "runs": its pid file names a live process (this shell).
export NM_PIDFILE=/tmp/nm.pid
echo $$ > "$NM_PIDFILE"
dmesg_mark
# A syslog daemon stand-in: the helpers log every change with facility daemon.
build/probe_syslog /dev/log > /tmp/syslog.log 2>&1 &
sleep 0.3

count_procs network start
is "network start: exit 0" "$rc" 0
echo "$out" | sed 's/^/# /'
case $out in
*"Bringing up loopback interface:"*"[  OK  ]"*"Bringing up interface bond0:"*"[  OK  ]"*"Bringing up interface eth2:"*"[  OK  ]"*) pass "network start: console lines" ;;
*) fail "network start: console lines" ;;
esac
echo "# processes spawned by network start: $procs"
case $spawned in
"ifup-bond modprobe"*) pass "network start: one helper, which runs modprobe" ;;
*) fail "network start: one helper, which runs modprobe ($spawned)" ;;
esac
check "network start: at most 3 processes with the script ($((procs + 1)); the legacy scripts fork ~300)" test "$procs" -le 2
is "bond0 mode" "$(sysval bond0 mode)" "active-backup 1"
is "bond0 slaves" "$(sysval bond0 slaves)" "eth0 eth1"
is "lo up" "$(is_up lo)" yes
is "eth2 (plain) up" "$(is_up eth2)" yes
check "eth2 address" sh -c 'ip -4 -o addr show dev eth2 | grep -q "198.51.100.1/24"'
is "eth3 (NM_CONTROLLED, NetworkManager running) left alone" "$(is_up eth3)" no
is "eth5 (no NM_CONTROLLED, NetworkManager running) left alone" "$(is_up eth5)" no
is "network start: one warning names it" "$(printf '%s\n' "$err" | grep -c NetworkManager)" 1
is "... in these words" "$(printf '%s\n' "$err" | grep NetworkManager)" \
	"ifup-bond: warning: NetworkManager runs and manages eth5, whose file sets no NM_CONTROLLED: left to it (NM_CONTROLLED=no gives a device to this service, =yes silences this)"
case $out in
*"Bringing up interface bond0:"*"Bringing up interface bond0.100:"*"[  OK  ]"*) pass "the VLAN comes up after its bond" ;;
*) fail "the VLAN comes up after its bond" ;;
esac
check "bond0.100 is VLAN 100 on bond0" sh -c 'ip -d link show bond0.100 | grep -q "vlan protocol 802.1Q id 100" && ip -o link show bond0.100 | grep -q "bond0.100@bond0"'
is "bond0.100 up" "$(is_up bond0.100)" yes
check "bond0.100 address" sh -c 'ip -4 -o addr show dev bond0.100 | grep -q "203.0.113.1/24"'

is "eth4 (ONBOOT=no) left alone" "$(is_up eth4)" no

# <30> is facility daemon (3), severity info (6).
case $(cat /tmp/syslog.log) in
*"<30>"*"ifup-bond["*"]: ip link set dev eth0 master bond0"*) pass "changes logged to syslog, facility daemon" ;;
*) fail "changes logged to syslog, facility daemon"; sed 's/^/#   /' /tmp/syslog.log ;;
esac

run network status
is "network status: exit 0 when running" "$rc" 0
case $out in
*"Configured devices:"*"bond0"*"Currently active devices:"*"bond0"*) pass "network status: lists devices" ;;
*) fail "network status: lists devices" ;;
esac

# reload with no edits: nothing reaches the kernel.
before=$(link_counters bond0 eth0 eth1 eth2)
monitor_start
# <30>: daemon.info, an applied step (who ran it is notice, <29>).
logged=$(grep -c '<30>' /tmp/syslog.log)
count_procs network reload
monitor_stop
is "reload (no edits): exit 0" "$rc" 0
echo "# processes spawned by network reload: $procs"
is "reload (no edits): the helpers applied no step (none logged)" "$(grep -c '<30>' /tmp/syslog.log)" "$logged"
is "reload (no edits): ip monitor saw no change" "$(monitor_lines)" 0
is "reload (no edits): link counters unchanged" "$(link_counters bond0 eth0 eth1 eth2)" "$before"

# reload after editing a bond option: applied live, slaves not flapped.
sed -i 's/^BONDING_OPTS="mode=1"$/BONDING_OPTS="mode=1 miimon=100"/' "$CONFDIR/ifcfg-bond0"
before=$(link_counters eth0 eth1)
run network reload
is "reload (miimon edited): exit 0" "$rc" 0
is "reload: miimon applied" "$(sysval bond0 miimon)" 100
is "reload: slaves kept" "$(sysval bond0 slaves)" "eth0 eth1"
is "reload: slaves not flapped" "$(link_counters eth0 eth1)" "$before"

# ifdown/ifup through the scripts: a slave, a plain device, a master, ifcfg- names.
count_procs ifdown eth0
is "ifdown eth0: exit 0" "$rc" 0
echo "# processes spawned by ifdown eth0: $procs"
is "ifdown eth0: active eth1" "$(proc_field bond0 'Currently Active Slave')" eth1
count_procs ifup eth0
is "ifup eth0: exit 0" "$rc" 0
echo "# processes spawned by ifup eth0: $procs"
is "ifup eth0: active stays eth1" "$(proc_field bond0 'Currently Active Slave')" eth1
run ifdown ifcfg-eth2
is "ifdown ifcfg-eth2: exit 0" "$rc" 0
is "eth2 down" "$(is_up eth2)" no
check "eth2 address removed" sh -c '! ip -4 -o addr show dev eth2 | grep -q 198.51.100.1'
run ifup eth2
is "ifup eth2: exit 0" "$rc" 0
is "eth2 up" "$(is_up eth2)" yes
run ifdown bond0.100
is "ifdown bond0.100: exit 0" "$rc" 0
is "the VLAN is deleted" "$(exists bond0.100)" no
run ifup bond0.100
is "ifup bond0.100: exit 0" "$rc" 0
is "the VLAN is back" "$(is_up bond0.100)" yes
run ifup-bond -v -c "$CONFDIR" bond0.100
is "ifup bond0.100 again: nothing to change" "$out" "ifup-bond: bond0.100: nothing to change"
run ifup eth9
is "ifup eth9 (no file): exit 1" "$rc" 1
case $err in
*"eth9"*"$CONFDIR"*) pass "ifup eth9: names the directory searched" ;;
*) fail "ifup eth9: names the directory searched" ;;
esac
run ifup
is "ifup without argument: exit 1" "$rc" 1

count_procs network stop
is "network stop: exit 0" "$rc" 0
echo "# processes spawned by network stop: $procs"
is "stop: bond0 gone" "$(exists bond0)" no
case $out in
*"Shutting down interface bond0.100:"*"Shutting down interface bond0:"*) pass "stop: the VLAN goes before its bond" ;;
*) fail "stop: the VLAN goes before its bond"; printf '%s\n' "$out" | sed 's/^/#   /' ;;
esac
is "stop: eth2 down" "$(is_up eth2)" no
is "stop: eth0 released" "$(exists /sys/class/net/eth0/master)" no
run network status
is "network status: exit 3 when stopped" "$rc" 3

count_procs network restart
is "network restart: exit 0" "$rc" 0
echo "# processes spawned by network restart: $procs"
is "restart: bond0 back with its slaves" "$(sysval bond0 slaves)" "eth0 eth1"
is "restart: miimon from the file" "$(sysval bond0 miimon)" 100

# A config error: reported, the other devices still come up, nothing half-done.
network stop > /dev/null
printf 'DEVICE=bond1\nONBOOT=yes\nNM_CONTROLLED=no\nBONDING_OPTS="mode=1 miimon=100 arp_interval=100"\n' > "$CONFDIR/ifcfg-bond1"
printf 'DEVICE=bond1.7\nVLAN=yes\nONBOOT=yes\nNM_CONTROLLED=no\n' > "$CONFDIR/ifcfg-bond1.7"
run network start
is "start with a broken file: exit 1" "$rc" 1
case $err in
*"ifcfg-bond1:4:"*) pass "start with a broken file: FILE:LINE reported" ;;
*) fail "start with a broken file: FILE:LINE reported" ;;
esac
check "the broken bond gets its console line" sh -c 'printf "%s\n" "$1" | grep -q "^Bringing up interface bond1: *\[FAILED\]$"' sh "$out"
check "the VLAN on it is not started, and says why" sh -c 'printf "%s\n" "$1" | grep -q "^Bringing up interface bond1.7: *\[FAILED\]$" && printf "%s\n" "$2" | grep -q "ifup-bond: bond1.7: not started: it needs bond1, which failed"' sh "$out" "$err"
is "broken bond1 not created" "$(exists bond1)" no
is "bond0 still up" "$(is_up bond0)" yes
is "eth2 still up" "$(is_up eth2)" yes
run network status
is "network status: exit 3 with the broken bond down" "$rc" 3
case $out in
*"Configured to start at boot but down:"*"bond1"*) pass "network status names it" ;;
*) fail "network status names it"; printf '%s\n' "$out" | sed 's/^/#   /' ;;
esac
rm -f "$CONFDIR/ifcfg-bond1.7"

# Without NetworkManager, NM_CONTROLLED devices are the service's.
rm -f "$CONFDIR/ifcfg-bond1" "$NM_PIDFILE"
run network start
is "start without NetworkManager: exit 0" "$rc" 0
is "eth3 brought up" "$(is_up eth3)" yes

# ifdown of the slave whose MAC the bond keeps: the kernel's note (lib.sh).
no_bond_warnings "$MAC_KEPT"
done_testing
