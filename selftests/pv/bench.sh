#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftests/pv/bench.sh - cost per call of one pv op reached as a patched
# vro pv call, a static_call, an ops-table indirect call, a plain direct
# call and the unpatched trampoline, in the guest, once with the jhash
# backend and once with crc32c (a 3-instruction body, so the call itself
# dominates); and, in the same runs, of one body (a + 2 * b, op set pbench
# of vro_pv_bset.ko) reached as a plain direct call, a C-ABI op's patched
# call, a callee-save op through a C thunk, through a hand-written function,
# as an inline template, through the callee-save trampoline (into the thunk,
# into the hand-written function), the C-ABI trampoline, a static_call and
# an ops-table call. Before that, on the host: the same body natively
# (selftests/pv/native.sh, tools/vroperf) and the code of every caller of a
# callee-save op against its C-ABI build (selftests/pv/cs_code.sh). Prints
# figures; never fails on a number. QUICK=1: fewer calls and rounds.
#
# QEMU runs with -accel tcg: the CPU is emulated, so absolute ns/call mean
# nothing for real hardware; the ratios within one run are the result.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ITERS=${PV_BENCH_ITERS:-100000}
ROUNDS=${PV_BENCH_ROUNDS:-21}

echo "# native: selftests/pv/native.sh"
"$top/selftests/pv/native.sh"
echo "# code: selftests/pv/cs_code.sh"
"$top/selftests/pv/cs_code.sh"
if [ "${QUICK:-0}" = 1 ]; then
	ITERS=${PV_BENCH_ITERS:-20000} ROUNDS=${PV_BENCH_ROUNDS:-5}
fi
if [ ! -f "$top/selftests/pv/vro_pv_bench.ko" ]; then
	echo "pv bench: selftests/pv/vro_pv_bench.ko not built (run make)"
	exit 0
fi
echo "# QEMU TCG (emulated CPU): compare ratios, not absolute times"
rc=0
for b in jhash crc32c; do
	echo "## vro.pv=flow:$b"
	"$top/tools/vm/run" --timeout 300 --append "vro.pv=flow:$b" -- \
		"echo \"# spectre_v2: \$(cat /sys/devices/system/cpu/vulnerabilities/spectre_v2)\";
		 modprobe vro_pv_bench direct=$b iters=$ITERS rounds=$ROUNDS &&
		 cat /sys/kernel/debug/vro_pv_bench" || rc=1
done
exit $rc
