#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# selftests/txn/guest.sh - runs in the QEMU guest: vro_set_many() (the
# in-kernel test modules vro_t_txn, _plain, _const) before and after
# sealing, updates naming a struct vro_var vro.ko did not register
# (vro_t_txn_reg) and, last, members with no variable (vro_t_txn_null*).
# Prints "ok - "/"not ok - " lines; run numbers them.
D=/sys/kernel/debug
T=/tmp/vro-txn
mkdir -p $T

. /selftests/lib/guest.sh

# results labelled with the module (and TAG)
tap_filter() { sed "s/^\(ok\|not ok\) - /&[$1${TAG:+, $TAG}] /"; }
# logged TEXT: the kernel log holds TEXT
logged() { dmesg | grep -qF "$1"; }

# ---- open --------------------------------------------------------------
# This suite measures batches (the flips, the divisor stress), not vro.ko's
# look for kprobes (vro.rst, Patching safety: with it a batch costs some
# 150 ms per site under TCG; selftests/core and pv test it): off here.
KG=/sys/module/vro/parameters/kprobe_guard
modprobe vro 2>/dev/null	# its parameter exists once it is loaded
[ ! -w $KG ] || echo N >$KG
check "vro.ko's kprobe look is off for this suite (kprobe_guard=$(cat $KG 2>/dev/null))" \
	sh -c "[ ! -e $KG ] || grep -qx N $KG"
tap vro_t_txn flips=${FLIPS:-2000}
tap vro_t_txn_plain
tap vro_t_txn_const
# a struct vro_var vro.ko has not registered: refused and named in the log
tap vro_t_txn_reg
check "[vro_t_txn_reg] the log names a member no module defined" \
	logged "vro: member 2 of 2: tr_loose is not a registered VRO: no loaded module defines it"
check "[vro_t_txn_reg] the log names vro_set_var() of a variable no module defined" \
	logged "vro: tr_loose is not a registered VRO: no loaded module defines it"
check "[vro_t_txn_reg] the log says when the member's name cannot be read" \
	logged "vro: member 2 of 2: a struct vro_var with no readable name is not a registered VRO"
check "[vro_t_txn_reg] the log names a copy of a registered VRO's struct (tr_unread)" \
	logged "vro: tr_unread: this struct vro_var is a copy, not the registered VRO"
check "[vro_t_txn_reg] the log names a copy of a DECLARE_VRO() struct (vt_shared)" \
	logged "vro: member 2 of 2: vt_shared: this struct vro_var is a copy, not the registered VRO"
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

