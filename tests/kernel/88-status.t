#!/bin/sh
# bondctl status: two 802.3ad bonds in two namespaces joined by two veth pairs,
# really negotiating LACP.  In sync and healthy: exit 0 with the partner shown; a
# peer link down: the port named, exit 1; a link that failed and came back: counted
# once; the peer without LACP: "no LACP partner"; an option changed by hand: the
# difference at its FILE:LINE until ifup puts it back; an address added by hand;
# an active-backup bond whose primary is up but not active; an ONBOOT device
# absent: exit 2.  --json against the schema bondctl(8) documents, --prometheus
# through a Prometheus text parser, --nagios's summary line.
. tests/kernel/lib.sh

PY=/usr/bin/python3
ipv6_on
# A syslog daemon stand-in (the helpers log to /dev/log, facility daemon).
build/probe_syslog /dev/log > /tmp/syslog.log 2>&1 &
sleep 0.3
# logged DESCRIPTION PATTERN: a line of the log matches (grep), else the log is shown.
logged() {
	if grep -q -- "$2" /tmp/syslog.log; then
		pass "$1"
	else
		fail "$1"
		grep -a ifup-bond /tmp/syslog.log | sed 's/^/#   /'
	fi
}
ip netns add peer
ip link add eth0 type veth peer name p0 netns peer
ip link add eth1 type veth peer name p1 netns peer
peer_lacp() {
	ip -n peer link del pbond 2>/dev/null
	if [ "$1" = 802.3ad ]; then
		ip -n peer link add pbond type bond mode 802.3ad miimon 100 lacp_rate fast
	else
		ip -n peer link add pbond type bond mode "$1" miimon 100
	fi
	for p in p0 p1; do
		ip -n peer link set "$p" down
		ip -n peer link set "$p" master pbond
		ip -n peer link set "$p" up
	done
	ip -n peer link set pbond up
}
peer_lacp 802.3ad

printf 'DEVICE=bond0\nBONDING_OPTS="mode=802.3ad miimon=100 lacp_rate=fast"\nIPADDR=192.0.2.1\nPREFIX=24\nNOZEROCONF=yes\nARPCHECK=no\n' \
	> "$CONFDIR/ifcfg-bond0"
slave_files eth0 eth1
run ifup-bond -c "$CONFDIR" bond0
is "ifup bond0: exit 0" "$rc:$err" "0:"

status() { run bondctl status -c "$CONFDIR" "$@"; }
status_ok() { bondctl status -c "$CONFDIR" > /dev/null; }

# LACP with a fast rate settles within a few seconds.
check_within "LACP negotiates: status exits 0" 20 status_ok
status
is "in sync and healthy: exit 0, nothing on stderr" "$rc:$err" "0:"
case $out in
*"bond0           bond   up         in sync      OK"*) pass "bond0 in sync, OK" ;;
*) fail "bond0 in sync, OK" ;;
esac
pmac=$(cat /sys/class/net/pbond/address 2>/dev/null || ip netns exec peer cat /sys/class/net/pbond/address)
case $out in
*"partner $pmac"*) pass "the LACP partner is the peer's bond ($pmac)" ;;
*) fail "the LACP partner is the peer's bond ($pmac)" ;;
esac
is "the last line sums up" "$(printf '%s\n' "$out" | tail -n 1)" "OK: 1 device, 0 critical, 0 warnings"

# --json: valid JSON whose members are exactly those bondctl(8) documents.
run bondctl status -c "$CONFDIR" --json
printf '%s\n' "$out" > /tmp/status.json
check "--json: the schema of bondctl(8)" $PY - /tmp/status.json man/bondctl.8 <<'EOF'
import json, re, sys
doc = json.load(open(sys.argv[1]))
schema, cur = {}, None
for line in open(sys.argv[2]):
    m = re.match(r'\.\\" schema: (\w+)', line)
    if m:
        cur = schema.setdefault(m.group(1), set())
        continue
    m = re.match(r'\.It Va (\w+)', line)
    if m and cur is not None:
        cur.add(m.group(1))
    elif line.startswith('.El'):
        cur = None
def same(obj, name):
    got, want = set(obj), schema[name]
    assert got == want, f"{name}: members {sorted(got ^ want)} differ from the page"
