#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/vm/bench.sh - figures for the QEMU rig: wall time of
# "tools/vm/run -- true" (cached initramfs; PVH vmlinux and bzImage paths)
# and veth TCP throughput between two namespaces in the guest. TCG figures
# are emulated: compare them with each other, not with hardware.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
vm=$top/tools/vm/run
runs=${RUNS:-5}

# boot_time LABEL ARGS... - print min/median/max of $runs boots.
boot_time() {
	local label=$1 t0 t1 times=()
	shift

	"$vm" --no-modules "$@" -- true || { echo "$label: boot failed"; return 1; }
	for _ in $(seq "$runs"); do
		t0=$EPOCHREALTIME
		"$vm" --no-modules "$@" -- true || { echo "$label: boot failed"; return 1; }
		t1=$EPOCHREALTIME
		times+=("$(echo "$t1 - $t0" | awk '{ printf "%.2f", $1 - $3 }')")
	done
	printf '%s\n' "${times[@]}" | sort -n | awk -v l="$label" -v n="$runs" '
		{ t[NR] = $1 }
		END { printf "%s: boot+run+poweroff %s s median (min %s, max %s, %d runs)\n",
			l, t[int((n + 1) / 2)], t[1], t[n], n }'
}

rc=0
boot_time "tools/vm/run -- true (PVH vmlinux)" || rc=1
boot_time "tools/vm/run --bzimage -- true" --bzimage || rc=1
"$vm" --no-modules -- 'netns-iperf 3; netns-iperf 3; netns-iperf 3' || rc=1
exit $rc