# The user-space paths of module_param_vro(), every build driven the same
# way: only the const build's answers differ (every write -EPERM).
EPERM="Operation not permitted"
pval() { cat /sys/module/$1/parameters/$2; }
ptr_hidden() {	# ptr_hidden MODULE: to_ptr's parameter never shows the address
	_m=$1
	_a=$(grep "[[:space:]]to_base_obj[[:space:]]*\[$_m\]" /proc/kallsyms | cut -d' ' -f1)
	_k=$(cat /proc/sys/kernel/kptr_restrict)
	echo "# [$_m] &to_base_obj = $_a; kptr_restrict $_k"
	[ -n "$_a" ] && [ "$_a" != 0000000000000000 ] || return 1
	echo 0 >/proc/sys/kernel/kptr_restrict
	_v0=$(pval $_m to_ptr)
	echo 1 >/proc/sys/kernel/kptr_restrict
	_v1=$(pval $_m to_ptr)
	_u1=$(unshare -r cat /sys/module/$_m/parameters/to_ptr 2>&1)
	echo 2 >/proc/sys/kernel/kptr_restrict
	_v2=$(pval $_m to_ptr)
	echo "$_k" >/proc/sys/kernel/kptr_restrict
	echo "# [$_m] to_ptr reads: kptr_restrict 0: $_v0; 1: $_v1 (root), $_u1 (user-namespace root); 2: $_v2"
	# 0: hashed; 1: the address to CAP_SYSLOG only; 2: zeros
	[ -n "$_v0" ] && ! echo "$_v0" | grep -qi "$_a" &&
		[ "$_v1" = "$_a" ] && [ "$_u1" = 0000000000000000 ] &&
		[ "$_v2" = 0000000000000000 ]
}
# p_refused FILE VALUE ERR CHECK WANT: the write fails with ERR, CHECK reads WANT
p_refused() { refused "$1" "$2" "$3" && [ "$(cat "$4")" = "$5" ]; }
# p_takes FILE VALUE CHECK WANT: the write succeeds, CHECK reads WANT
p_takes() { echo "$2" >"$1" && [ "$(cat "$3")" = "$4" ]; }
params() {	# params SUFFIX ("", _plain or _const)
	_b=vro_t_dorder_base$1
	_p=/sys/module/$_b/parameters
	if ! modprobe $_b; then
		nok "modprobe $_b"
		return
	fi
	if [ "$1" = _const ]; then
		check "[$_b] a malformed value to_x=zz is refused with EPERM (const: every write), to_x stays 4" \
			p_refused $_p/to_x zz "$EPERM" $_p/to_x 4
		check "[$_b] to_big=0x7fffffff is refused with EPERM (const)" \
			p_refused $_p/to_big 0x7fffffff "$EPERM" $_p/probe_big 1
		check "[$_b] to_wide=0x80000000 is refused with EPERM (const)" \
			p_refused $_p/to_wide 0x80000000 "$EPERM" $_p/probe_wide 1
	else
		check "[$_b] a malformed value to_x=zz is refused with EINVAL, to_x stays 4" \
			p_refused $_p/to_x zz "Invalid argument" $_p/to_x 4
		check "[$_b] to_big=0x80000000 (u64 read through vro()) is refused with ERANGE, the code still reads 1" \
			p_refused $_p/to_big 0x80000000 "out of range" $_p/probe_big 1
		check "[$_b] to_big=0x7fffffff is taken, the code reads it" \
			p_takes $_p/to_big 0x7fffffff $_p/probe_big 2147483647
		check "[$_b] to_wide=0xffffffffffffffff (DEFINE_VRO_WIDE(), vro_wide()) is taken, the code reads it" \
			p_takes $_p/to_wide 0xffffffffffffffff $_p/probe_wide 18446744073709551615
	fi
	check "[$_b] the pointer parameter to_ptr reads as %pK: hashed, zeros, or the address to CAP_SYSLOG with kptr_restrict 1" \
		ptr_hidden $_b
	if [ -z "$1" ]; then
		_a=$(grep "[[:space:]]to_base_obj[[:space:]]*\[$_b\]" /proc/kallsyms | cut -d' ' -f1)
		_f=$(echo "$_a" | sed 's/.*\(..\)\(..\)\(..\)\(..\)$/\4\3\2\1/')
		grep '^to_ptr \|__vro_to_ptr ' $V/variables $V/sites | sed 's/^/# /'
		check "[$_b] debugfs variables and sites show no raw address of to_ptr ($_a, field $_f)" \
			sh -c "grep -q '^to_ptr ' $V/variables && grep -q '^__vro_to_ptr ' $V/sites && ! grep '^to_ptr \|^__vro_to_ptr ' $V/variables $V/sites | grep -qi -e '$_a' -e '$_f'"
	fi
	rmmod $_b
}
params ""
params _plain
params _const
check "[vro_t_dorder_base_const] a bare bool name is refused with EPERM (const): modprobe vro_t_dorder_base_const to_flag" \
	sh -c "! modprobe vro_t_dorder_base_const to_flag 2>/dev/null && dmesg | grep -q 'vro: parameter to_flag refused (-EPERM)'"
rmmod vro_t_dorder_base_const 2>/dev/null
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

# ---- last: members with no variable --------------------------------------
# Before issue 16's fix a NULL member oopsed with vro's lock held, and any
# later update or module load would block on that lock: load them last,
# each only while the kernel log shows no oops.
TAG=
for m in vro_t_txn_null vro_t_txn_null_plain vro_t_txn_null_const; do
	if dmesg | grep -q 'BUG:\|Oops'; then
		nok "$m not run: the kernel oopsed before it (vro's lock may be held)"
		continue
	fi
	tap $m
done
check "[vro_t_txn_null] the log names the member with no variable" \
	logged "vro: member 2 of 3 has no variable (.var is NULL): nothing written"
check "[vro_t_txn_null] the log names an update whose array is NULL" \
	logged "vro: an update of 2 members whose array is NULL: nothing written"
echo "# guest done"
