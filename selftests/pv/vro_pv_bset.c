// SPDX-License-Identifier: GPL-2.0
/*
 * vro_pv_bset.c - owner of the "pbench" op set (vro_pv_bset.h): the same
 * body, a + 2 * b, as a C function (direct, or through its thunk), a
 * hand-written callee-save function and a 4-byte inline template.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include "vro_pv_bset.h"

/**
 * pb_c - the C body of every pbench op
 * @a: first operand
 * @b: second operand
 *
 * Return: @a + 2 * @b.
 */
u64 pb_c(u64 a, u64 b)
{
	return a + 2 * b;
}
EXPORT_SYMBOL_GPL(pb_c);

DEFINE_PV_THUNK(pb_c);

/* Hand-written: the same body, touching only %rax. */
asm(".pushsection " VRO_PV_CS_SECTION ", \"ax\"\n"
	".type pb_asm, @function\n"
	VRO_PV_FUNC_ALIGN
	"pb_asm:\n"
	ASM_ENDBR
	"lea (%rdi,%rsi,2), %rax\n"
	ASM_RET
	".size pb_asm, . - pb_asm\n"
	".popsection\n");

DEFINE_PV_OP(pb_cabi, pb_c);
DEFINE_PV_OP_CALLEE_SAVE(pb_thunk, PV_THUNK_OF(pb_c));
DEFINE_PV_OP_CALLEE_SAVE(pb_hand, PV_THUNK_OF(pb_c));
DEFINE_PV_OP_CALLEE_SAVE(pb_tmpl, PV_THUNK_OF(pb_c));
DEFINE_PV_SET(pbench, PV_OP(pb_cabi), PV_OP(pb_thunk), PV_OP(pb_hand),
	      PV_OP(pb_tmpl));

static const struct vro_pv_impl pb_impls[] = {
	PV_IMPL(pb_cabi, pb_c),
	PV_IMPL_THUNK(pb_thunk, pb_c),
	PV_IMPL_CALLEE_SAVE(pb_hand, pb_asm),
	/* lea (%rdi,%rsi,2), %rax */
	PV_IMPL_INLINE_CALLEE_SAVE(pb_tmpl, PV_THUNK_OF(pb_c),
				   0x48, 0x8d, 0x04, 0x77),
};

static struct vro_pv_backend pb_backend = PV_BACKEND(pbench, "b", 100, pb_impls);
static struct vro_pv_backend *const pb_backends[] = { &pb_backend };

static int __init vro_pv_bset_init(void)
{
	return vro_pv_register_set(&pv_set_pbench, pb_backends,
				   ARRAY_SIZE(pb_backends));
}

static void __exit vro_pv_bset_exit(void)
{
	vro_pv_unregister_set(&pv_set_pbench);
}

module_init(vro_pv_bset_init);
module_exit(vro_pv_bset_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro pv op set 'pbench' (one body, every site form)");
