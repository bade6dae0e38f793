#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# selftests/vcubic/guest.sh - runs in the QEMU guest: tcp_vcubic's three
# builds (vcubic, vcubic_plain, vcubic_const) load side by side and agree;
# vcubic_math checks their arithmetic; an iperf3 transfer between two
# network namespaces uses vcubic; every tunable set before sealing changes
# what the builds compute (the debugfs probe), and after sealing every
# write path refuses. Prints "ok - "/"not ok - " lines; run numbers them.
#
# The host boots the guest with tcp_vcubic.hystart_low_window=17 on the
# kernel command line.
D=/sys/kernel/debug
T=/tmp/vcubic
mkdir -p $T
MODS="tcp_vcubic tcp_vcubic_plain tcp_vcubic_const"

. /selftests/lib/guest.sh
differs() { ! cmp -s "$1" "$2"; }
par() { echo /sys/module/$1/parameters/$2; }
# behaviour lines of a build's probe (not the line that echoes the tunables)
probe() { grep -v '^tunables' $D/$1/probe; }

# results labelled with TAG
tap_filter() { sed "s/^\(ok\|not ok\) - /&${TAG:+[$TAG] }/"; }

# refused FILE VALUE ERRTEXT: one write(2) that must fail with that errno
refused() {
	if printf '%s\n' "$2" | dd of="$1" bs=512 2>$T/err; then
		return 1
	fi
	grep -q "$3" $T/err || { echo "# got: $(cat $T/err)"; return 1; }
}

# iperf CC: a 2 s TCP transfer over veth between two namespaces using CC;
# prints the receiver's bytes.
iperf() {
	ip netns add vcA && ip netns add vcB &&
	ip link add va type veth peer name vb &&
	ip link set va netns vcA && ip link set vb netns vcB &&
	ip -n vcA addr add 10.98.0.1/30 dev va &&
	ip -n vcB addr add 10.98.0.2/30 dev vb &&
	ip -n vcA link set va up && ip -n vcB link set vb up &&
	ip -n vcA link set lo up && ip -n vcB link set lo up || return 1
	ip netns exec vcA iperf3 -s -1 -B 10.98.0.1 >$T/srv 2>&1 &
	wait_listen vcA		# else the client fails and says so
	ip netns exec vcB iperf3 -c 10.98.0.1 -t 2 -C "$1" -J >$T/cli 2>&1
	rc=$?
	wait
	ip netns del vcA
	ip netns del vcB
	[ $rc = 0 ] || return 1
	grep -A 12 '"sum_received"' $T/cli | sed -n 's/.*"bytes":[[:space:]]*\([0-9]*\).*/\1/p' | head -n 1
}

ip() { /usr/sbin/ip "$@"; }

# ---- load side by side --------------------------------------------------

for m in $MODS; do
	check "$m loads" modprobe $m
done
check "tcp_vcubic.hystart_low_window=17 from the kernel command line took effect" \
	[ "$(cat $(par tcp_vcubic hystart_low_window))" = 17 ]
echo 16 > $(par tcp_vcubic hystart_low_window)
avail=$(cat /proc/sys/net/ipv4/tcp_available_congestion_control)
check "vcubic, vcubic_plain and vcubic_const are all available ($avail)" \
	sh -c "echo ' $avail ' | grep -q ' vcubic ' && echo ' $avail ' | grep -q ' vcubic_plain ' && echo ' $avail ' | grep -q ' vcubic_const '"
for m in tcp_vcubic_plain tcp_vcubic_const; do
	check "$m computes what tcp_vcubic computes (probe)" \
		sh -c "[ \"\$(grep -v '^#' $D/$m/probe)\" = \"\$(cat $D/tcp_vcubic/probe)\" ]"
done
probe tcp_vcubic >$T/p0

tap vcubic_math

# ---- traffic --------------------------------------------------------------

dmesg -c >/dev/null
bytes=$(iperf vcubic)
check "iperf3 -C vcubic over veth between namespaces moves data ($bytes bytes)" \
	[ "${bytes:-0}" -gt 1000000 ]
check "iperf3 reports the connection used vcubic" \
	grep -q '"congestion":[[:space:]]*"vcubic"\|"sender_tcp_congestion":[[:space:]]*"vcubic"' $T/cli
bytes=$(iperf vcubic_nosuch)
check "iperf3 -C with an algorithm that does not exist fails (so -C is honoured)" \
	[ -z "$bytes" ]
dmesg | grep -v 'ADDRCONF(NETDEV_CHANGE)' >$T/dmesg
check "no kernel message during the transfers (link-up notices aside)" [ ! -s $T/dmesg ]
sed 's/^/# /' $T/dmesg

# ---- every tunable changes behaviour before sealing ------------------------

