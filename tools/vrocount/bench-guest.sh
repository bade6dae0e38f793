#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tools/vrocount/bench-guest.sh BYTES - the workload tools/vrocount/bench.sh
# counts, in the guest: the module users' three builds loaded side by side
# (vro_flowtab, vro_flowlimit: netfilter hooks that see every packet;
# tcp_vcubic: one iperf3 transfer of BYTES over loopback per build, -C
# vcubic, vcubic_plain, vcubic_const), between "vromark start" and "vromark
# stop"; each entry of __netif_receive_skb_core() is a packet boundary. Prints "count-bench: lo_packets=N": the packets the hooks saw.
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
. /selftests/lib/guest.sh
wait_listen || { echo "bench-guest.sh: no iperf3 server after 60 s: $(cat /tmp/server.log)"; exit 1; }
lo_packets() { awk '$1 == "lo:" { print $3 }' /proc/net/dev; }
p0=$(lo_packets)
vromark start
rc=0
for cc in vcubic vcubic_plain vcubic_const; do
	iperf3 -c 127.0.0.1 -n "$BYTES" -C "$cc" >/tmp/client.log 2>&1 ||
		{ echo "bench-guest.sh: iperf3 -C $cc failed"; cat /tmp/client.log; rc=1; }
done
vromark stop
p1=$(lo_packets)
kill $srv 2>/dev/null
echo "count-bench: bytes=$BYTES lo_packets=$((p1 - p0))"
exit $rc
