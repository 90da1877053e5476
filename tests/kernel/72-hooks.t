#!/bin/sh
# The local hooks, as the legacy scripts call them: ifup-pre-local with the file's
# name (and "boot" from the service's start) before a device's steps, ifup-local,
# ifdown-pre-local and ifdown-local with the device's name, once per ifup or
# ifdown, in the configuration directory.  A failing hook is said and is not
# fatal; a hook that runs ifup itself does not wait for the lock its caller holds.
# (The hooks live in IFCFG_BOND_HOOKS instead of /sbin: the guest's /sbin is the
# host's.)
. tests/kernel/lib.sh

ipv6_on
mk_dummy eth0
mk_dummy eth1
mk_dummy eth9
printf 'DEVICE=bond0\nONBOOT=yes\nBONDING_OPTS="mode=1 miimon=100"\nIPADDR=192.0.2.1\nPREFIX=24\n' > "$CONFDIR/ifcfg-bond0"
slave_files eth0 eth1
printf 'DEVICE=eth9\nONBOOT=no\nIPADDR=198.51.100.9\nPREFIX=24\n' > "$CONFDIR/ifcfg-eth9"

HOOKS=/tmp/hooks
mkdir -p "$HOOKS"
for h in ifup-pre-local ifdown-pre-local ifdown-local; do
	printf '#!/bin/sh\necho "%s $* in $(pwd)" >> %s/log\n' "$h" "$HOOKS" > "$HOOKS/$h"
done
# ifup-local brings eth9 up when bond0 comes up, and fails.
cat > "$HOOKS/ifup-local" <<EOF
#!/bin/sh
echo "ifup-local \$* in \$(pwd)" >> $HOOKS/log
[ "\$1" = bond0 ] && ifup-bond -c "$CONFDIR" eth9
exit 3
EOF
chmod +x "$HOOKS"/*
export IFCFG_BOND_HOOKS="$HOOKS"

log() { cat "$HOOKS/log" 2>/dev/null; : > "$HOOKS/log"; }

start=$(date +%s)
run ifup-bond -c "$CONFDIR" bond0
is "ifup bond0: exit 0 although ifup-local failed" "$rc" 0
is "... each hook once, in the directory (ifup-local also for the eth9 it brought up)" "$(log)" \
"ifup-pre-local ifcfg-bond0 in $CONFDIR
ifup-local bond0 in $CONFDIR
ifup-pre-local ifcfg-eth9 in $CONFDIR
ifup-local eth9 in $CONFDIR"
is "... the failure said, not fatal" "$err" \
"ifup-bond: warning: $HOOKS/ifup-local eth9: exit status 3 (a local hook: not fatal)
ifup-bond: warning: $HOOKS/ifup-local bond0: exit status 3 (a local hook: not fatal)"
is "bond0 is up with both slaves" "$(is_up bond0):$(cat /sys/class/net/bond0/bonding/slaves)" "yes:eth0 eth1"
check "eth9, brought up from the hook, has its address" sh -c 'ip -4 -o addr show dev eth9 | grep -q "inet 198.51.100.9/24"'
check "the nested ifup did not wait for the lock" [ $(( $(date +%s) - start )) -lt 30 ]

# Again: nothing for the kernel, the hooks all the same (as the legacy ifup).
monitor_start
run ifup-bond -c "$CONFDIR" bond0
monitor_stop
is "a second ifup bond0: exit 0" "$rc" 0
is "... the kernel sent nothing" "$(monitor_lines)" 0
is "... the hooks ran again" "$(log | sed 's/ in .*//')" \
"ifup-pre-local ifcfg-bond0
ifup-local bond0
ifup-pre-local ifcfg-eth9
ifup-local eth9"

run ifup-bond -n -c "$CONFDIR" bond0
is "-n prints the hooks, runs none" "$out:$(log)" "$HOOKS/ifup-pre-local ifcfg-bond0
$HOOKS/ifup-local bond0:"

run ifdown-bond -c "$CONFDIR" bond0
is "ifdown bond0: exit 0" "$rc:$(exists bond0)" "0:no"
is "... ifdown-pre-local and ifdown-local with the device's name" "$(log)" \
"ifdown-pre-local bond0 in $CONFDIR
ifdown-local bond0 in $CONFDIR"

# The service's start: "boot", and the slaves come with their bond (no hooks of
# their own).
run ifup-bond -a -c "$CONFDIR"
is "ifup-bond -a: exit 0" "$rc" 0
is "... ifup-pre-local says boot" "$(log | grep -c 'ifup-pre-local ifcfg-bond0 boot in')" 1

# A hook that hangs holds the lock: stopped after IFCFG_BOND_HOOK_TIMEOUT, said.
rm -f "$HOOKS"/*
printf '#!/bin/sh\nsleep 60\n' > "$HOOKS/ifup-local"
chmod +x "$HOOKS/ifup-local"
run ifdown-bond -c "$CONFDIR" bond0
t0=$(date +%s)
IFCFG_BOND_HOOK_TIMEOUT=1 run ifup-bond -c "$CONFDIR" bond0
t1=$(date +%s)
is "a hook that hangs: exit 0, killed after the limit, said" "$rc:$err" \
	"0:ifup-bond: warning: $HOOKS/ifup-local bond0: killed after 1 s (IFCFG_BOND_HOOK_TIMEOUT; a local hook: not fatal)"
check "... within a few seconds, not 60" test $((t1 - t0)) -lt 20

# IFCFG_BOND_LOCK_HELD counts only while its run and hook are our ancestors: a job
# a hook left behind (the hook gone) waits for the lock like any run.
printf '#!/bin/sh\nsleep 2\n' > "$HOOKS/ifup-local"
ifup-bond -c "$CONFDIR" eth9 > /dev/null 2>&1 &
holder=$!
sleep 1
IFCFG_BOND_LOCK_HELD="$holder:999999" run ifdown-bond -c "$CONFDIR" bond0
case $err in
*"waiting for another run to finish"*) pass "a left-behind job with the variable waits for the lock" ;;
*) fail "a left-behind job with the variable waits for the lock" ;;
esac
wait $holder

# No hook: no process.
rm -f "$HOOKS"/*
run ifdown-bond -c "$CONFDIR" bond0
count_procs ifup-bond -c "$CONFDIR" bond0
is "without hooks ifup-bond runs nothing" "$rc:$procs:${spawned:-none}" "0:0:none"
done_testing
