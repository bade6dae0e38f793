#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# selftests/vmlinux/guest.sh - whole-kernel mode in the guest, on a kernel
# with the vro core built in (tools/vm/run --kernel vro): vmlinux's own
# VROs (vro/selftest.c, /sys/kernel/debug/vro/vmlinux_test), the command
# line, debugfs, a module reading a vmlinux VRO, sealing; d_hash()'s
# table and shift as boot-only VROs (dcache.sh). BOOT=cmdline is booted
# with vro.vk_u32=77 vro.vk_s64=-9000000000 vro.vk_nosuch=1
# vro.d_hash_shift=3 (and more: selftests/vmlinux/run);
# BOOT=seal with vro.seal=1. net.sh (the converted network constants) runs
# after BOOT=seal and alone in BOOT=net.
D=/sys/kernel/debug/vro
T=/tmp/vt
mkdir -p "$T"
. /selftests/lib/guest.sh

# kval NAME: what vmlinux's test code reads now
kval() { awk -v n="$1" '$1 == n { print $2 }' "$D/vmlinux_test"; }

# site_bytes SYM FUNC: the field bytes of SYM's first site in FUNC
site_bytes() {
	awk -v s="__vro_$1" -v f="$2" '$1 == s && index($6, f "+") == 1 { print $5; exit }' "$D/sites"
}

