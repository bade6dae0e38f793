#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# selftests/vmlinux/dcache.sh - guest side of d_hash()'s runtime constants
# as boot-only VROs (kernel/patches/6.12/0014, CONFIG_VRO_RUNTIME_CONST;
# Documentation/kernel.rst, "Runtime constants as VROs"). guest.sh sources
# it in BOOT=cmdline, before it seals, on a kernel booted with
# vro.d_hash_shift=3; alone:
#
#	tools/vm/run --kernel vro-debug --append vro.d_hash_shift=3 \
#		-- sh /selftests/vmlinux/dcache.sh
#
# d_hash_shift is 32 - log2(the table's entries, from the boot log), fixed,
# every site a "shrl $imm8" holding it; dentry_hashtable is fixed and every
# site a movabs holding it; the command line and debugfs cannot set them;
# path walks find 300 new files by name, and 50 renamed ones (d_move()
# rehashes them). Prints unnumbered TAP lines (selftests/lib/guest.sh).
DV=/sys/kernel/debug/vro
DT=/tmp/vmlinux-dcache
mkdir -p $DT
. /selftests/lib/guest.sh

mount -t debugfs none /sys/kernel/debug 2>/dev/null
# a pointer VRO prints through %pK: kptr_restrict=1 shows root the address
echo 1 >/proc/sys/kernel/kptr_restrict

# dvar NAME N: field N of NAME's line in variables
# (name owner type value state nr_sites)
dvar() { awk -v n="$1" -v f="$2" '$1 == n { print $f }' $DV/variables; }

# dsites NAME: NAME's sites (symbol kind reloc addend field site [vmlinux])
dsites() { awk -v n="__vro_$1" '$1 == n' $DV/sites; }

# all_sites NAME KIND RELOC FIELD: NAME has sites, as many as variables
# counts, and every one is "KIND RELOC +0 FIELD ... [vmlinux]"
all_sites() {
	_n=$(dsites "$1" | wc -l)
	_good=$(dsites "$1" | awk -v k="$2" -v r="$3" -v f="$4" \
		'$2 == k && $3 == r && $4 == "+0" && $5 == f && $NF == "[vmlinux]"' | wc -l)
	if [ "$_n" -gt 0 ] && [ "$_n" = "$_good" ] && [ "$_n" = "$(dvar "$1" 6)" ]; then
		return 0
	fi
	dsites "$1" | sed 's/^/# /'
	return 1
}

# both_in FUNC...: each FUNC has a site of d_hash_shift and one of
# dentry_hashtable (the site's %pS is FUNC+off/size)
both_in() {
	for _f in "$@"; do
		for _v in d_hash_shift dentry_hashtable; do
			dsites $_v | awk -v f="$_f" 'index($6, f "+") == 1 { n++ } END { exit !n }' ||
				{ echo "# no site of $_v in $_f"; return 1; }
		done
	done
}

# log2 N: N's base-2 logarithm, N a power of 2 (else empty)
log2() {
	_l=0 _v=$1
	while [ "$_v" -gt 1 ] && [ $((_v % 2)) = 0 ]; do
		_v=$((_v / 2)) _l=$((_l + 1))
	done
	[ "$_v" = 1 ] && echo $_l
}

# shift_ok: d_hash_shift is 32 - $bits, vmlinux's, fixed
shift_ok() {
	[ -n "$bits" ] && [ "$dshift" = $((32 - bits)) ] &&
		[ "$(dvar d_hash_shift 2)" = vmlinux ] &&
		[ "$(dvar d_hash_shift 5)" = fixed ]
}

# table_ok: dentry_hashtable is a pointer, vmlinux's, fixed, not NULL
table_ok() {
	[ "$(dvar dentry_hashtable 3)" = ptr ] &&
		[ "$(dvar dentry_hashtable 2)" = vmlinux ] &&
		[ "$(dvar dentry_hashtable 5)" = fixed ] &&
		[ -n "$tbl" ] && [ "$tbl" != 0000000000000000 ]
}

