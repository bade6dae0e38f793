#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# selftests/pv/host.sh - the host half of selftests/pv/run: build-time
# refusals of <linux/vro_pv.h>. Each case is a small module compiled with
# kbuild against the installed headers (an object only, in a temp dir);
# a misuse must fail to compile with a message naming the op and the
# function, the good uses must compile. Prints unnumbered "ok - ..." /
# "not ok - ..." lines (selftests/pv/run numbers them, selftests/lib/tap.sh).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
# VRO_PV_INC: another include/ (e.g. an older tree's, to see a test fail)
inc=${VRO_PV_INC:-$top/include}
kd=${KDIR:-/usr/src/linux-headers-$("$top"/tools/kver)}
if [ ! -d "$kd" ]; then
	echo "ok - pv build-time refusals # SKIP no kernel headers at $kd"
	exit 0
fi
tmp=$(mktemp -d /tmp/vro-pv-host.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# The op set every case uses: a callee-save op, a C-ABI op, a C function,
# a hand-written function declared callee-save and a C function's thunk.
prologue='// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/vro.h>
#ifndef VRO_PV_CS_SECTION	/* a header before the check: misuse compiles */
#define VRO_PV_CS_SECTION ".text"
#define __pv_callee_save
#define PV_IMPL_INLINE_CALLEE_SAVE PV_IMPL_INLINE
#endif
DECLARE_PV_OP_CALLEE_SAVE(u32, hb_cs, 5, void);
DECLARE_PV_OP(u32, hb_cabi, void);
DECLARE_PV_SET(hb);
u32 hb_plain(void);
u32 hb_plain(void) { return 1; }
u32 hb_hand(void) __pv_callee_save;
asm(".pushsection " VRO_PV_CS_SECTION ", \"ax\"\n"
    ".type hb_hand, @function\n"
    "hb_hand: push %rdx\n rdtsc\n pop %rdx\n" ASM_RET
    ".size hb_hand, . - hb_hand\n.popsection\n");
DEFINE_PV_THUNK(hb_plain);
'

# case NAME BODY: write NAME.c (prologue + BODY), compile it; rc and log.
compile() {
	printf '%s%s\nMODULE_LICENSE("GPL");\n' "$prologue" "$2" > "$tmp/$1.c"
	echo "obj-m += $1.o" > "$tmp/Kbuild"
	make -C "$kd" M="$tmp" KCPPFLAGS="-I$inc" "$1.o" \
		> "$tmp/$1.log" 2>&1
}

refused() {	# refused NAME WANT DESC BODY
	if compile "$1" "$4"; then
		echo "not ok - $3: it compiled"
	elif ! grep -q "$2" "$tmp/$1.log"; then
		echo "not ok - $3: no error naming '$2'"
		sed 's/^/# /' "$tmp/$1.log" | grep -i error | head -5
	else
		echo "ok - $3"
	fi
}

refused hb_inline "callee-save op hb_cs: hb_plain is not callee-save" \
	"PV_IMPL_INLINE_CALLEE_SAVE() with a plain C function is a build error naming the op and the function" \
	'static const struct vro_pv_impl hb_impls[] = {
	PV_IMPL_INLINE_CALLEE_SAVE(hb_cs, hb_plain, 0x52, 0x0f, 0x31, 0x5a),
};
const void *hb_keep = hb_impls;'

refused hb_inline_cabi "callee-save op hb_cs: use PV_IMPL_INLINE_CALLEE_SAVE()" \
	"PV_IMPL_INLINE() of a callee-save op is a build error naming the op and PV_IMPL_INLINE_CALLEE_SAVE()" \
	'static const struct vro_pv_impl hb_impls[] = {
	PV_IMPL_INLINE(hb_cs, hb_plain, 0x52, 0x0f, 0x31, 0x5a),
};
const void *hb_keep = hb_impls;'

refused hb_hand_c "callee-save op hb_cs: hb_plain is not callee-save" \
	"PV_IMPL_CALLEE_SAVE() of a plain C function is a build error naming the op and the function" \
	'static const struct vro_pv_impl hb_impls[] = {
	PV_IMPL_CALLEE_SAVE(hb_cs, hb_plain),
};
const void *hb_keep = hb_impls;'

refused hb_dflt "callee-save op hb_cs: hb_plain is not callee-save" \
	"DEFINE_PV_OP_CALLEE_SAVE() with a plain C function as fallback is a build error naming the op and the function" \
	'DEFINE_PV_OP_CALLEE_SAVE(hb_cs, hb_plain);
DEFINE_PV_SET(hb, PV_OP(hb_cs));'

if compile hb_good 'DEFINE_PV_OP_CALLEE_SAVE(hb_cs, PV_THUNK_OF(hb_plain));
DEFINE_PV_OP(hb_cabi, hb_plain);
DEFINE_PV_SET(hb, PV_OP(hb_cs), PV_OP(hb_cabi));
static const struct vro_pv_impl hb_impls[] = {
	PV_IMPL_INLINE_CALLEE_SAVE(hb_cs, hb_hand, 0x52, 0x0f, 0x31, 0x5a),
	PV_IMPL_INLINE(hb_cabi, hb_plain, 0x0f, 0x31),
};
static const struct vro_pv_impl hb_impls2[] = {
	PV_IMPL_INLINE_CALLEE_SAVE(hb_cs, PV_THUNK_OF(hb_plain),
				   0x52, 0x0f, 0x31, 0x5a),
	PV_IMPL_CALLEE_SAVE(hb_cs, hb_hand),
	PV_IMPL_THUNK(hb_cs, hb_plain),
};
const void *hb_keep[] = { hb_impls, hb_impls2 };'; then
	echo "ok - a thunk, a hand-written function declared __pv_callee_save and, for a C-ABI op, a plain C function compile"
else
	echo "not ok - a thunk, a hand-written function declared __pv_callee_save and, for a C-ABI op, a plain C function compile"
	sed 's/^/# /' "$tmp/hb_good.log" | grep -i error | head -5
fi
exit 0
