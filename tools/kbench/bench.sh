#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/kbench/bench.sh - whole-kernel mode's benchmark (run by make bench;
# Documentation/kernel.rst, "Measurements"): the same kernel source and
# configuration built three ways (make kernel KERNELS="vro vro-plain
# vro-const"), with the network-stack constants of kernel/patches/<version>/0010-0012
# read as patched immediates (vro), as ordinary variables (plain) or as
# compile-time constants (const).
#
#  - guest (QEMU/TCG): the three kernels booted interleaved (plain const
#    vro, plain const vro, ...), ROUNDS rounds; each boot
#    (tools/kbench/guest.sh) times __inet_lookup_established() and
#    netif_rx() in the guest with selftests/kbench's vro_kbench (TSC,
#    median per call), then runs iperf3 between two network namespaces
#    over veth: TCP 1 and 4 streams, UDP, TCP 1 stream over IPv6;
#    throughput and guest CPU seconds per GB (/proc/stat, softirq
#    included); ratios against plain of the same round;
#  - build cost (host): vrolink --list over every object of the vro
#    build's vmlinux.a (one run per object, as kbuild runs the pass) next
#    to the ld -r of vmlinux.a that kbuild does for vmlinux.o.
#
# Writes bench/results/kernel-* (gitignored): kernel-results.md,
# kernel-runs.csv, kernel-summary.csv, kernel-hot.csv, kernel-build.csv,
# kernel-throughput.png, kernel-cost.png, kernel-hot.png and their data.
# QUICK=1: 1 round of 2 s runs; the kernels must be built already (else it
# says so and skips). Without QUICK it builds them (tools/kernel) first.
# KB_ROUNDS, KB_SECS, KB_UDP (0/1), KB_V6 (0/1) override. A benchmark:
# prints figures, fails only when a run fails, never on a number.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tools/kbench
res=${KB_RESULTS:-$top/bench/results}
kc=${VRO_KERNEL_CACHE:-$top/.cache/kernel}
KERNELS="vro-plain vro-const vro"

if [ "${QUICK:-0}" = 1 ]; then
	rounds=${KB_ROUNDS:-1} secs=${KB_SECS:-2}
else
	rounds=${KB_ROUNDS:-3} secs=${KB_SECS:-5}
fi
udp=${KB_UDP:-1} v6=${KB_V6:-1}
for v in "$rounds" "$secs"; do
	case "$v" in
	''|*[!0-9]*|0) echo "kbench: error: KB_ROUNDS/KB_SECS '$v' is not a positive number" >&2; exit 2 ;;
	esac
done
for t in gnuplot python3 ar ld; do
	command -v $t >/dev/null || { echo "kbench: error: '$t' not installed (run make deps)" >&2; exit 2; }
done

missing=""
for k in $KERNELS; do
	[ -f "$kc/$k/key" ] || missing="$missing $k"
done
if [ -n "$missing" ]; then
	if [ "${QUICK:-0}" = 1 ]; then
		echo "kbench: skipped: make kernel KERNELS='vro vro-plain vro-const' first (not built in $kc:$missing)"
		exit 0
	fi
	echo "kbench: building the kernels (not built in $kc:$missing; 10-25 min each)"
	"$top/tools/kernel" vro vro-plain vro-const || exit 1
fi

mkdir -p "$res" || exit 2
rm -f "$res"/kernel-*
raw=$res/kernel-guest.raw
: >"$raw"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
rc=0

# 1. the guest: the kernels interleaved, one boot per kernel and round
for k in $KERNELS; do
	"$top/tools/kmods" "$k" >/dev/null || { echo "kbench: error: cannot build the modules for $k"; exit 1; }
done
echo "kbench: guest (TCG): $rounds rounds x ($KERNELS), one boot each: vro_kbench," \
	"then iperf3 tcp1 tcp4$([ "$udp" = 1 ] && echo " udp")$([ "$v6" = 1 ] && echo " tcp1v6"), ${secs}s each"
t0=$SECONDS
for r in $(seq 1 "$rounds"); do
	for k in $KERNELS; do
		echo "kbench: round $r/$rounds: booting $k"
		"$top/tools/vm/run" --kernel "$k" --timeout $((300 + 6 * (secs + 10))) \
			--file "$here/guest.sh:/root/kbench.sh" \
			-- sh /root/kbench.sh "$r" "$k" "$secs" "$udp" "$v6" 2>&1 |
			tee -a "$raw" | grep --line-buffered -v '^J ' | sed -u '/^kbench: /!s/^/kbench: /'
		vm=${PIPESTATUS[0]}
		[ "$vm" = 0 ] || { echo "kbench: round $r $k: tools/vm/run exit $vm"; rc=1; }
	done
done
echo "kbench: guest done in $((SECONDS - t0)) s"

# 2. the build cost, on the vro build's objects
"$here/buildcost.sh" "$kc/build-vro" >"$res/kernel-build.csv" || rc=1

python3 "$here/report.py" --results "$res" --cpu "$cpu" \
	--command "${KB_COMMAND:-make bench$([ "${QUICK:-0}" = 1 ] && echo " QUICK=1")}" \
	--params "rounds=$rounds secs=$secs udp=$udp v6=$v6" --info "$kc/vro/info" || rc=1
for p in "$res"/kernel-*.gp; do
	[ -f "$p" ] || continue
	(cd "$res" && gnuplot "${p##*/}") || rc=1
done
[ -f "$res/kernel-results.md" ] && cat "$res/kernel-results.md"
echo "kbench: results in ${res#"$top"/}/: $(cd "$res" && ls kernel-* | grep -v '\.gp$' | tr '\n' ' ')"
exit $rc
