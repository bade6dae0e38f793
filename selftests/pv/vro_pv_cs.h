/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro_pv_cs.h - the "pcs" op set of vro_pv_cs.ko: two callee-save ops for
 * selftests/pv (register preservation, long sites, long templates).
 *
 *	pcs_add(a, b)	= a + 2 * b		5-byte sites
 *	pcs_long(a)	= a + PCS_LONG_K	10-byte sites
 *
 * Backends: "c" (C functions through their thunks, rating 300), "asm"
 * (hand-written), "tmpl" (inline templates: lea (%rdi,%rsi,2),%rax, 4 bytes;
 * lea PCS_LONG_K(%rdi),%rax, 7 bytes). The fallbacks are the C functions'
 * thunks. pcs_bool .. pcs_ptr: one op per return type (the site's result
 * is exactly the type's part of %rax).
 */
#ifndef _VRO_PV_CS_H
#define _VRO_PV_CS_H

#include <linux/vro.h>

#define PCS_LONG_K	0x12345

DECLARE_PV_OP_CALLEE_SAVE(u64, pcs_add, 5, u64 a, u64 b);
DECLARE_PV_OP_CALLEE_SAVE(u64, pcs_long, 10, u64 a);
/*
 * Narrow results (5-byte sites): each returns @a as its type, bool: bit 0.
 * The "asm" backend writes only the register the ABI defines (%al, %ax,
 * %eax), leaving the rest of %rax as it found it.
 */
DECLARE_PV_OP_CALLEE_SAVE(bool, pcs_bool, 5, u64 a);
DECLARE_PV_OP_CALLEE_SAVE(u8, pcs_u8, 5, u64 a);
DECLARE_PV_OP_CALLEE_SAVE(u16, pcs_u16, 5, u64 a);
DECLARE_PV_OP_CALLEE_SAVE(u32, pcs_u32, 5, u64 a);
DECLARE_PV_OP_CALLEE_SAVE(s32, pcs_s32, 5, u64 a);
DECLARE_PV_OP_CALLEE_SAVE(void *, pcs_ptr, 5, u64 a);
DECLARE_PV_SET(pcs);

/* The C functions, for direct calls of reference. */
u64 pcs_add_c(u64 a, u64 b);
u64 pcs_long_c(u64 a);
/* The hand-written ones (callee-save: they touch only %rax and flags). */
u64 pcs_add_asm(u64 a, u64 b) __pv_callee_save;
u64 pcs_long_asm(u64 a) __pv_callee_save;
/* %rsp at the entry of the last hand-written call, and at the harness's site. */
extern u64 pcs_asm_rsp;
extern u64 pcs_site_rsp;

#endif /* _VRO_PV_CS_H */