# missing N PREFIX: how many of PREFIX0..PREFIX<N-1> in $d do not exist
missing() {
	_m=0 _i=0
	while [ $_i -lt "$1" ]; do
		[ -e "$d/$2$_i" ] || _m=$((_m + 1))
		_i=$((_i + 1))
	done
	echo $_m
}

dcache_vro() {
	entries=$(dmesg | sed -n 's/.*Dentry cache hash table entries: \([0-9]*\) .*/\1/p' | head -n 1)
	bits=$(log2 "${entries:-0}")
	dshift=$(dvar d_hash_shift 4)
	check "d_hash_shift $dshift is 32 - log2 of the table's $entries entries ($bits), vmlinux's, fixed" \
		shift_ok
	n=$(dvar d_hash_shift 6)
	check "every site of d_hash_shift ($n) is a 32-bit shift whose imm8 holds it ($(printf '%02x' "$dshift"))" \
		all_sites d_hash_shift shift32 8 "$(printf '%02x' "$dshift")"
	tbl=$(dvar dentry_hashtable 4)
	check "dentry_hashtable $tbl: a pointer, vmlinux's, fixed" table_ok
	n=$(dvar dentry_hashtable 6)
	check "every site of dentry_hashtable ($n) is a movabs (reloc 64) holding it" \
		all_sites dentry_hashtable imm 64 "$tbl"
	check "__d_lookup() and __d_rehash() read both (a site of each in each)" \
		both_in __d_lookup __d_rehash

	check "vro.d_hash_shift=3 on the command line was refused, naming it" \
		sh -c 'dmesg | grep -q "vro: vro.d_hash_shift=3: d_hash_shift is boot-only (DEFINE_VRO_BOOT())"'
	check "d_hash_shift did not take 3 from the command line ($dshift)" [ "$dshift" != 3 ]

	cat $DV/variables $DV/sites >$DT/before
	if echo "d_hash_shift 3" 2>$DT/err >$DV/set; then
		nok "debugfs set d_hash_shift 3 is refused"
	else
		ok "debugfs set d_hash_shift 3 is refused ($(cat $DT/err))"
	fi
	if echo "d_hash_shift $dshift" 2>$DT/err >$DV/set; then
		nok "debugfs set d_hash_shift to its own value $dshift is refused too"
	else
		ok "debugfs set d_hash_shift to its own value $dshift is refused too"
	fi
	check "debugfs set dentry_hashtable is refused" \
		sh -c "! echo 'dentry_hashtable 4096' 2>/dev/null >$DV/set"
	cat $DV/variables $DV/sites >$DT/after
	check "after the refusals every value and site is unchanged" \
		cmp -s $DT/before $DT/after

	# path walks through the patched d_hash(): lookups by name, renames
	d=$DT/walk
	mkdir -p $d
	mount -t tmpfs none $d
	i=0
	while [ $i -lt 300 ]; do : >$d/f$i; i=$((i + 1)); done
	miss=$(missing 300 f) n=$(find $d -type f | wc -l)
	check "300 new files, each found again by name ($miss missing), $n listed" \
		sh -c "[ $miss = 0 ] && [ $n = 300 ] && [ ! -e $d/f300 ]"
	i=0
	while [ $i -lt 50 ]; do mv $d/f$i $d/g$i; i=$((i + 1)); done
	miss=$(missing 50 g) old=$(find $d -name 'f*' | wc -l)
	gone=$((50 - $(missing 50 f)))
	check "50 renamed files found by their new names ($miss missing), not the old ($gone found), 250 others kept ($old)" \
		sh -c "[ $miss = 0 ] && [ $gone = 0 ] && [ $old = 250 ] && [ -e $d/f299 ]"
	umount $d
}

case "$(uname -r)" in
6.1.*) echo "ok - d_hash() as VROs # SKIP 6.1 has no runtime constants" ;;
*) dcache_vro ;;
esac