# le32 N: N as 4 little-endian bytes in hex (what a site's field holds)
le32() { printf '%08x' "$1" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/'; }

dset() { echo "$1" >"$D/set" 2>"$T/err"; }

boot_cmdline() {
	text=$(awk '$3 == "_text" { print $1; exit }' /proc/kallsyms)
	if [ -z "${KLINK:-}" ]; then
		nok "the run script passed vmlinux's link address (KLINK)"
	elif [ -z "$text" ] || [ "$text" = 0000000000000000 ]; then
		nok "/proc/kallsyms shows _text's address (got '$text')"
	elif [ "$text" != "$KLINK" ]; then
		ok "KASLR moved vmlinux (_text at $text, linked at $KLINK): the checks below run on a relocated kernel"
	else
		ok "KASLR did not move vmlinux this boot (_text at $text) # SKIP not randomised (PVH entry, or nokaslr)"
	fi
	check "vro.vk_u32=77 on the command line reaches built-in code (reads $(kval u32))" \
		[ "$(kval u32)" = 77 ]
	check "init code (an early initcall) read the command-line value too ($(kval boot_u32))" \
		[ "$(kval boot_u32)" = 77 ]
	check "vro.vk_s64=-9000000000 does not fit its 32S site: refused, the default -5 stays ($(kval s64))" \
		[ "$(kval s64)" = -5 ]
	check "the refusal is in the kernel log, naming vk_s64" \
		sh -c 'dmesg | grep -qE "vro.vk_s64=-9000000000: (-ERANGE|-34);"'
	check "a bare vro.vk_flag after vro.vk_flag=0 sets it true, as for a bool parameter (reads $(kval flag))" \
		[ "$(kval flag)" = 1 ]
	check "the log says vk_flag=y from the command line" \
		sh -c 'dmesg | grep -q "vk_flag=y from the command line"'
	kt_ok=$(dmesg | grep -cE '(^|\] ) +ok [0-9]+ vro_kt_')
	kt_nok=$(dmesg | grep -cE '(^|\] ) +not ok [0-9]+ vro_kt_')
	check "KUnit: vro/kunit.c's ${KT_CASES:-?} cases passed at boot ($kt_ok ok, $kt_nok not ok)" \
		test "$kt_ok" = "${KT_CASES:-none}" -a "$kt_nok" = 0
	check "KUnit: the vro suite as a whole passed" \
		sh -c "dmesg | grep -qE '(^|\\] )ok [0-9]+ vro\$'"
	# tools/vm/run boots a KASAN kernel with no5lvl (Documentation/vm.rst,
	# "Known problems": a false KASAN report under LA57)
	if [ "${KASAN:-0}" = 1 ]; then
		check "this KASAN kernel booted with no5lvl, without LA57 (4-level paging)" \
			sh -c 'grep -qw no5lvl /proc/cmdline && ! grep -qw la57 /proc/cpuinfo'
	fi
	check "vro.vk_plain_u32=5 reaches plain-build code built into vmlinux (reads $(kval plain_u32))" \
		[ "$(kval plain_u32)" = 5 ]
	check "a bare vro.vk_plain_flag sets the plain build's bool true (reads $(kval plain_flag))" \
		[ "$(kval plain_flag)" = 1 ]
	check "the log says vk_plain_u32=5 from the command line" \
		sh -c 'dmesg | grep -q "vk_plain_u32=5 from the command line"'
	check "vro.vk_const_u32=5 is refused: a const-build VRO keeps 13 (reads $(kval const_u32))" \
		[ "$(kval const_u32)" = 13 ]
	check "the refusal names vk_const_u32 and -EPERM, as the const build refuses every write" \
		sh -c 'dmesg | grep -qE "vro.vk_const_u32=5: (-EPERM|-1);"'
	check "vro.vk_nosuch=1: the log says vmlinux defines no such VRO" \
		sh -c 'dmesg | grep -q "vro.vk_nosuch=1: vmlinux defines no VRO vk_nosuch"'
	check "variables lists vk_u32 owned by vmlinux" \
		grep -q '^vk_u32 vmlinux u32 77 open ' "$D/variables"
	check "sites lists vk_u32's site in vk_read_u32, marked [vmlinux]" \
		sh -c "grep '^__vro_vk_u32 ' $D/sites | grep 'vk_read_u32+' | grep -q '\[vmlinux\]$'"
	b=$(site_bytes vk_u32 vk_read_u32)
	check "that site's field holds 77 ($b)" [ "$b" = "$(le32 77)" ]
	check "the init-text site (vk_early) was forgotten before init memory was freed" \
		sh -c "! grep -q 'vk_early+' $D/sites"

	# vmlinux's walk of its site tables (vro/selftest.c walks two laid out
	# as vrolink writes them): a refused table must not stop it
	check "a walk of two site tables: both found ($(kval walk_tables)), the first refused ($(kval walk_refused))" \
		[ "$(kval walk_tables)" = 2 -a "$(kval walk_refused)" = 1 ]
	check "the refusal names the table and where its site is (vk_tables)" \
		sh -c 'dmesg | grep -qE "vmlinux site table 0 \(\+(0x)?0\) refused \((-ENOEXEC|-8)\): .*\(the first in vk_tables\+0x1/"'
	check "the table after the refused one was written: its code reads vk_walk = 23063 ($(kval walk_read))" \
		[ "$(kval walk_read)" = 23063 ]

	# a module loaded before device_initcall (vro.early_module=vro_t_early:
	# request_module() from a rootfs_initcall) is taken like any other
	check "vro_t_early was loaded from a rootfs_initcall (request_module: $(kval early_module))" \
		[ "$(kval early_module)" = 0 ]
	s=$(cat /sys/module/vro_t_early/parameters/at_init 2>/dev/null)
	check "its init read vk_u32 = 77 ($s): its site was written at load" [ "$s" = 77 ]
	check "debugfs sites lists its site" \
		sh -c "grep '^__vro_vk_u32 ' $D/sites | grep -q 'vt_early_read+.*\[vro_t_early\]'"

	check "debugfs set vk_u32 1234" dset "vk_u32 1234"
	b=$(site_bytes vk_u32 vk_read_u32)
	check "built-in code reads 1234 ($(kval u32)), its site holds it ($b)" \
		[ "$(kval u32)" = 1234 ] && [ "$b" = "$(le32 1234)" ]
	if dset "vk_s64 9000000000"; then
		nok "set vk_s64 9000000000 (no 32S site can hold it) is refused"
	else
		ok "set vk_s64 9000000000 is refused ($(cat "$T/err"))"
	fi
	check "after the refusal vk_s64 still reads -5" [ "$(kval s64)" = -5 ]
	check "debugfs set vk_s64 -123456 (fits)" dset "vk_s64 -123456"
	check "built-in code reads -123456 ($(kval s64))" [ "$(kval s64)" = -123456 ]
	check "debugfs set vk_flag 0, vk_u8 3" \
		sh -c "echo 'vk_flag 0' >$D/set && echo 'vk_u8 3' >$D/set"
	check "built-in code reads flag 0 ($(kval flag)), u8 3 ($(kval u8))" \
		[ "$(kval flag)" = 0 ] && [ "$(kval u8)" = 3 ]

	# a module reading vmlinux's VRO
	if modprobe vro_t_kuse 2>"$T/err"; then
		ok "a module declaring vmlinux's vk_u32 loads"
		s=$(cat /sys/module/vro_t_kuse/parameters/seen)
		check "it reads vmlinux's current value 1234 ($s)" [ "$s" = 1234 ]
		dset "vk_u32 4321"
		s=$(cat /sys/module/vro_t_kuse/parameters/seen)
		check "vro_set of vmlinux's VRO re-patches the module's site too ($s, vmlinux $(kval u32))" \
			[ "$s" = 4321 ] && [ "$(kval u32)" = 4321 ]
		check "variables counts the module's site ($(awk '$1 == "vk_u32" { print $6 }' $D/variables) sites)" \
			[ "$(awk '$1 == "vk_u32" { print $6 }' $D/variables)" -ge 2 ]
		check "rmmod vro_t_kuse" rmmod vro_t_kuse
	else
		nok "a module declaring vmlinux's vk_u32 loads ($(cat "$T/err"))"
	fi

	check "/proc/sys/vro/seal reads 0" [ "$(cat /proc/sys/vro/seal)" = 0 ]
	check "echo 1 > /proc/sys/vro/seal" sh -c 'echo 1 >/proc/sys/vro/seal'
	check "/proc/sys/vro/seal reads 1" [ "$(cat /proc/sys/vro/seal)" = 1 ]
	if sh -c 'echo 0 >/proc/sys/vro/seal' 2>/dev/null; then
		nok "echo 0 > /proc/sys/vro/seal is refused once sealed"
	else
		ok "echo 0 > /proc/sys/vro/seal is refused once sealed"
	fi
	if dset "vk_u32 5"; then
		nok "sealed: set vk_u32 is refused"
	else
		ok "sealed: set vk_u32 is refused ($(cat "$T/err"))"
	fi
	check "sealed: built-in code still reads 4321 ($(kval u32))" [ "$(kval u32)" = 4321 ]
	check "sealed: the read-mostly vk_mostly can still be set" dset "vk_mostly 9"
	check "sealed: built-in code reads vk_mostly 9 ($(kval mostly))" [ "$(kval mostly)" = 9 ]
}

boot_seal() {
	check "vro.seal=1: /proc/sys/vro/seal reads 1 after boot" \
		[ "$(cat /proc/sys/vro/seal)" = 1 ]
	if dset "vk_u32 5"; then
		nok "vro.seal=1: set vk_u32 is refused"
	else
		ok "vro.seal=1: set vk_u32 is refused ($(cat "$T/err"))"
	fi
	check "vro.seal=1: built-in code reads the default 42 ($(kval u32))" \
		[ "$(kval u32)" = 42 ]
}

if [ ! -r "$D/vmlinux_test" ]; then
	nok "$D/vmlinux_test exists (kernel built with CONFIG_VRO_SELFTEST?)"
	exit 0
fi
case "${BOOT:-cmdline}" in
cmdline)
	# d_hash()'s boot-only VROs (0014), before boot_cmdline seals
	. /selftests/vmlinux/dcache.sh
	boot_cmdline
	;;
seal) boot_seal ;;
esac
# the network constants: all checks in BOOT=net, the write-free ones in
# BOOT=seal (BOOT=cmdline has sealed by now)
[ "${BOOT:-cmdline}" != cmdline ] && [ -f /selftests/vmlinux/net.sh ] &&
	. /selftests/vmlinux/net.sh
exit 0
