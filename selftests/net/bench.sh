#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# selftests/net/bench.sh - iperf3 across network namespaces in the guest, with
# the flow-limit hook reading VROs vs reading __read_mostly variables, vs no
# hook. A benchmark: prints figures, never fails on a number. TCG emulates
# the CPU: only the ratios within this one run mean anything.
top=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${ROUNDS:-5} secs=${SECS:-3}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$top/tools/vm/run" --timeout 900 -- \
	sh /selftests/net/bench-guest.sh "$rounds" "$secs" | tee "$out" | grep '^run '
med() { grep " $1 " "$out" | awk '{print $4}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
none=$(med none) v=$(med vro_flowlimit) p=$(med vro_flowlimit_plain)
echo "median Gbit/s over $rounds runs of ${secs}s: no hook $none, vro_flowlimit $v, vro_flowlimit_plain $p"
awk -v n="$none" -v v="$v" -v p="$p" 'BEGIN {
	if (n > 0 && p > 0)
		printf "ratios: vro/plain %.3f, vro/no-hook %.3f, plain/no-hook %.3f\n", v / p, v / n, p / n
}'
