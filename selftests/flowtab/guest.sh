#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# selftests/flowtab/guest.sh - runs in the QEMU guest: net/vro_flowtab's
# three builds load side by side and count the same flows; an iperf3
# transfer's bytes appear in its flow within header overhead; a full table
# counts drops; resizes while iperf3 runs keep traffic and counts going
# with 0 lookups on a foreign mask, and resizing with two vro_set() calls
# instead of one vro_set_many() makes that counter move. Prints "ok - " /
# "not ok - " lines; run numbers them. Traffic is IPv4 over loopback, and
# one IPv6 transfer over ::1 whose bytes must appear in its IPv6 flow.
D=/sys/kernel/debug
T=/tmp/flowtab
mkdir -p $T
MODS="vro_flowtab vro_flowtab_plain vro_flowtab_const"

. /selftests/lib/guest.sh
st() { sed -n "s/^$2 //p" $D/$1/stats; }
# flow MOD b|p [PORT]: the data flow of the last iperf3 client: the newest
# flow (flows are listed in the order they were seen) to TCP port PORT
# (5201); after the control connection
flow() {
	awk -v f="$2" -v port="${3:-5201}" '$4 == port && $5 == 6 { b = $7 + 0; p = $6 }
		END { print (f == "p" ? p + 0 : b + 0) }' $D/$1/flows
}
# JSON [SUM [KEY]]: from iperf3 -J, KEY (bytes) of SUM (sum_sent): bytes
# the client wrote, bytes the server read (sum_received), retransmitted
# segments (sum_sent retransmits)
ip3() {
	awk -v s="\"${2:-sum_sent}\"" -v k="\"${3:-bytes}\"" 'index($0, s) { in_s = 1 }
		in_s && index($0, k) { gsub(/[^0-9]/, "", $2); print $2; exit }' "$1"
}
# within MOD JSON [PORT HDR]: the flow to PORT (5201) holds at least the
# bytes the server read and at most the bytes the client wrote, plus HDR
# header bytes per packet (80: IPv4 20 + TCP 60; IPv6: 100) and 64 KB
# (loopback's largest segment) per retransmitted segment. (What the client
# wrote last may never be sent: the server closes its data socket at the
# end of an -n test.)
within() {
	_s=$(ip3 "$2") _rd=$(ip3 "$2" sum_received) _r=$(ip3 "$2" sum_sent retransmits)
	_b=$(flow $1 b ${3:-5201}) _p=$(flow $1 p ${3:-5201})
	echo "# $1: iperf3 wrote $_s bytes, read $_rd, $_r retransmits; flow $_b bytes in $_p packets"
	[ -n "$_s" ] && [ -n "$_rd" ] && [ "$_b" -ge "$_rd" ] &&
		[ "$_b" -le $((_s + _p * ${4:-80} + ${_r:-0} * 65536)) ]
}
pings() { ping -c 3 -i 0.2 -W 1 "$1" >/dev/null 2>&1; true; }
unload() { for m in $MODS; do rmmod $m 2>/dev/null; done; }

iperf3 -s -B 127.0.0.1 >$T/server.log 2>&1 &
srv=$!
iperf3 -s -B ::1 -p 5202 >$T/server6.log 2>&1 &
srv6=$!
sleep 1

# --- the three builds side by side, a known transfer
for m in $MODS; do
	check "$m: loads beside the others" modprobe $m
done
iperf3 -c 127.0.0.1 -n 20M -J >$T/a.json 2>&1
check "iperf3 -n 20M over loopback (exit $?)" [ $? = 0 ]
sleep 1
for m in $MODS; do
	check "$m: iperf3's bytes are in its flow within header overhead" \
		within $m $T/a.json
done
check "vro_flowtab_plain counts the same flows as vro_flowtab" \
	cmp -s $D/vro_flowtab/flows $D/vro_flowtab_plain/flows
check "vro_flowtab_const counts the same flows as vro_flowtab" \
	cmp -s $D/vro_flowtab/flows $D/vro_flowtab_const/flows
head -n 6 $D/vro_flowtab/flows | sed 's/^/# /'
# --- IPv6: a known transfer over ::1 in its IPv6 flow, in each build
iperf3 -c ::1 -p 5202 -n 10M -J >$T/a6.json 2>&1
check "iperf3 -n 10M over IPv6 loopback ::1 (exit $?)" [ $? = 0 ]
sleep 1
for m in $MODS; do
	check "$m: IPv6 iperf3's bytes are in its flow ::1 -> ::1 port 5202 within header overhead" \
		within $m $T/a6.json 5202 100
	check "$m: that flow is listed with its IPv6 addresses (stats packets6 $(st $m packets6))" \
		sh -c "grep -q '^::1 ::1 [0-9]* 5202 6 ' $D/$m/flows && [ $(st $m packets6) -gt 0 ]"
