#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftests/pv/native.sh - cost per call of one body (a + 2 * b) reached
# every way vro pv and the kernel offer, on this machine's CPU: the
# kernel-compiled code of selftests/pv/vro_pv_native.ko run by
# tools/vroperf with its pv sites bound as vro.ko binds them (-p pn_impls)
# and its static call inlined, once with the stock kernel's retpoline
# thunks (-R) and once with plain indirect jumps (a CPU whose kernel needs
# no retpoline). Prints ticks per call and the ratio to the plain direct
# call; checks that every variant computed the same. A benchmark: never
# fails on a number. QUICK=1: fewer rounds.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ko=$top/selftests/pv/vro_pv_native.ko
vp=$top/tools/vroperf/vroperf
spec=$top/tools/vroperf/pv.spec
iters=1000	# calls per loop, as in the spec
if [ "${QUICK:-0}" = 1 ]; then rounds=5 n=200; else rounds=${PV_NATIVE_ROUNDS:-20} n=${PV_NATIVE_CALLS:-1000}; fi

[ -f "$ko" ] || { echo "pv native: $ko not built (run make)"; exit 0; }
make -s -C "$top/tools/vroperf" || exit 1
echo "# CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); host spectre_v2: $(cat /sys/devices/system/cpu/vulnerabilities/spectre_v2 2>/dev/null)"
echo "# returns are plain ret (no return thunk); $rounds rounds x $n loops of $iters calls; median loop, TSC ticks"
rc=0
for mode in retpoline plain; do
	opt=; [ $mode = retpoline ] && opt=-R
	out=$("$vp" $opt -p pn_impls -r "$rounds" -n "$n" -f "$spec" "$ko") || rc=1
	echo "## indirect branches: $([ $mode = retpoline ] && echo 'retpoline (-R)' || echo 'jmp/call *%reg')"
	awk -v iters=$iters '
		/an empty call costs/ { empty = $NF; next }
		/^[a-z_]+: / { label = $1; sub(/:$/, "", label)
			desc = $0; sub(/^[a-z_]+: /, "", desc); sub(/ \(pn_loop_[a-z_]+\)$/, "", desc); next }
		/ warm / {
			for (i = 1; i < NF; i++) { if ($i == "warm") w = $(i + 1); if ($i == "ret") r = $(i + 1) }
			per = (w - empty) / iters
			if (label == "direct") { ref = per; refret = r }
			printf "%-12s %-58s %6.2f ticks/call  %5.2f x direct%s\n", label, desc, per,
				ref ? per / ref : 0, r == refret ? "" : "  RESULT DIFFERS: " r
			if (r != refret) bad = 1
		}
		END { exit bad }' <<< "$out" || { rc=1; echo "pv native: a variant computed something else"; }
done
exit $rc