for tv in beta=512:717 bic_scale=82:41 fast_convergence=0:1 \
	tcp_friendliness=0:1 hystart=0:1 hystart_detect=2:3 \
	hystart_low_window=32:16 hystart_ack_delta_us=1000:2000; do
	t=${tv%%=*} v=${tv#*=} v=${v%%:*} d=${tv##*:}
	for m in tcp_vcubic tcp_vcubic_plain; do
		echo $v > $(par $m $t)
	done
	probe tcp_vcubic >$T/pv
	probe tcp_vcubic_plain >$T/pp
	check "$t=$v changes what vcubic computes" differs $T/pv $T/p0
	check "$t=$v: vcubic_plain computes the same as vcubic" cmp -s $T/pv $T/pp
	check "$t=$v is refused by vcubic_const (compile-time constant)" \
		refused $(par tcp_vcubic_const $t) $v "Operation not permitted"
	for m in tcp_vcubic tcp_vcubic_plain; do
		echo $d > $(par $m $t)
	done
done
probe tcp_vcubic >$T/pv
check "back at the defaults, vcubic computes what it did at load" cmp -s $T/pv $T/p0
check "beta=1024 is refused (ERANGE)" \
	refused $(par tcp_vcubic beta) 1024 "range\|representable"
check "and beta is still 717" [ "$(cat $(par tcp_vcubic beta))" = 717 ]
check "bic_scale=0 is refused" refused $(par tcp_vcubic_plain bic_scale) 0 "result\|range"
# derived VROs (DEFINE_VRO_DERIVED()): updated with their base in one
# batch on every path, never set directly
dv() { grep -q "^derived beta_scale=$1 cube_rtt_scale=$2 cube_factor=$3\$" $D/tcp_vcubic/probe; }
check "derived: at load beta_scale=15 cube_rtt_scale=410 cube_factor=2681735677" \
	dv 15 410 2681735677
check "derived: debugfs vro/set 'vcubic_beta 512' also sets beta_scale=8" \
	sh -c "echo 'vcubic_beta 512' >$D/vro/set && grep -q '^derived beta_scale=8 ' $D/tcp_vcubic/probe && echo 'vcubic_beta 717' >$D/vro/set"
check "derived: bic_scale=82 gives cube_rtt_scale=820 cube_factor=1340867838" \
	sh -c "echo 82 >$(par tcp_vcubic bic_scale) && grep -q 'cube_rtt_scale=820 cube_factor=1340867838\$' $D/tcp_vcubic/probe && echo 41 >$(par tcp_vcubic bic_scale)"
check "derived: debugfs vro/set 'vcubic_beta 1024' (no range check on that path) is refused whole (ERANGE)" \
	refused $D/vro/set "vcubic_beta 1024" "range\|representable"
check "derived: debugfs vro/set 'vcubic_bic_scale 0' is refused whole" \
	refused $D/vro/set "vcubic_bic_scale 0" "range\|representable"
check "derived: debugfs vro/set 'vcubic_beta_scale 9' is refused (EPERM)" \
	refused $D/vro/set "vcubic_beta_scale 9" "Operation not permitted"
check "derived: after the refusals beta=717 bic_scale=41 and the derived values unchanged" \
	sh -c "grep -q '^tunables beta=717 bic_scale=41 ' $D/tcp_vcubic/probe && grep -q '^derived beta_scale=15 cube_rtt_scale=410 cube_factor=2681735677\$' $D/tcp_vcubic/probe"

# the RFC tables and the agreement of vcubic and vcubic_plain at other settings
for s in "beta=512" "bic_scale=82"; do
	for m in tcp_vcubic tcp_vcubic_plain; do
		echo ${s#*=} > $(par $m ${s%=*})
	done
	TAG=$s tap vcubic_math
	for m in tcp_vcubic tcp_vcubic_plain; do
		echo $(case $s in beta*) echo 717 ;; *) echo 41 ;; esac) > $(par $m ${s%=*})
	done
done

check "modprobe tcp_vcubic_const beta=512 is refused at load" \
	sh -c "rmmod tcp_vcubic_const && ! modprobe tcp_vcubic_const beta=512 2>/dev/null && dmesg | grep -q 'compile-time constant' && modprobe tcp_vcubic_const"
check "modprobe tcp_vcubic_plain beta=600 sets it at load (ssthresh 58 for cwnd 100)" \
	sh -c "rmmod tcp_vcubic_plain && modprobe tcp_vcubic_plain beta=600 && grep -q 'ssthresh=58 ' $D/tcp_vcubic_plain/probe && rmmod tcp_vcubic_plain && modprobe tcp_vcubic_plain"

# ---- sealed ----------------------------------------------------------------

echo 1 > $D/vro/seal
for m in tcp_vcubic tcp_vcubic_plain tcp_vcubic_const; do
	bad=""
	for tv in beta=512 bic_scale=82 fast_convergence=0 tcp_friendliness=0 \
		hystart=0 hystart_detect=2 hystart_low_window=32 \
		hystart_ack_delta_us=1000; do
		refused $(par $m ${tv%=*}) ${tv#*=} "Operation not permitted" ||
			bad="$bad ${tv%=*}"
	done
	check "sealed: $m refuses every tunable write (EPERM)${bad:+; accepted:$bad}" [ -z "$bad" ]
	probe $m >$T/ps
	check "sealed: $m computes what it did at load" cmp -s $T/ps $T/p0
done
check "sealed: vro/set of __vro_vcubic_beta is refused" \
	refused $D/vro/set "vcubic_beta 512" "Operation not permitted"
check "sealed: modprobe tcp_vcubic_plain beta=512 is refused at load" \
	sh -c "rmmod tcp_vcubic_plain && ! modprobe tcp_vcubic_plain beta=512 2>/dev/null && modprobe tcp_vcubic_plain"
TAG=sealed tap vcubic_math
for m in $MODS; do
	check "rmmod $m" rmmod $m
done
