#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftests/bench/bench.sh - the value side of vro, in the guest, one boot:
# the cost per call of a small hot function reading its tunables as
# compile-time constants, as __read_mostly variables and as VROs, and the
# cost of one vro_set() as a function of the number of sites (1 to 8192).
# The module is loaded LOADS times in the same boot (each load is one full
# measurement), so the spread between loads is visible.
# Prints figures; never fails on a number, only when something breaks
# (module missing or refused, guest crash or kernel complaint).
#
# QEMU runs with -accel tcg: the CPU is emulated, so absolute ns/call and
# us/call mean nothing for real hardware; the ratios within one run are
# the result.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ITERS=${VRO_BENCH_ITERS:-1000000}
ROUNDS=${VRO_BENCH_ROUNDS:-31}
SETS=${VRO_BENCH_SETS:-15}
LOADS=${VRO_BENCH_LOADS:-3}

for v in ITERS ROUNDS SETS LOADS; do
	case "${!v}" in
	''|*[!0-9]*|0)
		echo "vro bench: VRO_BENCH_$v='${!v}' is not a positive whole number" >&2
		exit 2 ;;
	esac
done
ko="$top/selftests/bench/vro_bench.ko"
if [ ! -f "$ko" ]; then
	echo "vro bench: $ko not built (run make)" >&2
	exit 1
fi
echo "# QEMU TCG: the CPU is emulated (-smp 2), so absolute times mean nothing"
echo "# for real hardware; the ratios measured within one run are the result"
exec "$top/tools/vm/run" --timeout 300 -- \
	"for i in \$(seq $LOADS); do
		echo \"## load \$i of $LOADS\"
		modprobe vro_bench iters=$ITERS rounds=$ROUNDS sets=$SETS &&
		cat /sys/kernel/debug/vro_bench &&
		rmmod vro_bench || exit 1
	 done"