same(doc, 'status')
assert doc['schema'] == 1 and doc['status'] == 'ok'
for d in doc['devices']:
    same(d, 'device')
    if d['bond'] is not None:
        same(d['bond'], 'bond')
        for p in d['bond']['ports']:
            same(p, 'port')
    for x in d['differences']:
        same(x, 'difference')
    for x in d['findings']:
        same(x, 'finding')
b = doc['devices'][0]
assert b['name'] == 'bond0' and b['in_sync'] and b['bond']['mode'] == '802.3ad', b
assert [p['name'] for p in b['bond']['ports']] == ['eth0', 'eth1'], b
assert all(p['aggregator_id'] == b['bond']['aggregator_id'] for p in b['bond']['ports']), b
assert all(p['partner_mac'] == b['bond']['partner_mac'] for p in b['bond']['ports']), b
assert all(p['speed_mbps'] == 10000 and p['duplex'] == 'full' for p in b['bond']['ports']), b
EOF

# --prometheus: what a strict text-format parser reads, with the expected samples.
run bondctl status -c "$CONFDIR" --prometheus
printf '%s\n' "$out" > /tmp/status.prom
check "--prometheus: parsed, families grouped, the gauges expected" $PY - /tmp/status.prom <<'EOF'
import sys
from prometheus_client.parser import text_string_to_metric_families
text = open(sys.argv[1]).read()
seen, typed = [], set()
for line in text.splitlines():
    if line.startswith('# TYPE '):
        name = line.split()[2]
        assert name not in typed, f"{name} typed twice"
        typed.add(name)
    elif not line.startswith('#'):
        name = line.split('{')[0].split()[0]
        base = name
        assert base in typed, f"{name}: a sample before its TYPE"
        if seen and seen[-1] != base:
            assert base not in seen, f"{name}: family not grouped"
        seen.append(base)
v = {}
for fam in text_string_to_metric_families(text):
    for s in fam.samples:
        v[(s.name, tuple(sorted(s.labels.items())))] = s.value
def g(name, **l):
    return v[(name, tuple(sorted(l.items())))]
assert g('ifcfg_bond_status') == 0
assert g('ifcfg_bond_device_in_sync', device='bond0') == 1
assert g('ifcfg_bond_bond_ports_up', device='bond0') == 2
assert g('ifcfg_bond_port_lacp_partner', device='bond0', port='eth1') == 1
assert g('ifcfg_bond_port_aggregator_id', device='bond0', port='eth0') >= 1
EOF

run bondctl status -c "$CONFDIR" --nagios
is "--nagios: the plugin's line first" "$rc:$(printf '%s\n' "$out" | head -n 1)" \
	"0:BONDCTL OK - 1 device in sync and healthy | critical=0 warnings=0 drifted=0"

# A peer link down: eth1 loses its carrier.
ip -n peer link set p1 down
eventually "peer link down: eth1's MII goes down" "down" sh -c 'grep -A1 "Slave Interface: eth1" /proc/net/bonding/bond0 | sed -n "s/MII Status: //p"'
status
is "... exit 1 (WARNING)" "$rc" 1
case $out in
*"warning: eth1 has no link (MII status down); check its cable and its switch port"*) pass "... eth1 named" ;;
*) fail "... eth1 named" ;;
esac
ip -n peer link set p1 up
check_within "link back: healthy again, exit 0" 20 status_ok
# That failure was counted by the kernel after the status above: the next status
# says it once, the one after does not.
ip -n peer link set p1 down
eventually "... a second flap: eth1 down" "down" sh -c 'grep -A1 "Slave Interface: eth1" /proc/net/bonding/bond0 | sed -n "s/MII Status: //p"'
ip -n peer link set p1 up
eventually "... and up" "up" sh -c 'grep -A1 "Slave Interface: eth1" /proc/net/bonding/bond0 | sed -n "s/MII Status: //p"'
sleep 4	# the LACP partner synchronises again (fast rate: 1 s)
status
case $out in
*"warning: eth1's link failed 1 time since the last status"*) pass "a failure since the last status: said" ;;
*) fail "a failure since the last status: said" ;;
esac
status
case $out in
*"link failed"*) fail "... said once" ;;
*) pass "... said once" ;;
esac

