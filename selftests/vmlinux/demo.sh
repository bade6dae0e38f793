#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make demo KERNEL=vro`: vmlinux's own VROs, their sites in
# vmlinux's text, a change through a sysctl (or debugfs), the seal, and the
# refusal after it.
set -u
D=/sys/kernel/debug/vro
S=/proc/sys/net/core/netdev_max_backlog

step() { printf '\n=== %s\n' "$*"; }

step "vmlinux's VROs: name owner type value state sites"
grep ' vmlinux ' $D/variables
step "their sites in vmlinux's text: symbol kind reloc addend field-bytes function"
grep '\[vmlinux\]$' $D/sites
if grep -q '^netdev_max_backlog vmlinux ' $D/variables; then
	step "sysctl net.core.netdev_max_backlog: $(cat $S); echo 2000 > $S (re-patches every site)"
	echo 2000 >$S || exit 1
	grep '^netdev_max_backlog ' $D/variables
	grep '^__vro_netdev_max_backlog ' $D/sites
	change="echo 3000 > $S"
	redo() { echo 3000 >$S; }
	now() { cat $S; }
else
	step "echo 'vk_u32 1234' > $D/set (re-patches every site)"
	echo "vk_u32 1234" >$D/set || exit 1
	grep '^vk_u32 ' $D/variables
	grep '^__vro_vk_u32 ' $D/sites
	change="echo 'vk_u32 5' > $D/set"
	redo() { echo "vk_u32 5" >$D/set; }
	now() { awk '$1 == "vk_u32" { print $4 }' $D/variables; }
fi
step "echo 1 > /proc/sys/vro/seal  (set_very_readonly)"
echo 1 >/proc/sys/vro/seal || exit 1
step "writes after sealing are refused"
if redo 2>/dev/null; then
	echo "UNEXPECTED: still writable"; exit 1
fi
echo "$change: refused (EPERM); the value stays $(now)"
