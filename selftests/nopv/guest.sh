#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# selftests/nopv/guest.sh - the engine alone: vro.ko built with VRO_PV=n
# (selftests/nopv/run ships it as the only vro.ko) takes modules that read
# VROs, and a module that uses pv calls cannot load.
D=/sys/kernel/debug/vro
T=/tmp/vt
mkdir -p "$T"
. /selftests/lib/guest.sh

check "vro.ko built with VRO_PV=n loads" modprobe vro
check "it has no vro.pv parameter (no pv half)" \
	sh -c '! [ -e /sys/module/vro/parameters/pv ]'
check "it has no pv debugfs file" sh -c '! [ -e '"$D"'/pv ]'
check "tcp_vcubic (VROs, derived VROs, no pv sites) loads" modprobe tcp_vcubic
check "its VROs are registered (debugfs variables lists vcubic_beta)" \
	grep -q '^vcubic_beta tcp_vcubic ' "$D/variables"
check "its sites are written (debugfs sites lists vcubic_beta's)" \
	grep -q '^__vro_vcubic_beta ' "$D/sites"
old=$(cat /sys/module/tcp_vcubic/parameters/beta)
check "a write of tcp_vcubic.beta re-patches (717 -> 800)" \
	sh -c 'echo 800 >/sys/module/tcp_vcubic/parameters/beta'
check "tcp_vcubic.beta reads the new value ($(cat /sys/module/tcp_vcubic/parameters/beta), was $old)" \
	[ "$(cat /sys/module/tcp_vcubic/parameters/beta)" = 800 ]
check "rmmod tcp_vcubic" rmmod tcp_vcubic
if modprobe vro_pv_life 2>"$T/err"; then
	nok "a module using pv calls (vro_pv_life) is refused"
	rmmod vro_pv_life
else
	ok "a module using pv calls (vro_pv_life) is refused"
fi
check "the kernel log names the missing pv symbols" \
	sh -c 'dmesg | grep -q "vro_pv_life: Unknown symbol vro_pv_"'
check "rmmod vro" rmmod vro
