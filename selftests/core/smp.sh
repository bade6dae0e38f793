#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# selftests/core/smp.sh - runs inside a QEMU guest booted with maxcpus=1
# (two CPUs possible, one online): SMP alternatives turn every listed lock
# prefix into a DS prefix (0x3e), also the one of vro_t_lock's
# "lock addq $__vro_vt_lockadd, ..." site, and back into LOCK (0xf0) when
# cpu1 comes online. vro_set() must accept the kernel's own prefix change
# and the add must add the new value. Prints "ok - "/"not ok - " lines
# (selftests/core/run numbers them).

D=/sys/kernel/debug
V=$D/vro
L=/sys/module/vro_t_lock/parameters/probe
T=/tmp/vro-smp
mkdir -p $T

. /selftests/lib/guest.sh

grep -q " $D debugfs" /proc/mounts || mount -t debugfs none $D

[ -e /proc/sys/vro/seal ] || modprobe vro
check "booted with maxcpus=1: cpu1 is possible and offline" \
	sh -c "grep -qx 0 /sys/devices/system/cpu/online && test -e /sys/devices/system/cpu/cpu1/online"
check "modprobe vro_t_lock" modprobe vro_t_lock
check "one CPU: the lock addq site's prefix is the kernel's UP prefix (3e) and it adds 3" \
	grep -qx 'prefix=3e add=3' $L
check "cpu1 comes online (echo 1 >/sys/devices/system/cpu/cpu1/online)" \
	sh -c "echo 1 >/sys/devices/system/cpu/cpu1/online && grep -qx 0-1 /sys/devices/system/cpu/online"
check "two CPUs: SMP alternatives put the lock prefix (f0) back at the site" \
	grep -q '^prefix=f0 ' $L
check "vro_set() of vt_lockadd after the kernel's prefix change works (debugfs set 'vt_lockadd 5')" \
	sh -c "echo 'vt_lockadd 5' >$V/set"
check "the locked add adds the new value (prefix=f0 add=5)" \
	grep -qx 'prefix=f0 add=5' $L
check "vro_set() did not blame a kprobe" \
	sh -c "! dmesg | grep -q 'vro: vt_lock_add.*changed by someone else'"
check "rmmod vro_t_lock" rmmod vro_t_lock