done
grep ' 5202 ' $D/vro_flowtab/flows | sed 's/^/# /'
check "vro_flowtab_const: a resize is refused, size stays 1024" \
	sh -c "! echo 4096 2>/dev/null > $D/vro_flowtab_const/resize &&
		[ \$(sed -n 's/^size //p' $D/vro_flowtab_const/stats) = 1024 ]"
check "vro_flowtab: resize to 1000 buckets is refused (not a power of two)" \
	sh -c "! echo 1000 2>/dev/null > $D/vro_flowtab/resize &&
		[ \$(sed -n 's/^size //p' $D/vro_flowtab/stats) = 1024 ]"
unload

# --- a full table counts drops
for m in vro_flowtab vro_flowtab_plain; do
	modprobe $m max_flows=1
	pings 127.0.0.1
	check "$m max_flows=1: ping 127.0.0.1 is one flow of 6 packets" \
		[ "$(st $m flows)" = 1 ] && [ "$(st $m full)" = 0 ] &&
		[ "$(awk 'NR == 2 { print $6 }' $D/$m/flows)" = 6 ]
	pings 127.0.0.2
	check "$m: ping 127.0.0.2's 6 packets find the table full (full $(st $m full))" \
		[ "$(st $m full)" = 6 ] && [ "$(st $m flows)" = 1 ]
done
check "vro_flowtab_const refuses max_flows=1 (its limit is a constant)" \
	sh -c "! modprobe vro_flowtab_const max_flows=1 2>/dev/null"
unload

# --- timing=1 (tools/netbench): sums and histogram move only with it
for m in vro_flowtab vro_flowtab_const; do
	modprobe $m
	pings 127.0.0.1
	check "$m: without timing=1 nothing is timed (timed $(st $m timed), timing file empty)" \
		[ "$(st $m timed)" = 0 ] && [ ! -s $D/$m/timing ]
	rmmod $m
	modprobe $m timing=1
	pings 127.0.0.1
	n=$(awk '{ n += $2 } END { print n + 0 }' $D/$m/timing)
	check "$m timing=1: 6 pings, $(st $m timed) passes timed, $n in the histogram, $(st $m ticks) ticks" \
		[ "$(st $m timed)" -ge 6 ] && [ "$(st $m ticks)" -gt 0 ] &&
		[ "$n" -ge 1 ] && [ "$n" -le "$(st $m timed)" ]
	rmmod $m
done

# --- resizes while iperf3 runs
modprobe vro_flowtab buckets=16
check "vro_flowtab buckets=16: size 16, mask 0xf" \
	[ "$(st vro_flowtab size)" = 16 ] && [ "$(st vro_flowtab mask)" = 0xf ]
modprobe vro_flowtab_plain
iperf3 -c 127.0.0.1 -t 8 -J >$T/c.json 2>&1 &
cli=$!
sleep 2
b0=$(flow vro_flowtab b)
bad=0
for s in 4096 64 1 16384 256 2048; do
	for m in vro_flowtab vro_flowtab_plain; do
		echo $s > $D/$m/resize || bad=1
	done
	sleep 1
done
b1=$(flow vro_flowtab b)
check "6 resizes of each build while iperf3 runs succeed" [ $bad = 0 ]
check "counts continue across resizes ($b0 -> $b1 bytes)" [ "$b1" -gt "$b0" ]
wait $cli
check "iperf3 -t 8 during the resizes (exit $?)" [ $? = 0 ]
sleep 1
for m in "vro_flowtab 7" "vro_flowtab_plain 6"; do
	set -- $m
	m=$1
	check "$m: every byte of that transfer counted across the resizes" \
		within $m $T/c.json
	check "$m: $2 resizes (with the load's), size 2048, mask 0x7ff" \
		[ "$(st $m resizes)" = $2 ] && [ "$(st $m size)" = 2048 ] &&
		[ "$(st $m mask)" = 0x7ff ]
done
check "vro_flowtab: 0 lookups with a mask not of their table (one vro_set_many() per resize)" \
	[ "$(st vro_flowtab mismatch)" = 0 ]
echo "# vro_flowtab_plain: $(st vro_flowtab_plain mismatch) lookups saw a foreign mask (plain stores are not atomic)"

# --- two vro_set() calls per resize: the counter moves
iperf3 -c 127.0.0.1 -t 6 -J >$T/d.json 2>&1 &
cli=$!
sleep 2
for s in 1024 32 4096 64; do
	echo $s > $D/vro_flowtab/resize_split
done
wait $cli
check "iperf3 -t 6 during split resizes (exit $?)" [ $? = 0 ]
n=$(st vro_flowtab mismatch)
check "vro_flowtab: two vro_set() per resize make lookups see a foreign mask ($n)" \
	[ "$n" -gt 0 ]
sleep 1
check "vro_flowtab: and the table's own mask kept every count right" \
	within vro_flowtab $T/d.json
unload
kill $srv $srv6 2>/dev/null

dmesg | grep -i flowtab | sed 's/^/# dmesg: /'
check "kernel log: nothing from vro_flowtab but the expected refusals" \
	sh -c "! dmesg | grep -i flowtab | grep -v 'const\|power of two\|refused'"
