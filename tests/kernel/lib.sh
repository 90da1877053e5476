# lib.sh - sourced by every tests/kernel/*.t inside the guest: TAP-like assertions
# that read the kernel's state, mostly with shell builtins (each fork costs 25-400 ms
# in the guest).
TOP=$(pwd)
PATH="$TOP:$PATH"
CONFDIR=/tmp/ifcfg
mkdir -p "$CONFDIR"
export TOP PATH CONFDIR
n_ok=0 n_fail=0 n=0
out= err= rc=0

pass() { n=$((n + 1)); n_ok=$((n_ok + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); n_fail=$((n_fail + 1)); echo "not ok $n - $1"; }

# is DESCRIPTION GOT EXPECTED
is() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1"
		printf '#   got:      %s\n#   expected: %s\n' "$2" "$3"
	fi
}

# eventually DESCRIPTION EXPECTED COMMAND...: the command's output becomes EXPECTED
# within 3 s (the driver finishes some changes on its next monitor tick: updelay).
eventually() {
	d=$1 want=$2
	shift 2
	i=0
	while [ $i -lt 30 ]; do
		got=$("$@")
		[ "$got" = "$want" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	is "$d" "$got" "$want"
}

# check_within DESCRIPTION SECONDS COMMAND...: the command must succeed within that
# time (retried every 0.2 s): for what the kernel does on its own clock (LACP).
check_within() {
	d=$1 t=$(($2 * 5))
	shift 2
	i=0
	until "$@" > /dev/null 2>&1; do
		i=$((i + 1))
		[ $i -ge $t ] && { fail "$d"; return; }
		sleep 0.2
	done
	pass "$d"
}

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
	d=$1
	shift
	if o=$("$@" 2>&1); then
		pass "$d"
	else
		fail "$d"
		printf '%s\n' "$o" | sed 's/^/#   /'
	fi
}

# run COMMAND...: $rc, $out (stdout) and $err (stderr) of the command, echoed as comments.
run() {
	"$@" > /tmp/run.out 2> /tmp/run.err
	rc=$?
	out=$(cat /tmp/run.out)
	err=$(cat /tmp/run.err)
	echo "# \$ $* -> $rc"
	[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/#   /'
	[ -z "$err" ] || printf '%s\n' "$err" | sed 's/^/#   (stderr) /'
}

# run_valgrind COMMAND...: as run, under valgrind's memcheck (ASan cannot run in
# UML); a memory error or a definite leak is a failed assertion of its own.
run_valgrind() {
	run valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite "$@"
	if [ "$rc" -eq 99 ]; then
		fail "valgrind: $1 is clean"
	else
		pass "valgrind: $1 is clean"
	fi
}

# count_procs COMMAND...: as run, under strace (one log per process, so no line is
# split); $procs = processes the command created (subshells included), $spawned =
# the programs they executed, in order.
count_procs() {
	rm -f /tmp/st.*
	strace -f -ff -qq -e trace=execve -e signal=none -o /tmp/st "$@" > /tmp/run.out 2> /tmp/run.err
	rc=$?
	out=$(cat /tmp/run.out)
	err=$(cat /tmp/run.err)
	procs=-1 spawned= first=1
	for f in /tmp/st.*; do
		procs=$((procs + 1))
		while read -r l; do
			case $l in
			'execve("'*'= 0')
				p=${l#execve(\"}
				p=${p%%\"*}
				[ $first = 1 ] && { first=0; continue; }
				spawned="$spawned${spawned:+ }${p##*/}" ;;
			esac
		done < "$f"
	done
	echo "# \$ $* -> $rc ($procs processes; programs: ${spawned:-none})"
	[ -z "$err" ] || printf '%s\n' "$err" | sed 's/^/#   (stderr) /'
}
spawns() { count_procs "$@"; }

done_testing() {
	echo "# $n_ok passed, $n_fail failed"
	[ "$n_fail" -eq 0 ] && [ "$n" -gt 0 ]
	exit $?
}

# exists NAME|PATH: yes/no (a bare name is a network device).
exists() {
	case $1 in
	/*) [ -e "$1" ] ;;
	*) [ -e "/sys/class/net/$1" ] ;;
	esac && echo yes || echo no
}

# sysval DEV FILE: /sys/class/net/DEV/bonding/FILE (or DEV/FILE when FILE has a '/').
sysval() {
	case $2 in
	*/*) f=/sys/class/net/$1/$2 ;;
	*) f=/sys/class/net/$1/bonding/$2 ;;
	esac
	v=
	[ -r "$f" ] && read -r v < "$f"
	echo "$v"
}

# proc_field BOND FIELD: a "Field: value" line of /proc/net/bonding/BOND.
proc_field() {
	[ -r "/proc/net/bonding/$1" ] || { echo; return; }
	while IFS=: read -r k v; do
		[ "$k" = "$2" ] && { echo "${v# }"; return; }
	done < "/proc/net/bonding/$1"
	echo
}

is_up() {
	f=0
	[ -r "/sys/class/net/$1/flags" ] && read -r f < "/sys/class/net/$1/flags"
	[ $((f & 1)) -ne 0 ] && echo yes || echo no
}

# Down dummy devices, as real NICs are before ifup.
mk_dummy() { ip link add "$1" type dummy; }

