/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro_pv_native.h - the "pnat" op set of vro_pv_native.ko (one body,
 * a + 2 * b, behind an op of every kind), timed natively by tools/vroperf.
 */
#ifndef _VRO_PV_NATIVE_H
#define _VRO_PV_NATIVE_H

#include <linux/vro.h>

DECLARE_PV_OP(u64, pn_cabi, u64 a, u64 b);
DECLARE_PV_OP_CALLEE_SAVE(u64, pn_thunk, 5, u64 a, u64 b);
DECLARE_PV_OP_CALLEE_SAVE(u64, pn_hand, 5, u64 a, u64 b);
DECLARE_PV_OP_CALLEE_SAVE(u64, pn_tmpl, 5, u64 a, u64 b);

/* The hand-written body: lea (%rdi,%rsi,2), %rax; ret. */
u64 pn_asm(u64 a, u64 b) __pv_callee_save;

#endif /* _VRO_PV_NATIVE_H */
