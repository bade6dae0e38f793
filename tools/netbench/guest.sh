#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tools/netbench/guest.sh ROUNDS SECS CWND_SECS UDP [HOOK_TESTS [SETS]] -
# guest side of tools/netbench/bench.sh; runs in the QEMU guest (TCG).
# SETS (default "cc hook cwnd") names the parts to run: the congestion
# controls, the hook set, the cwnd curves.
#
# Network namespaces nbA (iperf3 server) and nbB (client) joined by a
# veth pair va/vb on 10.99.0.0/30 and fd99::/64 (IPv6): the clean path.
# A second path goes
# through a router namespace nbR: nbB vd 10.99.1.2 - vc 10.99.1.1 nbR ve
# 10.99.2.1 - vh 10.99.2.2 nbA, with netem on nbR's ve (20 ms delay, 20
# Mbit/s, a 100-packet queue): the queue overflows in the router, so the
# sender sees real losses (not local qdisc drops) and CUBIC's window curve
# shows. vd sends single-segment packets (gso_max_segs 1) so the queue
# counts packets, not 64 KB GSO bursts.
#
# Throughput: ROUNDS rounds; each round runs every test (TCP 1 stream, TCP
# 4 streams) with every congestion control (stock cubic, vcubic_plain,
# vcubic_const, vcubic) in that order, interleaved, SECS seconds each; with
# UDP=1 one UDP run (no congestion control) closes each round. Then, in
# the same round, the hook set with stock cubic: each HOOK_TESTS test
# (default "tcp1 tcp4 tcp1v6"; tcp1v6 is TCP over IPv6) with no hook
# (nohook), net/vro_flowtab's plain, const and vro builds (ft_plain,
# ft_const, ft: the flow op's default backend, crc32c where the CPU has
# SSE4.2) and the vro build with each other backend of the flow op set
# (ft_jhash, ft_siphash, ft_trace), interleaved. Each hooked run loads its
# module with timing=1 before the run and unloads it after: the hook sums
# its TSC ticks (rdtsc_ordered() before and after). A warm-up transfer of
# 4 MB over the same path comes first (under TCG the first passes through
# new code include its translation), and the run's figures are its stats
# after the run less its stats before. cwnd: one CWND_SECS run over the
# netem path with cubic, then one with vcubic.
#
# Output: "bench: ..." progress lines, and per run one line
#   J ROUND CONFIG TEST BUSY TOTAL <iperf3 -J output on one line>
# where CONFIG is the congestion control or the hook configuration and
# BUSY and TOTAL are the guest's non-idle and all jiffies (USER_HZ, all
# CPUs, /proc/stat) over the client's run; after a hooked run one line
#   T ROUND CONFIG TEST PACKETS PACKETS6 TIMED TICKS SLOW BACKEND
# from the module's stats over the run (TICKS: the timed passes' sum, SLOW
# passes over 2^20 ticks excluded) and the flow backend in use, and one
#   H ROUND CONFIG TEST LO:N LO:N ...
# the run's passes per 16-tick bucket of its timing histogram (debugfs
# "timing": lowest tick of the bucket, passes).
set -u
rounds=${1:-3} secs=${2:-3} cwsecs=${3:-10} udp=${4:-0}
HTESTS=${5:-tcp1 tcp4 tcp1v6}
SETS=${6:-cc hook cwnd}
CCS="cubic vcubic_plain vcubic_const vcubic"
TESTS="tcp1 tcp4"
case " $SETS " in *" cc "*) ;; *) TESTS= udp=0 ;; esac
case " $SETS " in *" hook "*) ;; *) HTESTS= ;; esac
cwnd=0
case " $SETS " in *" cwnd "*) cwnd=2 ;; esac
A=nbA B=nbB R=nbR
D=/sys/kernel/debug
PV=/sys/module/vro/parameters/pv

ip() { /usr/sbin/ip "$@"; }

fail() {
	echo "bench: error: $*"
	exit 1
}

