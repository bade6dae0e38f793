#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/netbench/bench.sh - tcp_vcubic's benchmark (run by make bench):
#
#  - native: tools/vroperf times the kernel-compiled hot functions of the
#    three builds (tcp_vcubic, _plain, _const) on this machine's CPU, warm
#    and with the tunables' cache lines flushed;
#  - guest (one QEMU/TCG boot, tools/netbench/guest.sh): iperf3 between two
#    network namespaces over veth, TCP 1 and 4 streams (and UDP), with stock
#    cubic, vcubic_plain, vcubic_const and vcubic interleaved over several
#    rounds; throughput, guest CPU time per GB, iperf3's CPU figures; the
#    hook set in the same rounds: no hook, net/vro_flowtab's plain, const
#    and vro builds and the vro build with each flow op backend, with the
#    hook's TSC ticks per packet (TCP 1 and 4 streams, and TCP over IPv6);
#    and the cwnd curves of cubic and vcubic over a netem path.
#
# Writes bench/results/ (gitignored): results.md, guest-runs.csv,
# guest-summary.csv, native.csv, throughput.png, cost.png, cwnd.png and
# their data. QUICK=1: 2 rounds of 2 s, 10 s cwnd runs, no UDP, hook set
# with TCP 1 stream over IPv4 and IPv6 only (a few minutes). NB_ROUNDS,
# NB_SECS, NB_CWND_SECS, NB_UDP, NB_HOOK_TESTS (from "tcp1 tcp4 tcp1v6")
# override. A benchmark: prints figures, fails only when a run fails, never
# on a number.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tools/netbench
res=${NB_RESULTS:-$top/bench/results}

if [ "${QUICK:-0}" = 1 ]; then
	rounds=${NB_ROUNDS:-2} secs=${NB_SECS:-2} cwsecs=${NB_CWND_SECS:-10} udp=${NB_UDP:-0}
	htests=${NB_HOOK_TESTS:-tcp1 tcp1v6}
else
	rounds=${NB_ROUNDS:-5} secs=${NB_SECS:-5} cwsecs=${NB_CWND_SECS:-30} udp=${NB_UDP:-1}
	htests=${NB_HOOK_TESTS:-tcp1 tcp4 tcp1v6}
fi
for t in $htests; do
	case "$t" in
	tcp1|tcp4|tcp1v6) ;;
	*) echo "netbench: error: NB_HOOK_TESTS: '$t' is not tcp1, tcp4 or tcp1v6" >&2; exit 2 ;;
	esac
done
for v in "$rounds" "$secs" "$cwsecs"; do
	case "$v" in
	''|*[!0-9]*|0) echo "netbench: error: rounds/seconds '$v' is not a positive number" >&2; exit 2 ;;
	esac
done
for t in gnuplot python3; do
	command -v $t >/dev/null || { echo "netbench: error: '$t' not installed (run make deps)" >&2; exit 2; }
done
mods=("$top"/net/tcp_vcubic.ko "$top"/net/tcp_vcubic_plain.ko "$top"/net/tcp_vcubic_const.ko
	"$top"/net/vro_flowtab.ko "$top"/net/vro_flowtab_plain.ko "$top"/net/vro_flowtab_const.ko
	"$top"/net/vro_flow.ko "$top"/net/vro_flow_trace.ko)
for m in "${mods[@]}"; do
	[ -f "$m" ] || { echo "netbench: error: $m not built (run make)" >&2; exit 2; }
done
mkdir -p "$res" || exit 2
rm -f "$res"/*.csv "$res"/*.png "$res"/*.dat "$res"/*.md "$res"/*.raw

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
rc=0

echo "netbench: native: tools/vroperf on $cpu (3 builds, warm and flushed)"
make -s -C "$top/tools/vroperf" || exit 2
(cd "$top" && tools/vroperf/vroperf --csv -n 2000 -r 20 -f tools/vroperf/vcubic.spec \
	net/tcp_vcubic.ko net/tcp_vcubic_plain.ko net/tcp_vcubic_const.ko) >"$res/native.csv"
vp=$?
[ "$vp" = 0 ] || { echo "netbench: vroperf exit $vp (builds disagree or failed)"; rc=1; }

nh=$(echo $htests | wc -w)
echo "netbench: guest (TCG): $rounds rounds x (tcp1, tcp4$([ "$udp" = 1 ] && echo ", udp")) x 4 congestion controls" \
	"and ($htests) x hook configurations, ${secs}s each; cwnd runs ${cwsecs}s"
t0=$SECONDS
"$top/tools/vm/run" --timeout $((600 + rounds * (10 + 8 * nh) * (secs + 10) + 2 * cwsecs * 2)) \
	--file "$here/guest.sh:/root/netbench.sh" \
	-- sh /root/netbench.sh "$rounds" "$secs" "$cwsecs" "$udp" "$htests" 2>&1 |
	tee "$res/guest.raw" | grep --line-buffered -v '^[JTH] ' | sed -u 's/^/netbench: /'
vm=${PIPESTATUS[0]}
echo "netbench: guest done in $((SECONDS - t0)) s (tools/vm/run exit $vm)"
[ "$vm" = 0 ] || rc=1

python3 "$here/report.py" --results "$res" --cpu "$cpu" \
	--command "${NB_COMMAND:-make bench$([ "${QUICK:-0}" = 1 ] && echo " QUICK=1")}" \
	--params "rounds=$rounds secs=$secs cwnd_secs=$cwsecs udp=$udp hook_tests=${htests// /,}" || rc=1
for p in "$res"/*.gp; do
	[ -f "$p" ] || continue
	(cd "$res" && gnuplot "${p##*/}") || rc=1
done
[ -f "$res/results.md" ] && cat "$res/results.md"
echo "netbench: results in ${res#"$top"/}/: $(cd "$res" && ls | grep -v '\.gp$' | tr '\n' ' ')"
exit $rc
