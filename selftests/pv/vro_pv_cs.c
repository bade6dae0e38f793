// SPDX-License-Identifier: GPL-2.0
/*
 * vro_pv_cs.c - owner of the "pcs" op set (vro_pv_cs.h): callee-save ops
 * with a C backend through generated thunks, a hand-written backend, a
 * backend of inline templates, one of them longer than a call, and one
 * that breaks the convention on purpose (for vro.pv_check_cs).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include "vro_pv_cs.h"

/*
 * Overwrite every register a C function may clobber, as a bigger C function
 * would: the thunks must hide that from callee-save sites.
 */
static __always_inline void pcs_scribble(void)
{
	asm volatile("mov $-1, %%ecx\n\tmov $-1, %%edx\n\t"
		     "mov $-1, %%esi\n\tmov $-1, %%edi\n\t"
		     "mov $-1, %%r8d\n\tmov $-1, %%r9d\n\t"
		     "mov $-1, %%r10d\n\tmov $-1, %%r11d"
		     : : : "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
		       "r11", "cc");
}

/**
 * pcs_add_c - the C implementation of pcs_add
 * @a: first operand
 * @b: second operand
 *
 * Return: @a + 2 * @b.
 */
u64 pcs_add_c(u64 a, u64 b)
{
	u64 r = a + 2 * b;

	pcs_scribble();
	return r;
}
EXPORT_SYMBOL_GPL(pcs_add_c);

/**
 * pcs_long_c - the C implementation of pcs_long
 * @a: the operand
 *
 * Return: @a + PCS_LONG_K.
 */
u64 pcs_long_c(u64 a)
{
	u64 r = a + PCS_LONG_K;

	pcs_scribble();
	return r;
}
EXPORT_SYMBOL_GPL(pcs_long_c);

DEFINE_PV_THUNK(pcs_add_c);
DEFINE_PV_THUNK(pcs_long_c);

/* C functions of the narrow ops: @a as the type (bool: bit 0). */
static bool pcs_bool_c(u64 a)
{
	bool r = a & 1;

	pcs_scribble();
	return r;
}

static u8 pcs_u8_c(u64 a)
{
	u8 r = a;

	pcs_scribble();
	return r;
}

static u16 pcs_u16_c(u64 a)
{
	u16 r = a;

	pcs_scribble();
	return r;
}

static u32 pcs_u32_c(u64 a)
{
	u32 r = a;

	pcs_scribble();
	return r;
}

static s32 pcs_s32_c(u64 a)
{
	s32 r = a;

	pcs_scribble();
	return r;
}

static void *pcs_ptr_c(u64 a)
{
	void *r = (void *)a;

	pcs_scribble();
	return r;
}

DEFINE_PV_THUNK(pcs_bool_c);
DEFINE_PV_THUNK(pcs_u8_c);
DEFINE_PV_THUNK(pcs_u16_c);
DEFINE_PV_THUNK(pcs_u32_c);
DEFINE_PV_THUNK(pcs_s32_c);
DEFINE_PV_THUNK(pcs_ptr_c);

/**
 * pcs_asm_rsp - %rsp at the entry of the last pcs_add_asm/pcs_long_asm call
 *
 * Tells vro_pv_csu.ko how deep below the site a function is entered: a
 * site's direct call and a trampoline's tail jump both leave only the
 * site's return address (entry %rsp = the site's %rsp - 8).
 */
u64 pcs_asm_rsp;
EXPORT_SYMBOL_GPL(pcs_asm_rsp);

/**
 * pcs_site_rsp - %rsp at the last site of a vro_pv_csu.ko harness
 *
 * The harness stores it just before its call; compare with pcs_asm_rsp.
 */
u64 pcs_site_rsp;
EXPORT_SYMBOL_GPL(pcs_site_rsp);

