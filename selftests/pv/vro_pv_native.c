// SPDX-License-Identifier: GPL-2.0
/*
 * vro_pv_native.c - the cost of one call, every way vro and the kernel
 * reach a function, for the native runner (tools/vroperf, run by
 * selftests/pv/native.sh): one body, a + 2 * b, behind the op set "pnat"
 * (a C-ABI op, a callee-save op through the C function's thunk, one with a
 * hand-written function, one with an inline template), a static_call, an
 * ops-table indirect call and a plain direct call, plus the unpatched
 * trampolines. Each pn_loop_*() makes n dependent calls, acc = f(i, acc),
 * and returns acc, so every variant must return the same.
 *
 * vroperf binds the pv sites from pn_impls (-p pn_impls) as vro.ko does at
 * module COMING, inlines the static call as static_call_update() does, and
 * with -R makes the ops-table call and the trampolines go through a
 * retpoline as in the stock kernel. The module also loads in a kernel (it
 * registers the set), but nothing there runs the loops.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/static_call.h>
#include "vro_pv_native.h"

VRO_MODULE();

static noinline u64 pn_c(u64 a, u64 b)
{
	return a + 2 * b;
}
DEFINE_PV_THUNK(pn_c);

/* Hand-written: the same body, touching only %rax. */
asm(".pushsection " VRO_PV_CS_SECTION ", \"ax\"\n"
	".type pn_asm, @function\n"
	VRO_PV_FUNC_ALIGN
	"pn_asm:\n"
	ASM_ENDBR
	"lea (%rdi,%rsi,2), %rax\n"
	ASM_RET
	".size pn_asm, . - pn_asm\n"
	".popsection\n");

DEFINE_PV_OP(pn_cabi, pn_c);
DEFINE_PV_OP_CALLEE_SAVE(pn_thunk, PV_THUNK_OF(pn_c));
DEFINE_PV_OP_CALLEE_SAVE(pn_hand, PV_THUNK_OF(pn_c));
DEFINE_PV_OP_CALLEE_SAVE(pn_tmpl, PV_THUNK_OF(pn_c));
DEFINE_PV_SET(pnat, PV_OP(pn_cabi), PV_OP(pn_thunk), PV_OP(pn_hand),
	      PV_OP(pn_tmpl));

static const struct vro_pv_impl pn_impls[] = {
	PV_IMPL(pn_cabi, pn_c),
	PV_IMPL_THUNK(pn_thunk, pn_c),
	PV_IMPL_CALLEE_SAVE(pn_hand, pn_asm),
	/* lea (%rdi,%rsi,2), %rax */
	PV_IMPL_INLINE_CALLEE_SAVE(pn_tmpl, PV_THUNK_OF(pn_c),
				   0x48, 0x8d, 0x04, 0x77),
};

static struct vro_pv_backend pn_backend =
	PV_BACKEND(pnat, "n", 100, pn_impls);
static struct vro_pv_backend *const pn_backends[] = { &pn_backend };

DEFINE_STATIC_CALL(pn_sc, pn_c);

struct pn_ops {
	u64 (*f)(u64 a, u64 b);
};
static struct pn_ops pn_ops_table = { .f = pn_c };
static struct pn_ops *pn_ops = &pn_ops_table;

/* One loop per way of calling; the macro keeps them identical. */
#define PN_LOOP(name, call)						\
static noinline __aligned(64) u64 pn_loop_##name(u64 n)		\
{									\
	u64 i, acc = 1;							\
									\
	for (i = 0; i < n; i++)						\
		acc = call;						\
	return acc;							\
}

PN_LOOP(direct, pn_c(i, acc))
PN_LOOP(cabi, pv_call(pn_cabi, i, acc))
PN_LOOP(thunk, pv_call(pn_thunk, i, acc))
PN_LOOP(hand, pv_call(pn_hand, i, acc))
PN_LOOP(tmpl, pv_call(pn_tmpl, i, acc))
PN_LOOP(sc, static_call(pn_sc)(i, acc))
PN_LOOP(ind, READ_ONCE(pn_ops)->f(i, acc))
PN_LOOP(tramp_cabi, pv_tramp_pn_cabi(i, acc))
PN_LOOP(tramp_cs, pv_tramp_pn_thunk(i, acc))

/* Keeps every loop (vroperf finds them by name). */
static u64 (*const pn_loops[])(u64 n) __used = {
	pn_loop_direct, pn_loop_cabi, pn_loop_thunk, pn_loop_hand,
	pn_loop_tmpl, pn_loop_sc, pn_loop_ind, pn_loop_tramp_cabi,
	pn_loop_tramp_cs,
};

static int __init vro_pv_native_init(void)
{
	return vro_pv_register_set(&pv_set_pnat, pn_backends,
				   ARRAY_SIZE(pn_backends));
}

static void __exit vro_pv_native_exit(void)
{
	vro_pv_unregister_set(&pv_set_pnat);
}

module_init(vro_pv_native_init);
module_exit(vro_pv_native_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro pv call cost, every site form, for tools/vroperf");