# cpu_jiffies: "BUSY TOTAL" from the first line of /proc/stat
cpu_jiffies() {
	awk '/^cpu / { t = $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9
		print t - $5 - $6, t; exit }' /proc/stat
}

# run ROUND CC TEST ADDR IPERF3-ARGS...: one client run, one J line
run() {
	r=$1 cc=$2 t=$3 addr=$4
	shift 4
	s0=$(cpu_jiffies)
	out=$(ip netns exec $B iperf3 -c "$addr" -J "$@" 2>&1)
	rc=$?
	s1=$(cpu_jiffies)
	set -- $s0 $s1
	if [ $rc != 0 ]; then
		echo "bench: error: round $r $cc $t: iperf3 exit $rc:" \
			"$(echo "$out" | grep '"error"' | head -n 1)"
		return 1
	fi
	echo "J $r $cc $t $(($3 - $1)) $(($4 - $2)) $(echo "$out" | tr -d '\n\t')"
}

# hook_stats: "packets packets6 timed ticks slow" of the loaded hook
hook_stats() {
	awk '{ v[$1] = $2 } END { print v["packets"], v["packets6"], v["timed"], v["ticks"], v["slow"] }' \
		$D/$hm/stats
}

# hook_on CONFIG ADDR: select its flow backend, load its module (timing=1),
# warm it up with traffic to ADDR, note its stats
hook_on() {
	case $1 in
	nohook) return 0 ;;
	ft_plain) hm=vro_flowtab_plain hb=$dflt ;;
	ft_const) hm=vro_flowtab_const hb=$dflt ;;
	ft) hm=vro_flowtab hb=$dflt ;;
	ft_*) hm=vro_flowtab hb=${1#ft_} ;;
	esac
	echo "flow:$hb" >$PV || { echo "bench: error: vro.pv=flow:$hb refused"; return 1; }
	modprobe $hm timing=1 || { echo "bench: error: modprobe $hm timing=1"; return 1; }
	ip netns exec $B iperf3 -c "$2" -n 4M -C cubic >/dev/null 2>&1 ||
		{ echo "bench: error: warm-up transfer to $2 with $hm"; return 1; }
	h0=$(hook_stats)
	cp $D/$hm/timing /tmp/nb-hist0
}

# hook_off ROUND CONFIG TEST: print its T line, unload its module
hook_off() {
	[ "$2" = nohook ] && return 0
	echo "$h0 $(hook_stats)" | awk -v h="T $1 $2 $3" -v b="$hb" \
		'{ print h, $6 - $1, $7 - $2, $8 - $3, $9 - $4, $10 - $5, b }'
	awk -v h="H $1 $2 $3" 'FILENAME == ARGV[1] { n0[$1] = $2; next }
		{ d = $2 - n0[$1]; if (d > 0) h = h " " $1 ":" d } END { print h }' \
		/tmp/nb-hist0 $D/$hm/timing
	rmmod $hm || { echo "bench: error: rmmod $hm"; return 1; }
}

for m in tcp_vcubic tcp_vcubic_plain tcp_vcubic_const vro_flow vro_flow_trace; do
	modprobe $m || fail "modprobe $m"
done
# the flow op's default backend; every other one is a configuration
dflt=$(awk '$1 == "set" && $2 == "flow" { print $4 }' $D/vro/pv)
[ -n "$dflt" ] || fail "no flow op set in $D/vro/pv"
HOOKS="nohook ft_plain ft_const ft"
for b in $(awk '$1 == "set" { s = $2 } s == "flow" && $1 == "backend" { print $2 }' $D/vro/pv); do
	[ "$b" = "$dflt" ] || HOOKS="$HOOKS ft_$b"
done
modprobe sch_netem || fail "modprobe sch_netem"
for n in $A $B $R; do
	ip netns add $n && ip -n $n link set lo up || fail "ip netns add $n"
done
ip link add va type veth peer name vb && ip link add vd type veth peer name vc &&
	ip link add ve type veth peer name vh || fail "cannot create veth pairs"
