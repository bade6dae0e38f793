#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# selftests/txn/guest.sh - runs in the QEMU guest: vro_set_many() (the
# in-kernel test modules vro_t_txn, _plain, _const) before and after
# sealing. Prints "ok - "/"not ok - " lines; run numbers them.
D=/sys/kernel/debug
T=/tmp/vro-txn
mkdir -p $T

. /selftests/lib/guest.sh

# results labelled with the module (and TAG)
tap_filter() { sed "s/^\(ok\|not ok\) - /&[$1${TAG:+, $TAG}] /"; }

# ---- open --------------------------------------------------------------
tap vro_t_txn flips=${FLIPS:-2000}
tap vro_t_txn_plain
tap vro_t_txn_const
tap vro_t_derive
tap vro_t_derive_plain
tap vro_t_derive_const

# derived VROs through the user-space paths
V=$D/vro
refused() {
	if printf '%s\n' "$2" | dd of="$1" bs=512 2>$T/err; then
		return 1
	fi
	grep -q "$3" $T/err
}
if modprobe vro_t_derive; then
	check "derived: debugfs 'set td_mask 3' is refused with EPERM" \
		refused $V/set "td_mask 3" "Operation not permitted"
	check "derived: parameter td_size=24 updates td_mask to 23 and td_chain to 46" \
		sh -c "echo 24 >/sys/module/vro_t_derive/parameters/td_size && grep -q '^td_mask vro_t_derive u32 23 ' $V/variables && grep -q '^td_chain vro_t_derive u32 46 ' $V/variables"
	grep '^td_' $V/variables | sed 's/^/# /'
	rmmod vro_t_derive
else
	nok "modprobe vro_t_derive"
fi
check "a derived VRO whose default disagrees with its function is refused at load, named" \
	sh -c "! modprobe vro_t_derive_bad 2>/dev/null && dmesg | grep -q 'tdb_mask: its default 0x10 is not what it is derived as'"
# derived VROs of one module computed at load in dependency order, from a
# base of another module that is not at its default; the write paths of
# module_param_vro() in the vro and plain builds
dorder() {	# dorder SUFFIX ("" or _plain)
	_b=vro_t_dorder_base$1
	if modprobe $_b && echo 5 >/sys/module/$_b/parameters/to_x; then
		tap vro_t_dorder$1
		check "[$_b] writing the pointer VRO's parameter to_ptr is refused with EPERM" \
			refused /sys/module/$_b/parameters/to_ptr 0x1000 "Operation not permitted"
		rmmod $_b
	else
		nok "modprobe $_b; to_x=5"
	fi
	check "[$_b] a bare bool parameter name sets it: modprobe $_b to_flag" \
		sh -c "modprobe $_b to_flag && grep -qx 1 /sys/module/$_b/parameters/to_flag"
	rmmod $_b 2>/dev/null
	check "[$_b] a bare name of a u32 parameter is refused, naming it: modprobe $_b to_x" \
		sh -c "! modprobe $_b to_x 2>/dev/null && dmesg | grep -q 'vro: parameter to_x refused (-EINVAL)'"
	rmmod $_b 2>/dev/null
}
dorder ""
dorder _plain
cycle_refused() {
	! modprobe vro_t_derive_cycle 2>/dev/null &&
		dmesg | grep 'vro_t_derive_cycle: derived VROs in a dependency cycle' |
		grep 'tdy_a (from tdy_b)' | grep -q 'tdy_b (from tdy_a)'
}
check "derived VROs derived from each other are refused at load, both named" \
	cycle_refused
rmmod vro_t_derive_cycle 2>/dev/null
# vro_t_div's readers must be preemptible anywhere, as a task in a
# preemptible kernel is (Debian's default is voluntary preemption)
P=$D/sched/preempt
P0=$(sed -n 's/.*(\([a-z]*\)).*/\1/p' $P 2>/dev/null)
check "full preemption for vro_t_div's readers (was ${P0:-?})" \
	sh -c "echo full >$P && grep -q '(full)' $P"
tap vro_t_div
tap vro_t_div_plain
tap vro_t_div_const
[ -n "$P0" ] && echo "$P0" >$P

# ---- sealed --------------------------------------------------------------
echo 1 >$D/vro/seal
TAG=sealed
tap vro_t_txn
tap vro_t_txn_plain
tap vro_t_derive
modprobe -r vro_t_def 2>/dev/null
echo "# guest done"
