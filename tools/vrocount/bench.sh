#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/vrocount/bench.sh - make bench's counted figures (tools/bench runs
# it): per-call instructions, loads, RIP-relative loads, loads of the
# tunables' variables, memory accesses, misses of a modelled 32 KiB 8-way
# L1d warm (boot 1) and emptied at each packet (boot 2), of the module users' vro, plain and const builds
# (tcp_vcubic, vro_flowtab, vro_flowlimit) and of the network stack's hot
# functions, counted by the vrocount plugin (Documentation/measure.rst) in
# two one-vCPU boots per kernel; the spread between the two boots is
# reported. Kernels: $VRO_COUNT_KERNELS, by default stock and the
# whole-kernel builds vro, vro-plain and vro-const, which tools/kernel
# builds first or brings up to date (minutes each on a fresh clone; nothing
# when they are current); VRO_COUNT_BUILD=0 counts only those already
# built. Results: bench/results/count-results.md,
# count-runs.csv, count-summary.csv, count-hotdata.png, count-gap.png. QUICK=1: 4 MB per transfer, else 20 MB.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
res=$top/bench/results
kcache=${VRO_KERNEL_CACHE:-$top/.cache/kernel}
bytes=20M
[ "${QUICK:-0}" = 1 ] && bytes=4M

if [ ! -f "$top/tools/vrocount/vrocount.so" ]; then
	echo "vrocount bench: skipped: no tools/vrocount/vrocount.so (QEMU plugin header: run 'make deps' as root, then make)"
	exit 0
fi
kernels=${VRO_COUNT_KERNELS:-}
if [ -z "$kernels" ]; then
	kernels=stock
	if [ "${VRO_COUNT_BUILD:-1}" != 0 ]; then
		echo "vrocount bench: tools/kernel vro vro-plain vro-const (built once, then cached)"
		KERNELS="vro vro-plain vro-const" "$top"/tools/kernel ||
			echo "vrocount bench: tools/kernel failed: counting the kernels that are built"
	fi
	for k in vro vro-plain vro-const; do
		if [ -f "$kcache/$k/key" ]; then
			kernels="$kernels $k"
		else
			echo "vrocount bench: kernel $k not built (make kernel KERNELS=$k): not counted"
		fi
	done
fi

funcs="vcubic_cong_avoid vcubic_acked vcubic_update vcubic_hystart vcubic_reduce
ft_hook ft_count ft_hash ft_find flowlimit_hook
__inet_lookup_established inet_ehashfn enqueue_to_backlog __netif_rx
__netif_receive_skb_core* ip_rcv tcp_v4_rcv
net_rx_action process_backlog tcp_sendmsg_locked skb_attempt_defer_free
__dev_queue_xmit __d_lookup_rcu d_alloc_parallel
ipv6_rcv tcp_v6_rcv inet6_ehashfn __inet6_lookup_established
udp_rcv __udp4_lib_lookup udp_queue_rcv_one_skb udp_sendmsg
*[vro_pv_bench] *[vro_pv_bset] *[vro_flow] __x86_indirect_* __x86_return_thunk"
# vmlinux's tunables: net_hotdata (6.9+) and the tables whose base and
# size the vro kernels patch in (kernel/patches/6.12)
objs="__plain_vro_* __const_vro_* net_hotdata tcp_hashinfo dentry_hashtable d_hash_shift"
for t in bucket_mask budget window_shift seed; do
	objs="$objs ${t}[vro_flowlimit_plain]"
done
args=()
# the names are patterns for the guest's kallsyms, never for the host's
# files ("*[vro_pv_bench]" matched the tree's "bench" directory)
set -f
for s in $funcs $objs; do
	args+=(--sym "$s")
done
set +f

work=$top/.cache/count/bench
rm -rf "$work"
mkdir -p "$work" "$res"
rc=0
for k in $kernels; do
	for b in 1 2; do
		d=$work/$k-$b
		# boot 1: a warm modelled L1d; boot 2: emptied at each packet
		mode=(--mem)
		[ "$b" = 2 ] && mode+=(--cold)
		echo "vrocount bench: kernel $k, boot $b: $bytes per transfer"
		if ! "$top"/tools/count --kernel "$k" --out "$d" "${mode[@]}" "${args[@]}" \
			--timeout 900 --file "$top/tools/vrocount/bench-guest.sh" \
			-- "sh /root/bench-guest.sh $bytes" >"$d.log" 2>&1; then
			echo "vrocount bench: kernel $k, boot $b failed:"
			tail -n 20 "$d.log"
			rc=1
		fi
	done
done
# shellcheck disable=SC2086 # one argument per kernel
python3 "$top"/tools/vrocount/bench_report.py "$work" "$res" $kernels || rc=1
for p in "$res"/count-*.gp; do
	[ -f "$p" ] || continue
	(cd "$res" && gnuplot "${p##*/}") || rc=1
done
exit $rc
