#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftests/bench/set_many.sh - vro_set() cost with many modules loaded, in
# the guest, one boot: vro_bench's vro_set() series (1 to 8192 sites) with
# vro_bench alone, then again with 13 test modules loaded. Prints figures;
# QEMU TCG: compare figures of one run only (Documentation/vro.rst).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
exec "$top/tools/vm/run" --timeout 900 -- '
b() { modprobe vro_bench iters=1000 rounds=1 sets=31 && grep -E "^vro_set" /sys/kernel/debug/vro_bench; rmmod vro_bench; }
echo "## vro_bench alone"; b
n=0; for m in vro_t_types tcp_vcubic vro_t_gram vro_a_ptr vro_flowlimit vro_t_txn vro_t_derive vro_t_div vro_t_def vro_t_use vro_a_hdr vro_flowstat vro_pv_test; do modprobe $m >/dev/null 2>&1 && n=$((n+1)); done
echo "## with $n test modules loaded ($(wc -l < /sys/kernel/debug/vro/sites) live sites)"; b
echo "## with $n test modules and vro_bench: $(modprobe vro_bench iters=1000 rounds=1 sets=1 >/dev/null 2>&1; wc -l < /sys/kernel/debug/vro/sites) live sites"; rmmod vro_bench
'