/* Hand-written: they touch nothing but %rax and the flags (and record %rsp). */
asm(".pushsection " VRO_PV_CS_SECTION ", \"ax\"\n"
	".type pcs_add_asm, @function\n"
	"pcs_add_asm:\n"
	ASM_ENDBR
	"mov %rsp, pcs_asm_rsp(%rip)\n"
	"lea (%rdi,%rsi,2), %rax\n"
	ASM_RET
	".size pcs_add_asm, . - pcs_add_asm\n"
	".type pcs_long_asm, @function\n"
	"pcs_long_asm:\n"
	ASM_ENDBR
	"mov %rsp, pcs_asm_rsp(%rip)\n"
	"lea " __stringify(PCS_LONG_K) "(%rdi), %rax\n"
	ASM_RET
	".size pcs_long_asm, . - pcs_long_asm\n"
	".popsection\n");

/*
 * Deliberately broken, for vro.pv_check_cs: backend "clobber"'s pcs_add
 * computes the right result but clobbers %rcx, which callee-save sites
 * keep live. Declared callee-save all the same: the build cannot see it.
 */
asm(".pushsection " VRO_PV_CS_SECTION ", \"ax\"\n"
	".type pcs_add_clob, @function\n"
	"pcs_add_clob:\n"
	ASM_ENDBR
	"lea (%rdi,%rsi,2), %rax\n"
	"mov $0x5a5a5a5a, %ecx\n"
	ASM_RET
	".size pcs_add_clob, . - pcs_add_clob\n"
	".popsection\n");
u64 pcs_add_clob(u64 a, u64 b) __pv_callee_save;

/*
 * Hand-written narrow ones: each writes only the part of %rax its type has
 * (the ABI leaves the rest undefined); the rest keeps what the caller (or
 * the trampoline: the target's address) left there.
 */
#define PCS_NARROW_ASM(name, insns)					\
	asm(".pushsection " VRO_PV_CS_SECTION ", \"ax\"\n"	\
	    ".type " #name "_asm, @function\n"				\
	    #name "_asm:\n"						\
	    ASM_ENDBR						\
	    insns "\n"							\
	    ASM_RET							\
	    ".size " #name "_asm, . - " #name "_asm\n"			\
	    ".popsection\n")

PCS_NARROW_ASM(pcs_bool, "test $1, %dil\n setnz %al");
PCS_NARROW_ASM(pcs_u8, "mov %dil, %al");
PCS_NARROW_ASM(pcs_u16, "mov %di, %ax");
PCS_NARROW_ASM(pcs_u32, "mov %edi, %eax");
PCS_NARROW_ASM(pcs_s32, "mov %edi, %eax");
PCS_NARROW_ASM(pcs_ptr, "mov %rdi, %rax");
bool pcs_bool_asm(u64 a) __pv_callee_save;
u8 pcs_u8_asm(u64 a) __pv_callee_save;
u16 pcs_u16_asm(u64 a) __pv_callee_save;
u32 pcs_u32_asm(u64 a) __pv_callee_save;
s32 pcs_s32_asm(u64 a) __pv_callee_save;
void *pcs_ptr_asm(u64 a) __pv_callee_save;

DEFINE_PV_OP_CALLEE_SAVE(pcs_add, PV_THUNK_OF(pcs_add_c));
DEFINE_PV_OP_CALLEE_SAVE(pcs_long, PV_THUNK_OF(pcs_long_c));
DEFINE_PV_OP_CALLEE_SAVE(pcs_bool, PV_THUNK_OF(pcs_bool_c));
DEFINE_PV_OP_CALLEE_SAVE(pcs_u8, PV_THUNK_OF(pcs_u8_c));
DEFINE_PV_OP_CALLEE_SAVE(pcs_u16, PV_THUNK_OF(pcs_u16_c));
DEFINE_PV_OP_CALLEE_SAVE(pcs_u32, PV_THUNK_OF(pcs_u32_c));
DEFINE_PV_OP_CALLEE_SAVE(pcs_s32, PV_THUNK_OF(pcs_s32_c));
DEFINE_PV_OP_CALLEE_SAVE(pcs_ptr, PV_THUNK_OF(pcs_ptr_c));
DEFINE_PV_SET(pcs, PV_OP(pcs_add), PV_OP(pcs_long), PV_OP(pcs_bool),
	      PV_OP(pcs_u8), PV_OP(pcs_u16), PV_OP(pcs_u32), PV_OP(pcs_s32),
	      PV_OP(pcs_ptr));

