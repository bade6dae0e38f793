#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# selftests/api/guest.sh - runs inside the QEMU guest (busybox sh), started
# by selftests/api/run. Prints "ok - desc" / "not ok - desc" lines: the
# pointer-VRO and header-layout test modules' own results, the refusal of
# modules that would read 0, and two out-of-tree consumers.
#
# /root/api/ holds what the host built outside the tree: vro_a_inc.ko,
# vro_a_exta.ko and vro_a_extb.ko (make ext), and vro_a_nomod.ko,
# vro_a_rd.ko and vro_a_raw.ko (plain kbuild, no vrolink pass).

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
check "vro.ko unloads" rmmod vro
