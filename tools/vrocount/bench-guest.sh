#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tools/vrocount/bench-guest.sh BYTES - the workload tools/vrocount/bench.sh
# counts, in the guest: the module users' three builds loaded side by side
# (vro_flowtab, vro_flowlimit: netfilter hooks that see every packet;
# tcp_vcubic: one iperf3 transfer of BYTES over loopback per build, -C
# vcubic, vcubic_plain, vcubic_const), between "vromark start" and "vromark
# stop"; each entry of __netif_receive_skb_core() is a packet boundary.
# Before that window, two of their own: TCP over IPv6 (tcp6) and UDP over
# IPv4 (udp4), TCP between two namespaces over veth (veth4), BYTES each;
# on the vro kernels netif_rx() of fixed frames
# (rx); then one per way of reaching a pv op (vro_pv_bench's variants,
# PV_CALLS calls each, "pv:KEY"). Prints "count-bench-window: N NAME
# lo_packets=P" per window and "count-bench: lo_packets=P" (the last
# window's: the packets the hooks saw).
set -u
BYTES=${1:-4M}
MODS="vro_flowtab vro_flowtab_plain vro_flowtab_const vro_flowlimit vro_flowlimit_plain
tcp_vcubic tcp_vcubic_plain tcp_vcubic_const"

for m in $MODS; do
	modprobe "$m" || { echo "bench-guest.sh: modprobe $m failed"; exit 1; }
done
# a packet boundary (tools/count --mem --cold): each packet's receive
hook=$(awk '$3 ~ /^__netif_receive_skb_core/ && NF == 3 { print $1; exit }' /proc/kallsyms)
vromark boundary "$hook" || { echo "bench-guest.sh: vromark boundary '$hook' failed"; exit 1; }
# the tunables' variables: accesses through any addressing (--mem)
# (the modules' own: vmlinux's are many, and the plugin follows at most 32)
vrocount-objects '__plain_vro_*[vro_flowtab_plain]' '__plain_vro_*[tcp_vcubic_plain]' \
	'__const_vro_*[vro_flowtab_const]' '__const_vro_*[tcp_vcubic_const]' \
	'bucket_mask[vro_flowlimit_plain]' \
	'budget[vro_flowlimit_plain]' 'window_shift[vro_flowlimit_plain]' \
	'seed[vro_flowlimit_plain]' net_hotdata tcp_hashinfo dentry_hashtable \
	d_hash_shift || exit 1
iperf3 -s -B 127.0.0.1 >/tmp/server.log 2>&1 &
srv=$!
iperf3 -s -B ::1 -p 5202 >/tmp/server6.log 2>&1 &
srv6=$!
. /selftests/lib/guest.sh
wait_listen || { echo "bench-guest.sh: no iperf3 server after 60 s: $(cat /tmp/server.log)"; exit 1; }
wait_listen "" 5202 || { echo "bench-guest.sh: no IPv6 iperf3 server after 60 s: $(cat /tmp/server6.log)"; exit 1; }
lo_packets() { awk '$1 == "lo:" { print $3 }' /proc/net/dev; }
rc=0
# window WORKLOAD CMD...: CMD in a window of its own (tools/count:
# counts.N.csv); pk: the loopback packets received meanwhile
nw=0
window() {
	_w=$1
	shift
	nw=$((nw + 1))
	_p0=$(lo_packets)
	vromark start
	"$@" >/tmp/client.log 2>&1 || { echo "bench-guest.sh: $_w: $* failed"; cat /tmp/client.log; rc=1; }
	vromark stop
	pk=$(($(lo_packets) - _p0))
	echo "count-bench-window: $nw $_w lo_packets=$pk"
}
# TCP over IPv6 and UDP over IPv4 (1400-byte datagrams, as fast as the
# guest sends them; the receiver may drop some: packets are what it got)
window tcp6 iperf3 -c ::1 -p 5202 -n "$BYTES"
window udp4 iperf3 -c 127.0.0.1 -u -b 0 -l 1400 -n "$BYTES"
# TCP over IPv4 between two namespaces joined by veth (veth4): the veth
# transmit, netif_rx() and the backlog instead of loopback's
if modprobe veth && ip netns add cA && ip netns add cB &&
	ip link add ca type veth peer name cb && ip link set ca netns cA &&
	ip link set cb netns cB && ip -n cA addr add 10.97.0.1/24 dev ca &&
	ip -n cB addr add 10.97.0.2/24 dev cb && ip -n cA link set ca up &&
	ip -n cB link set cb up && ip -n cA link set lo up; then
	ip netns exec cA iperf3 -s -1 -B 10.97.0.1 >/tmp/server-veth.log 2>&1 &
	wait_listen cA || { echo "bench-guest.sh: no iperf3 server in cA: $(cat /tmp/server-veth.log)"; rc=1; }
	window veth4 ip netns exec cB iperf3 -c 10.97.0.1 -n "$BYTES"
else
	echo "bench-guest.sh: no veth pair between namespaces: no veth4 window"
	rc=1
fi
# netif_rx() of fixed frames (the vro kernels' selftests/kbench/vro_kbench.ko:
# batches of 64 small frames to the loopback device with bottom halves
# off, delivered and dropped for their unknown protocol; its lookup loop
# runs too, 11 calls); not on a stock kernel, which has no such module
if modinfo vro_kbench >/dev/null 2>&1; then
	window rx modprobe vro_kbench batches=11 calls=1 rx_calls=64
	rmmod vro_kbench
fi
# pv op calls (selftests/pv/vro_pv_bench.ko): each way of reaching an op,
# PV_CALLS calls in a window of its own ("pv:KEY"), and the write alone
# ("pv:none", 0 calls) that the report takes off; the default backends
# (flow: crc32c where the CPU has SSE4.2, as QEMU's "max" does, else jhash:
# net/vro_flow.h), which the direct calls name
PV_CALLS=${PV_CALLS:-20000}
run=/sys/kernel/debug/vro_pv_bench_run
pvb=jhash
grep -qw sse4_2 /proc/cpuinfo && pvb=crc32c
if modprobe vro_pv_bench direct=$pvb iters=1000 rounds=1; then
	window pv:none sh -c "echo 'pv 0' >$run"
	for k in pv static_call indirect direct tramp pb_direct pb_cabi pb_thunk \
		pb_hand pb_tmpl pb_tramp pb_tramp_hand pb_tramp_cabi pb_static_call \
		pb_indirect pb_indirect_thunk; do
		window "pv:$k" sh -c "echo '$k $PV_CALLS' >$run"
	done
	echo "count-bench-pv: calls=$PV_CALLS backend=$pvb"
else
	echo "bench-guest.sh: modprobe vro_pv_bench failed: no pv windows"
	rc=1
fi
# the last window, the main files': TCP over IPv4 through each vcubic build
vcubic_transfers() {
	_t=0
	for cc in vcubic vcubic_plain vcubic_const; do
		iperf3 -c 127.0.0.1 -n "$BYTES" -C "$cc" || { echo "iperf3 -C $cc failed"; _t=1; }
	done
	return $_t
}
window tcp4 vcubic_transfers
kill $srv $srv6 2>/dev/null
echo "count-bench: bytes=$BYTES lo_packets=$pk"
exit $rc