# A drift by hand: reported at the file's line, fixed by ifup.
ip link set bond0 type bond miimon 200
status
is "miimon 200 by hand: exit 1" "$rc" 1
case $out in
*"bond0           bond   up         drifted      WARNING"*"warning: ifcfg-bond0:2: on bond0, miimon: kernel 200; ifup would: echo 100 > /sys/class/net/bond0/bonding/miimon"*)
	pass "... the difference with FILE:LINE, the kernel's value and the step" ;;
*) fail "... the difference with FILE:LINE, the kernel's value and the step" ;;
esac
run ifup-bond -c "$CONFDIR" bond0
status
is "after ifup bond0: in sync, exit 0" "$rc" 0

# An address added by hand: in the kernel, stated by no file.  An IPv6 one, on a
# device whose file leaves IPv6 to others: shown, not wrong.
ip addr add 198.51.100.5/24 dev bond0
ip addr add 2001:db8::5/64 dev bond0 nodad
status
is "an address by hand: exit 1" "$rc" 1
case $out in
*"warning: ifcfg-bond0: on bond0, address 198.51.100.5/24 is in the kernel and no file states it; ifup would: ip addr del 198.51.100.5/24 dev bond0"*)
	pass "... said as not from a file" ;;
*) fail "... said as not from a file" ;;
esac
case $out in
*"note: address 2001:db8::5/64 is not from a file (left to others)"*) pass "... the IPv6 one a note" ;;
*) fail "... the IPv6 one a note" ;;
esac
ip addr del 198.51.100.5/24 dev bond0
ip addr del 2001:db8::5/64 dev bond0

# The peer without LACP (balance-rr): no partner.
peer_lacp balance-rr
check_within "peer in balance-rr: status says no LACP partner" 20 sh -c \
	"bondctl status -c $CONFDIR | grep -q 'no LACP partner answers on any port of bond0'"
status
is "... exit 1 (WARNING: traffic passes)" "$rc" 1
peer_lacp 802.3ad
check_within "peer back in 802.3ad: exit 0" 20 status_ok

# An active-backup bond whose primary is up but not active.
mk_dummy eth2
mk_dummy eth3
printf 'DEVICE=bond1\nBONDING_OPTS="mode=active-backup miimon=100 primary=eth2"\nBOOTPROTO=none\n' > "$CONFDIR/ifcfg-bond1"
for s in eth2 eth3; do
	printf 'DEVICE=%s\nMASTER=bond1\nSLAVE=yes\n' "$s" > "$CONFDIR/ifcfg-$s"
done
run ifup-bond -c "$CONFDIR" bond1
is "ifup bond1: exit 0" "$rc:$err" "0:"
eventually "bond1: eth2 active" eth2 sysval bond1 active_slave
status bond1
is "bond1 healthy: exit 0, only bond1 shown" "$rc:$(printf '%s\n' "$out" | grep -c '^bond')" "0:1"
ip link set bond1 type bond active_slave eth3
status bond1
is "eth3 made active by hand: exit 1" "$rc" 1
case $out in
*"warning: ifcfg-bond1:2: the primary eth2 is up but eth3 is active, although primary_reselect=always would take it back"*)
	pass "... the primary named" ;;
*) fail "... the primary named" ;;
esac

# A configured ONBOOT device that is absent: CRITICAL.
printf 'DEVICE=bond2\nONBOOT=yes\nBONDING_OPTS="mode=active-backup miimon=100"\n' > "$CONFDIR/ifcfg-bond2"
status
is "bond2 absent: exit 2" "$rc" 2
case $out in
*"critical: ifcfg-bond2: bond2 is absent, and ONBOOT starts it at boot; ifup bond2"*) pass "... said with what to do" ;;
*) fail "... said with what to do" ;;
esac
run bondctl status -c "$CONFDIR" --nagios
is "... --nagios names it first" "$rc:$(printf '%s\n' "$out" | head -n 1 | cut -d';' -f1)" \
	"2:BONDCTL CRITICAL - bond2: bond2 is absent, and ONBOOT starts it at boot"
rm "$CONFDIR/ifcfg-bond2"
run bondctl status -c "$CONFDIR" nosuch
is "a name without a file: exit 3 (UNKNOWN), said" "$rc:$err" "3:bondctl: nosuch: no configuration in $CONFDIR"