static const struct vro_pv_impl pcs_c_impls[] = {
	PV_IMPL_THUNK(pcs_add, pcs_add_c),
	PV_IMPL_THUNK(pcs_long, pcs_long_c),
	PV_IMPL_THUNK(pcs_bool, pcs_bool_c),
	PV_IMPL_THUNK(pcs_u8, pcs_u8_c),
	PV_IMPL_THUNK(pcs_u16, pcs_u16_c),
	PV_IMPL_THUNK(pcs_u32, pcs_u32_c),
	PV_IMPL_THUNK(pcs_s32, pcs_s32_c),
	PV_IMPL_THUNK(pcs_ptr, pcs_ptr_c),
};

static const struct vro_pv_impl pcs_asm_impls[] = {
	PV_IMPL_CALLEE_SAVE(pcs_add, pcs_add_asm),
	PV_IMPL_CALLEE_SAVE(pcs_long, pcs_long_asm),
	PV_IMPL_CALLEE_SAVE(pcs_bool, pcs_bool_asm),
	PV_IMPL_CALLEE_SAVE(pcs_u8, pcs_u8_asm),
	PV_IMPL_CALLEE_SAVE(pcs_u16, pcs_u16_asm),
	PV_IMPL_CALLEE_SAVE(pcs_u32, pcs_u32_asm),
	PV_IMPL_CALLEE_SAVE(pcs_s32, pcs_s32_asm),
	PV_IMPL_CALLEE_SAVE(pcs_ptr, pcs_ptr_asm),
};

/* PCS_LONG_K is 0x12345: the disp32 is 45 23 01 00. */
static_assert(PCS_LONG_K == 0x12345);
static const struct vro_pv_impl pcs_tmpl_impls[] = {
	PV_IMPL_INLINE_CALLEE_SAVE(pcs_add, PV_THUNK_OF(pcs_add_c),
				   0x48, 0x8d, 0x04, 0x77),
	PV_IMPL_INLINE_CALLEE_SAVE(pcs_long, PV_THUNK_OF(pcs_long_c),
				   0x48, 0x8d, 0x87, 0x45, 0x23, 0x01, 0x00),
};

static const struct vro_pv_impl pcs_clob_impls[] = {
	PV_IMPL_CALLEE_SAVE(pcs_add, pcs_add_clob),
};

static struct vro_pv_backend pcs_c = PV_BACKEND(pcs, "c", 300, pcs_c_impls);
static struct vro_pv_backend pcs_asm = PV_BACKEND(pcs, "asm", 0, pcs_asm_impls);
static struct vro_pv_backend pcs_tmpl =
	PV_BACKEND(pcs, "tmpl", 0, pcs_tmpl_impls);

static struct vro_pv_backend pcs_clob =
	PV_BACKEND(pcs, "clobber", 0, pcs_clob_impls);

static struct vro_pv_backend *const pcs_backends[] = {
	&pcs_c, &pcs_asm, &pcs_tmpl, &pcs_clob,
};

static int __init vro_pv_cs_init(void)
{
	return vro_pv_register_set(&pv_set_pcs, pcs_backends,
				   ARRAY_SIZE(pcs_backends));
}

static void __exit vro_pv_cs_exit(void)
{
	vro_pv_unregister_set(&pv_set_pcs);
}

module_init(vro_pv_cs_init);
module_exit(vro_pv_cs_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro pv test op set 'pcs' (callee-save ops)");
