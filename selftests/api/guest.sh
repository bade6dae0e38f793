#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# selftests/api/guest.sh - runs inside the QEMU guest (busybox sh), started
# by selftests/api/run. Prints "ok - desc" / "not ok - desc" lines: the
# pointer-VRO and header-layout test modules' own results, the refusal of
# modules that would read 0, and two out-of-tree consumers.
#
# /root/api/ holds what the host built outside the tree: vro_a_inc.ko,
# vro_a_exta.ko and vro_a_extb.ko (make ext), vro_a_nomod.ko,
# vro_a_rd.ko and vro_a_raw.ko (plain kbuild, no vrolink pass), and
# vro_a_shift_k64.ko and vro_a_shift_kimm.ko (vro_a_shift.ko, its first
# site's kind changed).

D=/sys/kernel/debug
A=/root/api
T=/tmp/vro-api
mkdir -p $T

. /selftests/lib/guest.sh


# refused KO NAME TEXT: insmod fails and the kernel log names NAME and TEXT.
refused() {
	dmesg -c >/dev/null
	if insmod "$1" 2>$T/err; then
		rmmod "$2"
		return 1
	fi
	dmesg >$T/log
	grep "vro: $2: " $T/log | grep -q "$3" ||
		{ sed 's/^/# /' $T/log; return 1; }
	! grep -q "^$2 " /proc/modules
}

# param FILE WANT: FILE reads WANT
param() {
	[ "$(cat "$1" 2>&1)" = "$2" ] || { echo "# $1: $(cat "$1" 2>&1)"; return 1; }
}

grep -q " $D debugfs" /proc/mounts || mount -t debugfs none $D
check "vro.ko loads" modprobe vro

tap vro_a_ptr
tap vro_a_hdr

# shifts by a VRO: vro_a_shift's own results, its sites in debugfs, and
# counts beyond the shift refused through the parameter and at load
V=$D/vro
if modprobe vro_a_shift a_sh32=5 a_sh64=40 2>$T/err; then
	cat $D/vro_a_shift_tap
	check "debugfs lists the 32-bit shift sites as 'shift32 8' holding the count (17)" \
		sh -c "grep -q '^__vro_a_sh32 shift32 8 +0 11 va_shr32+' $V/sites && ! grep '^__vro_a_sh32 ' $V/sites | grep -qv ' shift32 8 +0 11 '"
	check "debugfs lists the 64-bit shift sites as 'shift64 8' holding the count (9)" \
		sh -c "grep -q '^__vro_a_sh64 shift64 8 +0 09 va_shr64+' $V/sites && ! grep '^__vro_a_sh64 ' $V/sites | grep -qv ' shift64 8 +0 09 '"
	cat $V/sites >$T/before
	check_fails "writing 32 to the 32-bit shift's parameter is refused" \
		sh -c "echo 32 >/sys/module/vro_a_shift/parameters/a_sh32"
	check "the refusal is logged naming the VRO, the site and 0..31" \
		sh -c "dmesg | grep -q '__vro_a_sh32: value 32 is not a count of the 32-bit shift at va_s.*: it takes 0..31; nothing patched'"
	check_fails "writing 64 to the 64-bit shift's parameter is refused" \
		sh -c "echo 64 >/sys/module/vro_a_shift/parameters/a_sh64"
	check "after the refused writes every site's bytes are unchanged" \
		sh -c "cat $V/sites | cmp -s - $T/before"
	check "a count within the shift is taken through the parameter (31, 63)" \
		sh -c "echo 31 >/sys/module/vro_a_shift/parameters/a_sh32 && echo 63 >/sys/module/vro_a_shift/parameters/a_sh64 && grep -q '^__vro_a_sh32 shift32 8 +0 1f ' $V/sites && grep -q '^__vro_a_sh64 shift64 8 +0 3f ' $V/sites"
	rmmod vro_a_shift
else
	nok "vro_a_shift loads with a_sh32=5 a_sh64=40 ($(cat $T/err))"
fi
check "a shift site whose table says 64-bit at a 32-bit shift is refused at load" \
	refused $A/vro_a_shift_k64.ko vro_a_shift "site 0 (__vro_a_sh32 at .*) is not the count of a 64-bit shift by an imm8, as its table says"
check "an 8-bit site whose table says imm is refused at load" \
	refused $A/vro_a_shift_kimm.ko vro_a_shift "site 0 is malformed"
check "a load with a_sh32=32 is refused, the log naming the VRO and 0..31" \
	sh -c "dmesg -c >/dev/null; ! insmod $(modinfo -n vro_a_shift) a_sh32=32 2>/dev/null && ! grep -q '^vro_a_shift ' /proc/modules && dmesg | grep -q '__vro_a_sh32: value 32 is not a count of the 32-bit shift at .*: it takes 0..31'"

check "a module without VRO_MODULE(), not vrolinked, is refused at load naming it and VRO_MODULE()" \
	refused $A/vro_a_nomod.ko vro_a_nomod "uses VRO a_nomod_v but has no VRO_MODULE()"
if modprobe vro_a_hdr; then
	check "a module that only reads another's VRO, without VRO_MODULE(), is refused at load" \
		refused $A/vro_a_rd.ko vro_a_rd "uses VRO a_hdr_val but has no VRO_MODULE()"
	rmmod vro_a_hdr
else
	nok "modprobe vro_a_hdr (for vro_a_rd)"
fi
check "a module with VRO_MODULE() but never vrolinked is refused at load" \
	refused $A/vro_a_raw.ko vro_a_exta "not processed by tools/vrolink"

check "make ext consumer with its own include dir loads and reads its VRO" \
	sh -c "insmod $A/vro_a_inc.ko && cat /sys/module/vro_a_inc/parameters/probe | grep -qx 23"
rmmod vro_a_inc 2>/dev/null
if insmod $A/vro_a_exta.ko && insmod $A/vro_a_extb.ko; then
	check "out-of-tree B reads out-of-tree A's VRO (77)" \
		param /sys/module/vro_a_extb/parameters/seen 77
	echo 99 >/sys/module/vro_a_exta/parameters/a_ext_v
	check "out-of-tree B's site follows A's parameter write (99)" \
		param /sys/module/vro_a_extb/parameters/seen 99
	rmmod vro_a_extb && rmmod vro_a_exta
else
	nok "out-of-tree modules A and B load"
fi
if insmod $A/vro_a_exta.ko; then
	check "out-of-tree C, declaring A's u32 VRO as u64, is refused at load naming both types" \
		refused $A/vro_a_extc.ko vro_a_extc \
		"declares VRO a_ext_v as u64, but vro_a_exta defines it as u32"
	rmmod vro_a_exta
else
	nok "out-of-tree module A loads (for C)"
fi
check "vro.ko unloads" rmmod vro