# The dry run as a drift check: in sync, it prints nothing and exits 0.
ip link set bond1 type bond active_slave eth2
run ifup-bond -a -n -c "$CONFDIR"
is "ifup-bond -a -n on a directory in sync: exit 0, nothing printed" "$rc:$out" "0:"
# Two VLANs on bond1, and bond1 deleted by hand: each step once, exit 2.
for v in 6 7; do
	printf 'DEVICE=bond1.%s\nVLAN=yes\nONBOOT=yes\nNOZEROCONF=yes\n' $v > "$CONFDIR/ifcfg-bond1.$v"
done
ip link del bond1
run ifup-bond -a -n -c "$CONFDIR"
is "after a change by hand: exit 2, bond1 created once (not once per VLAN)" \
	"$rc:$(printf '%s\n' "$out" | grep -c '^ip link add bond1 ')" "2:1"
is "... no console line" "$(printf '%s\n' "$out" | grep -c 'OK\|FAILED')" 0
run ifup-bond -a -c "$CONFDIR"
is "ifup-bond -a puts it back: exit 0" "$rc" 0
run ifup-bond -a -n -c "$CONFDIR"
is "... then -n: exit 0, nothing printed" "$rc:$out" "0:"

# Logs: who ran it, each change with the value it replaced.
logged "syslog: who started the run, from where, the command line" 'started by uid 0 (root), .*parent [0-9]* (.*): ifup-bond -a -c /tmp/ifcfg$'
ip link set bond0 type bond miimon 200
run ifup-bond -c "$CONFDIR" bond0
logged "syslog: the change with the value it replaced, at daemon.info" '^<30>.*ifup-bond\[[0-9]*\]: echo 100 > /sys/class/net/bond0/bonding/miimon (was: miimon 200)$'
# A refused step (a gateway in no subnet of the device), and a FILE:LINE error.
mk_dummy eth9
printf 'DEVICE=eth9\nIPADDR=192.0.2.77\nPREFIX=24\nGATEWAY=198.51.100.1\nARPCHECK=no\nNOZEROCONF=yes\n' > "$CONFDIR/ifcfg-eth9"
run ifup-bond -c "$CONFDIR" eth9
is "a gateway nobody reaches: refused, exit 2" "$rc" 2
logged "syslog: the refused step at daemon.err" '^<27>.*ifup-bond\[[0-9]*\]: refused: ip route add default via 198.51.100.1 dev eth9: '
printf 'DEVICE=bond3\nBONDING_OPTS="mode=nonsense"\n' > "$CONFDIR/ifcfg-bond3"
run ifup-bond -c "$CONFDIR" bond3
is "a bad BONDING_OPTS: exit 1" "$rc" 1
logged "syslog: the FILE:LINE error at daemon.err" '^<27>.*ifup-bond\[[0-9]*\]: ifcfg-bond3:2: error: '
run ifup-bond -n -c "$CONFDIR" bond3
is "... -n logs nothing" "$(grep -c 'started by.*-n' /tmp/syslog.log)" 0

# network status: its LSB code, and a line for each device drifted or unhealthy.
run env IFCFG_DIR="$CONFDIR" "$TOP/network-scripts/network" status
case $out in
*"bond3: critical: ifcfg-bond3:2: BONDING_OPTS: mode=nonsense: invalid value"*"eth9: warning: on eth9, the route differs from ifcfg-eth9:4 (kernel absent)"*) pass "network status: a line for bond3 and for eth9" ;;
*) fail "network status: a line for bond3 and for eth9" ;;
esac
case $out in
*"bond0:"*) fail "... none for bond0, in sync and healthy" ;;
*) pass "... none for bond0, in sync and healthy" ;;
esac
rm "$CONFDIR/ifcfg-bond3" "$CONFDIR/ifcfg-eth9"

# A bond's warnings are said by its own run, not again by each slave's.
echo 'USRCTL=no' >> "$CONFDIR/ifcfg-bond1"
run ifup-bond -c "$CONFDIR" eth2
is "ifup eth2: exit 0, bond1's warning not said" "$rc:$err" "0:"
run ifup-bond -c "$CONFDIR" bond1
is "ifup bond1 says it" "$rc:$err" "0:ifup-bond: ifcfg-bond1:4: warning: USRCTL: unknown key (did you mean USERCTL?)"

run_valgrind bondctl status -c "$CONFDIR" --json
done_testing
