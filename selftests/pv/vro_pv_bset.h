/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro_pv_bset.h - the "pbench" op set of vro_pv_bset.ko, for
 * vro_pv_bench.ko: one body, a + 2 * b, behind four ops of every kind,
 * so one run can time each site form against a plain direct call.
 *
 *	pb_cabi		C-ABI op: the site becomes a direct call of pb_c
 *	pb_thunk	callee-save: the site calls pb_c's thunk
 *	pb_hand		callee-save: the site calls hand-written pb_asm
 *	pb_tmpl		callee-save: the site becomes lea (%rdi,%rsi,2),%rax
 *
 * One backend, "b" (rating 100), so it is the default.
 */
#ifndef _VRO_PV_BSET_H
#define _VRO_PV_BSET_H

#include <linux/vro.h>

DECLARE_PV_OP(u64, pb_cabi, u64 a, u64 b);
DECLARE_PV_OP_CALLEE_SAVE(u64, pb_thunk, 5, u64 a, u64 b);
DECLARE_PV_OP_CALLEE_SAVE(u64, pb_hand, 5, u64 a, u64 b);
DECLARE_PV_OP_CALLEE_SAVE(u64, pb_tmpl, 5, u64 a, u64 b);
DECLARE_PV_SET(pbench);

/* The C function, for the plain direct call of reference. */
u64 pb_c(u64 a, u64 b);
/* The hand-written one: lea (%rdi,%rsi,2), %rax; ret. */
u64 pb_asm(u64 a, u64 b) __pv_callee_save;

#endif /* _VRO_PV_BSET_H */