for d in "$A va" "$B vb" "$B vd" "$R vc" "$R ve" "$A vh"; do
	set -- $d
	ip link set $2 netns $1 || fail "move $2 to $1"
done
for d in "$A va 10.99.0.1" "$B vb 10.99.0.2" "$B vd 10.99.1.2" "$R vc 10.99.1.1" \
	"$R ve 10.99.2.1" "$A vh 10.99.2.2"; do
	set -- $d
	ip -n $1 addr add $3/30 dev $2 && ip -n $1 link set $2 up || fail "$2 $3 up"
done
ip -n $A addr add fd99::1/64 dev va nodad && ip -n $B addr add fd99::2/64 dev vb nodad ||
	fail "IPv6 addresses on va, vb"
ip -n $B route add 10.99.2.0/30 via 10.99.1.1 && ip -n $A route add 10.99.1.0/30 via 10.99.2.1 ||
	fail "routes through $R"
ip netns exec $R sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward' || fail "forwarding in $R"
ip -n $B link set vd gso_max_segs 1 || fail "gso_max_segs on vd"
ip netns exec $R tc qdisc add dev ve root netem delay 20ms rate 20mbit limit 100 ||
	fail "netem on ve"
ip netns exec $A iperf3 -s -D -I /tmp/nb-iperf3.pid || fail "iperf3 server"
i=0
while ! ip netns exec $A cat /proc/net/tcp /proc/net/tcp6 | grep -q ':1451 .* 0A '; do
	i=$((i + 1))
	[ $i -gt 100 ] && fail "iperf3 server does not listen"
	sleep 0.1
done
echo "bench: guest $(uname -r), $(grep -c ^processor /proc/cpuinfo) vCPUs," \
	"congestion controls: $(cat /proc/sys/net/ipv4/tcp_available_congestion_control)"
echo "bench: hook configurations: $HOOKS (flow backend default: $dflt)"

nt=0
for t in $TESTS; do nt=$((nt + 4)); done
for t in $HTESTS; do for h in $HOOKS; do nt=$((nt + 1)); done; done
[ "$udp" = 1 ] && nt=$((nt + 1))
total=$((rounds * nt + cwnd)) n=0 bad=0
for r in $(seq 1 "$rounds"); do
	for t in $TESTS; do
		for cc in $CCS; do
			n=$((n + 1))
			echo "bench: [$n/$total] round $r/$rounds $t $cc (${secs}s)"
			run $r $cc $t 10.99.0.1 -t "$secs" -i 0 -C $cc -P "${t#tcp}" || bad=1
		done
	done
	if [ "$udp" = 1 ]; then
		n=$((n + 1))
		echo "bench: [$n/$total] round $r/$rounds udp (${secs}s)"
		run $r none udp 10.99.0.1 -t "$secs" -i 0 -u -b 0 -l 1400 || bad=1
	fi
	for t in $HTESTS; do
		case $t in
		tcp1v6) addr=fd99::1 P=1 ;;
		*) addr=10.99.0.1 P=${t#tcp} ;;
		esac
		for h in $HOOKS; do
			n=$((n + 1))
			echo "bench: [$n/$total] round $r/$rounds $t $h (${secs}s)"
			if ! hook_on $h $addr; then
				bad=1
				rmmod $hm 2>/dev/null
				continue
			fi
			run $r $h $t $addr -t "$secs" -i 0 -C cubic -P $P || bad=1
			hook_off $r $h $t || bad=1
		done
	done
done
echo "" >$PV
for cc in cubic vcubic; do
	[ $cwnd = 0 ] && break
	n=$((n + 1))
	echo "bench: [$n/$total] cwnd $cc over netem (20 ms, 20 Mbit/s; ${cwsecs}s)"
	run 1 $cc cwnd 10.99.2.2 -t "$cwsecs" -i 0.2 -C $cc || bad=1
done
kill "$(cat /tmp/nb-iperf3.pid)" 2>/dev/null
ip netns del $A
ip netns del $B
ip netns del $R
exit $bad