# veth_to_bridge NAME PEER: NAME here, PEER a port of bridge br0 (192.0.2.2/24) in
# namespace "peer", created on first use.
veth_to_bridge() {
	if [ ! -e /run/netns/peer ]; then
		ip netns add peer
		ip -n peer link add br0 type bridge stp_state 0 forward_delay 0
		ip -n peer addr add 192.0.2.2/24 dev br0
		ip -n peer link set br0 up
	fi
	ip link add "$1" type veth peer name "$2" netns peer
	ip -n peer link set "$2" master br0
	ip -n peer link set "$2" up
}

# slave_files DEV...: ifcfg files making each DEV a slave of bond0.
slave_files() {
	for s; do
		printf 'DEVICE=%s\nTYPE=Ethernet\nONBOOT=yes\nMASTER=bond0\nSLAVE=yes\n' "$s" > "$CONFDIR/ifcfg-$s"
	done
}

# link_counters DEV...: flags and carrier-change counters, to prove nothing flapped.
link_counters() {
	for d; do
		c=; f=
		read -r c < "/sys/class/net/$d/carrier_changes"
		read -r f < "/sys/class/net/$d/flags"
		printf '%s:%s:%s ' "$d" "$f" "$c"
	done
}

# remote_site: a server reached over SSH.  Its veth0a and veth1a are cabled to a
# switch (bridge br0 in namespace sw); a router (namespace rt) has 192.0.2.1 on the
# switch, 198.51.100.1 towards the admin host and 10.99.0.1 behind it; the admin
# host (namespace adm, 198.51.100.2) reaches the server through the router.
remote_site() {
	ip netns add sw
	ip netns add rt
	ip netns add adm
	ip -n sw link add br0 type bridge stp_state 0 forward_delay 0
	ip -n sw link set br0 up
	for i in 0 1; do
		ip link add veth${i}a type veth peer name veth${i}b netns sw
		ip -n sw link set veth${i}b master br0
		ip -n sw link set veth${i}b up
	done
	ip -n rt link add r0 type veth peer name r0s netns sw
	ip -n sw link set r0s master br0
	ip -n sw link set r0s up
	ip -n rt link add r1 type veth peer name a0 netns adm
	ip -n rt addr add 192.0.2.1/24 dev r0
	ip -n rt addr add 198.51.100.1/24 dev r1
	ip -n rt addr add 10.99.0.1/24 dev lo
	ip -n rt link set lo up
	ip -n rt link set r0 up
	ip -n rt link set r1 up
	ip netns exec rt sh -c 'echo 1 > /proc/sys/net/ipv4/conf/all/forwarding'
	ip -n adm addr add 198.51.100.2/24 dev a0
	ip -n adm link set a0 up
	ip -n adm link set lo up
	ip -n adm route add default via 198.51.100.1
}

# IPv6 on, as on a server: the module loaded, every device with its link-local
# address (and whatever a router on its link advertises).
ipv6_on() {
	modprobe ipv6 2>/dev/null
	echo 0 > /proc/sys/net/ipv6/conf/all/disable_ipv6
	echo 0 > /proc/sys/net/ipv6/conf/default/disable_ipv6
}

# Every address, for before-and-after comparisons: without "tentative", as the
# kernel's link-local addresses end their detection on its own clock.
addr_state() { ip -o addr show | sed 's/ tentative / /'; }

# ip monitor around a command: every link, address or route message the kernel sends.
# It starts once the kernel has been quiet for a second: events that earlier commands
# set off arrive late (linkwatch delays operstate changes by up to a second; a new
# link-local address ends its detection a second or two after the link comes up)
# and are not the measured command's.
monitor_start() {
	ip monitor link address route >> /tmp/monitor.log 2>&1 &
	mon_pid=$!
	i=0 last=-1 size=0
	while [ $i -lt 20 ]; do
		sleep 1
		size=$(wc -c < /tmp/monitor.log)
		[ "$size" = "$last" ] && break
		last=$size i=$((i + 1))
	done
	: > /tmp/monitor.log
}
monitor_stop() {
	sleep 1
	kill "$mon_pid"
	wait "$mon_pid" 2>/dev/null
}
monitor_lines() {
	c=0
	while read -r l; do c=$((c + 1)); echo "# monitor: $l" >&2; done < /tmp/monitor.log
	echo $c
}

# kernel_at_least X.Y
kernel_at_least() {
	IFS=. read -r ma mi rest < /proc/sys/kernel/osrelease
	want_ma=${1%%.*} want_mi=${1#*.}
	[ "$ma" -gt "$want_ma" ] || { [ "$ma" -eq "$want_ma" ] && [ "$mi" -ge "$want_mi" ]; }
}

# The kernel's note when the slave whose MAC a bond wears is released: the bond
# keeps that MAC so that no peer has to learn another (ifup-bond(8)).
MAC_KEPT='is still in use by bond - set the HWaddr'

# The kernel log from here on is the test's.
dmesg_mark() { dmesg -C; }
# No warning (or worse) from the bonding driver since the mark.  Arguments are
# patterns of warnings the environment causes and no order of steps avoids (each
# caller says why).
no_bond_warnings() {
	w=$(dmesg -l warn,err,crit,alert,emerg | grep -i 'bond')
	for pat; do
		w=$(printf '%s\n' "$w" | grep -v -- "$pat")
	done
	if [ -z "$w" ]; then
		pass "no bonding warning in the kernel log"
	else
		fail "no bonding warning in the kernel log"
		printf '%s\n' "$w" | sed 's/^/#   /'
	fi
}
