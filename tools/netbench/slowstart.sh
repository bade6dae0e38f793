#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tools/netbench/slowstart.sh ROUNDS SECS [CCS] - guest side of
# tools/netbench/slowstart: the slow-start exit of stock cubic and vcubic
# over the netem path of tools/netbench/guest.sh (20 ms, 20 Mbit/s, a
# 100-packet router queue), interleaved: each round runs every congestion
# control of CCS (default "cubic vcubic") once, SECS seconds each, from a
# fresh connection (route metrics flushed, none saved, so no connection
# inherits an ssthresh).
#
# Per run one line
#   S ROUND CC TRAIN TRAIN_CWND DELAY DELAY_CWND <iperf3 -J output on one line>
# where TRAIN.. DELAY_CWND are the sender namespace's HyStart counters
# (TcpExt TCPHystart{Train,Delay}{Detect,Cwnd}) gained over the run.
set -u
rounds=${1:-5} secs=${2:-3} ccs=${3:-cubic vcubic}
A=nbA B=nbB R=nbR

ip() { /usr/sbin/ip "$@"; }

fail() {
	echo "slowstart: error: $*"
	exit 1
}

# hystart: "TRAIN TRAIN_CWND DELAY DELAY_CWND" of the client namespace
hystart() {
	ip netns exec $B cat /proc/net/netstat | awk '
		$1 == "TcpExt:" && !h { for (i = 2; i <= NF; i++) n[i] = $i; h = 1; next }
		$1 == "TcpExt:" { for (i = 2; i <= NF; i++) v[n[i]] = $i }
		END { print v["TCPHystartTrainDetect"] + 0, v["TCPHystartTrainCwnd"] + 0,
			v["TCPHystartDelayDetect"] + 0, v["TCPHystartDelayCwnd"] + 0 }'
}

for m in tcp_vcubic tcp_vcubic_plain tcp_vcubic_const sch_netem; do
	modprobe $m || fail "modprobe $m"
done
for n in $A $B $R; do
	ip netns add $n && ip -n $n link set lo up || fail "ip netns add $n"
done
ip link add vd type veth peer name vc && ip link add ve type veth peer name vh ||
	fail "cannot create veth pairs"
for d in "$B vd 10.99.1.2" "$R vc 10.99.1.1" "$R ve 10.99.2.1" "$A vh 10.99.2.2"; do
	set -- $d
	ip link set $2 netns $1 && ip -n $1 addr add $3/30 dev $2 &&
		ip -n $1 link set $2 up || fail "$2 $3 up in $1"
done
ip -n $B route add 10.99.2.0/30 via 10.99.1.1 && ip -n $A route add 10.99.1.0/30 via 10.99.2.1 ||
	fail "routes through $R"
ip netns exec $R sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward' || fail "forwarding in $R"
ip netns exec $B sh -c 'echo 1 >/proc/sys/net/ipv4/tcp_no_metrics_save' ||
	fail "tcp_no_metrics_save in $B"
ip -n $B link set vd gso_max_segs 1 || fail "gso_max_segs on vd"
ip netns exec $R tc qdisc add dev ve root netem delay 20ms rate 20mbit limit 100 ||
	fail "netem on ve"
ip netns exec $A iperf3 -s -D -I /tmp/ss-iperf3.pid || fail "iperf3 server"
i=0
while ! ip netns exec $A cat /proc/net/tcp /proc/net/tcp6 | grep -q ':1451 .* 0A '; do
	i=$((i + 1))
	[ $i -gt 100 ] && fail "iperf3 server does not listen"
	sleep 0.1
done
bad=0
for r in $(seq 1 "$rounds"); do
	for cc in $ccs; do
		echo "slowstart: round $r/$rounds $cc (${secs}s)"
		ip -n $B tcp_metrics flush all 2>/dev/null
		h0=$(hystart)
		out=$(ip netns exec $B iperf3 -c 10.99.2.2 -J -t "$secs" -i 0.1 -C $cc 2>&1)
		rc=$?
		h1=$(hystart)
		if [ $rc != 0 ]; then
			echo "slowstart: error: round $r $cc: iperf3 exit $rc"
			bad=1
			continue
		fi
		set -- $h0 $h1
		echo "S $r $cc $(($5 - $1)) $(($6 - $2)) $(($7 - $3)) $(($8 - $4))" \
			"$(echo "$out" | tr -d '\n\t')"
	done
done
kill "$(cat /tmp/ss-iperf3.pid)" 2>/dev/null
exit $bad
