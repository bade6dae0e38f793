#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# selftests/count/guest.sh - the workload selftests/count measures, run in
# the guest under the vrocount plugin (tools/count): vro_count_fn() of
# vrocount_test and vrocount_test_plain called CALLS times each, and an
# iperf3 transfer of BYTES over loopback through vro_flowlimit's and
# vro_flowlimit_plain's hooks, between "vromark start" and "vromark stop";
# before that window, a first one of CALLS/2 calls of vrocount_test's.
# The first instruction of vro_flowlimit's hook is a boundary (one per
# packet). Leaves the modules loaded (tools/count reads their symbols after).
set -u
D=/sys/kernel/debug
. /selftests/lib/guest.sh
CALLS=${1:-1000}
BYTES=${2:-2M}

for m in vrocount_test vrocount_test_plain vro_flowlimit vro_flowlimit_plain; do
	modprobe $m || { echo "guest.sh: modprobe $m failed"; exit 1; }
done
iperf3 -s -B 127.0.0.1 >/tmp/server.log 2>&1 &
srv=$!
wait_listen || { echo "guest.sh: no iperf3 server after 60 s: $(cat /tmp/server.log)"; exit 1; }
# each packet through vro_flowlimit's hook is a boundary (mem=on, cold=on)
hook=$(awk '$3 == "flowlimit_hook" && $4 == "[vro_flowlimit]" { print $1 }' /proc/kallsyms)
vromark boundary "$hook" || { echo "guest.sh: vromark boundary '$hook' failed"; exit 1; }
# data objects whose accesses (any addressing) the plugin counts (--mem)
vrocount-objects vro_count_data __plain_vro_vro_count_mask 'bucket_mask[vro_flowlimit_plain]' \
	'budget[vro_flowlimit_plain]' 'window_shift[vro_flowlimit_plain]' \
	'seed[vro_flowlimit_plain]' || exit 1
lo_packets() { awk '$1 == "lo:" { print $3 }' /proc/net/dev; }
# window 1: CALLS/2 calls of vrocount_test's function alone (tools/count
# writes each window's counts; the last one is the main files')
vromark start
echo "$((CALLS / 2))" >$D/vrocount_test/run
vromark stop
p0=$(lo_packets)
vromark start
echo "$CALLS" >$D/vrocount_test/run
echo "$CALLS" >$D/vrocount_test_plain/run
iperf3 -c 127.0.0.1 -n "$BYTES" >/tmp/client.log 2>&1
rc=$?
vromark stop
p1=$(lo_packets)
kill $srv 2>/dev/null
echo "count-guest: calls=$CALLS bytes=$BYTES iperf3_exit=$rc lo_packets=$((p1 - p0))" \
	"watchdog=$(cat /proc/sys/kernel/watchdog) hung_task=$(cat /proc/sys/kernel/hung_task_timeout_secs 2>/dev/null || echo none)" \
	"rcu_stall_suppress=$(cat /sys/module/rcupdate/parameters/rcu_cpu_stall_suppress 2>/dev/null || echo none)"
exit $rc
