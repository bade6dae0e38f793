// SPDX-License-Identifier: GPL-2.0
/*
 * vro_forms - probe functions whose machine code shows the instruction
 * forms gcc emits for vro() of each type and operation, built three ways
 * (vro_forms, vro_forms_plain, vro_forms_const). Never loaded: the module is
 * only disassembled, by tools/vro-forms, whose table Documentation/convert.rst
 * shows and selftests/docs/run checks.
 *
 * Every probe is vf_<type>_<op> and does one operation with one VRO. The
 * functions are static __used noipa: kept though nothing calls them, and
 * specialised for no caller. The shifts return u64 so that the const
 * build's u8 << 13 is not folded to 0.
 */
#include <linux/module.h>
#include <linux/vro.h>

VRO_MODULE();

/* 13: no power of two, so the const build shows gcc's general forms */
DEFINE_VRO(u8, vf_u8, 13);
DEFINE_VRO(u16, vf_u16, 13);
DEFINE_VRO(u32, vf_u32, 13);
DEFINE_VRO(u64, vf_u64, 13);
DEFINE_VRO(s32, vf_s32, 13);
DEFINE_VRO(bool, vf_bool, true);
static u32 vf_table[16];
DEFINE_VRO(u32 *, vf_ptr, vf_table);
DEFINE_VRO_DIVISOR(u32, vf_d32, 13);

/* The arithmetic probes of one integer type T, VRO vf_T. */
#define VF_INT_PROBES(T)						\
static __used noinline __noipa bool vf_##T##_cmp(T x) { return x < vro(vf_##T); }		\
static __used noinline __noipa T vf_##T##_and(T x) { return x & vro(vf_##T); }		\
static __used noinline __noipa T vf_##T##_add(T x) { return x + vro(vf_##T); }		\
static __used noinline __noipa T vf_##T##_mul(T x) { return x * vro(vf_##T); }		\
static __used noinline __noipa u64 vf_##T##_shl(T x) { return x << vro(vf_##T); }	\
static __used noinline __noipa T vf_##T##_div(T x) { return x / vro(vf_##T); }		\
static __used noinline __noipa u32 vf_##T##_idx(const u32 *p) { return p[vro(vf_##T)]; }

VF_INT_PROBES(u8)
VF_INT_PROBES(u16)
VF_INT_PROBES(u32)
VF_INT_PROBES(u64)
VF_INT_PROBES(s32)

/* u64 through vro_wide(): always a movabs */
static __used noinline __noipa bool vf_u64w_cmp(u64 x)
{
	return x < vro_wide(vf_u64);
}

static __used noinline __noipa u64 vf_u64w_and(u64 x)
{
	return x & vro_wide(vf_u64);
}

/* bool: a test and a branch */
static __used noinline __noipa u32 vf_bool_if(u32 x)
{
	return vro(vf_bool) ? x + 1 : x;
}

/* pointer: compare with an object, load through it, add an offset */
static __used noinline __noipa bool vf_ptr_cmp(const u32 *p)
{
	return p == vro(vf_ptr);
}

static __used noinline __noipa u32 vf_ptr_idx(u32 i)
{
	return vro(vf_ptr)[i & 15];
}

static __used noinline __noipa u32 *vf_ptr_add(u32 i)
{
	return vro(vf_ptr) + i;
}

/* vro_div(): multiply by the derived magic (plain: div, const: gcc's) */
static __used noinline __noipa u32 vf_u32_vdiv(u32 x)
{
	return vro_div(x, vf_d32);
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("instruction forms of vro() per type and operation");
