#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of selftests/net/run: vro_flowlimit behaves the same whether its
# tunables are VROs (vro_flowlimit) or __read_mostly variables
# (vro_flowlimit_plain), at load, after a run-time change, and its VRO
# parameters refuse bad writes without changing anything.
#
# Traffic: 20 pings over loopback, one flow (127.0.0.1 <-> 127.0.0.1, ICMP).
# With budget=5 and one window the hook passes exactly 5 packets (req1 rep1
# req2 rep2 req3) and drops rep3 and req4..req20: 18 drops.
# Prints unnumbered TAP lines (selftests/lib/guest.sh).
set -u
D=/sys/kernel/debug
T=/tmp/vro-net
mkdir -p $T
. /selftests/lib/guest.sh

stat() { sed -n "s/^$2 //p" "/sys/kernel/debug/$1/stats"; }
pings() { ping -c "$1" -i 0.2 -W 1 127.0.0.1 >/dev/null 2>&1; true; }

for m in vro_flowlimit vro_flowlimit_plain; do
	P=/sys/module/$m/parameters
	check "$m: loads with budget=5 window_shift=20" \
		modprobe $m budget=5 window_shift=20
	pings 20
	p=$(stat $m passed) d=$(stat $m dropped)
	check "$m: budget 5 passes 5 of 23 packets (passed $p)" [ "$p" = 5 ]
	check "$m: and drops 18 (dropped $d)" [ "$d" = 18 ]
	echo 0 > $P/budget
	pings 5
	p=$(stat $m passed) d=$(stat $m dropped)
	check "$m: budget 0 at run time passes all 10 new packets ($p)" \
		[ "$p" = 15 ] && [ "$d" = 18 ]
	check "$m: stats show the new budget" \
		grep -qx "budget 0" /sys/kernel/debug/$m/stats
	check "$m: rmmod" rmmod $m
done

m=vro_flowlimit P=/sys/module/$m/parameters
modprobe $m
before=$(grep flowlimit_budget /sys/kernel/debug/vro/sites)
check "$m: budget=4294967296 is refused (u32 range)" \
	sh -c "! echo 4294967296 2>/dev/null > $P/budget"
check "$m: budget=abc is refused" sh -c "! echo abc 2>/dev/null > $P/budget"
after=$(grep flowlimit_budget /sys/kernel/debug/vro/sites)
check "$m: refused writes left every budget site byte-identical" \
	[ "$before" = "$after" ] && [ "$(cat $P/budget)" = 0 ]
echo 7 > $P/budget
check "$m: every budget site holds 7 after a write" \
	sh -c "grep flowlimit_budget /sys/kernel/debug/vro/sites | \
		awk '{ if (\$5 != \"07000000\") bad = 1 } END { exit bad }'"
rmmod $m
exit 0
