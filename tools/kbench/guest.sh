#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tools/kbench/guest.sh ROUND KERNEL SECS UDP V6 - guest side of
# tools/kbench/bench.sh: one boot of one of the three whole-kernel builds
# (vro-plain, vro-const, vro) under QEMU (TCG).
#
# 1. The hot functions: loads selftests/kbench's vro_kbench (TSC-timed
#    __inet_lookup_established() and netif_rx(), medians per call) and
#    prints one line per function:
#      K ROUND KERNEL FUNCTION TICKS NS BATCHES CALLS
# 2. iperf3 between two network namespaces kbA (server) and kbB (client)
#    over a veth pair, 10.97.0.0/30 and fd97::/64: TCP 1 stream, TCP 4
#    streams, UDP (UDP=1), TCP 1 stream over IPv6 (V6=1), SECS seconds
#    each, after a 1 s warm-up transfer; per run one line
#      J ROUND KERNEL TEST BUSY TOTAL <iperf3 -J output on one line>
#    where BUSY and TOTAL are the guest's non-idle (user, system, irq,
#    softirq, steal) and all jiffies (USER_HZ, all CPUs, /proc/stat) over
#    the client's run.
set -u
round=$1 kern=$2 secs=$3 udp=$4 v6=$5
A=kbA B=kbB

ip() { /usr/sbin/ip "$@"; }

fail() {
	echo "kbench: error: $*"
	exit 1
}

# cpu_jiffies: "BUSY TOTAL" from the first line of /proc/stat
cpu_jiffies() {
	awk '/^cpu / { t = $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9
		print t - $5 - $6, t; exit }' /proc/stat
}

# run TEST ADDR IPERF3-ARGS...: one client run, one J line
run() {
	t=$1 addr=$2
	shift 2
	s0=$(cpu_jiffies)
	out=$(ip netns exec $B iperf3 -c "$addr" -J "$@" 2>&1)
	rc=$?
	s1=$(cpu_jiffies)
	set -- $s0 $s1
	if [ $rc != 0 ]; then
		echo "kbench: error: $kern $t: iperf3 exit $rc:" \
			"$(echo "$out" | grep '"error"' | head -n 1)"
		return 1
	fi
	echo "J $round $kern $t $(($3 - $1)) $(($4 - $2)) $(echo "$out" | tr -d '\n\t')"
}

echo "kbench: guest $(uname -r), $(grep -c ^processor /proc/cpuinfo) vCPUs"
ip link set lo up || fail "lo up"

# 1. the hot functions
dmesg -c >/dev/null
modprobe vro_kbench || fail "modprobe vro_kbench"
dmesg | sed -n 's/.*vro_kbench: \([a-z]*\) ticks=\([0-9.]*\) ns=\([0-9.]*\) batches=\([0-9]*\) calls=\([0-9]*\).*/K '"$round $kern"' \1 \2 \3 \4 \5/p'
rmmod vro_kbench
dmesg | grep -q 'vro_kbench: rx ticks=' || fail "vro_kbench printed no figures: $(dmesg | grep vro_kbench | tail -n 3)"

# 2. iperf3 over veth
for n in $A $B; do
	ip netns add $n && ip -n $n link set lo up || fail "ip netns add $n"
done
ip link add va type veth peer name vb || fail "cannot create the veth pair"
ip link set va netns $A && ip link set vb netns $B || fail "move the veth ends"
ip -n $A addr add 10.97.0.1/30 dev va && ip -n $B addr add 10.97.0.2/30 dev vb &&
	ip -n $A addr add fd97::1/64 dev va nodad && ip -n $B addr add fd97::2/64 dev vb nodad ||
	fail "addresses"
ip -n $A link set va up && ip -n $B link set vb up || fail "links up"
ip netns exec $A iperf3 -s -D -I /tmp/kb-iperf3.pid || fail "iperf3 server"
i=0
while ! ip netns exec $A cat /proc/net/tcp /proc/net/tcp6 | grep -q ':1451 .* 0A '; do
	i=$((i + 1))
	[ $i -gt 100 ] && fail "iperf3 server does not listen"
	sleep 0.1
done
ip netns exec $B iperf3 -c 10.97.0.1 -t 1 >/dev/null 2>&1 || fail "warm-up transfer"

bad=0
echo "kbench: $kern round $round: tcp1 tcp4$([ "$udp" = 1 ] && echo " udp")$([ "$v6" = 1 ] && echo " tcp1v6"), ${secs}s each"
run tcp1 10.97.0.1 -t "$secs" -i 0 -P 1 || bad=1
run tcp4 10.97.0.1 -t "$secs" -i 0 -P 4 || bad=1
if [ "$udp" = 1 ]; then
	run udp 10.97.0.1 -t "$secs" -i 0 -u -b 0 -l 1400 || bad=1
fi
if [ "$v6" = 1 ]; then
	run tcp1v6 fd97::1 -t "$secs" -i 0 -P 1 || bad=1
fi
kill "$(cat /tmp/kb-iperf3.pid)" 2>/dev/null
ip netns del $A
ip netns del $B
exit $bad
