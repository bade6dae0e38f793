// SPDX-License-Identifier: GPL-2.0
/*
 * The bytes of a pv site: call/jmp rel32 or an inline template.
 */
#define pr_fmt(fmt) "vro: pv: " fmt

#include <linux/cache.h>	/* __ro_after_init, for <asm/text-patching.h> */
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/nops.h>
#include <asm/text-patching.h>
#include "../kcompat.h"
#include "internal.h"

/*
 * The padding after an inline template or a call in a long site: the
 * kernel's own NOPs of 1 to 8 bytes (<asm/nops.h>). The kernel's table of
 * them, x86_nops[], is not exported to modules, so the table is built here
 * from the same BYTES_NOPn macros.
 */
#define VRO_PV_NOP_MAX	8
static const u8 vro_pv_nops[VRO_PV_NOP_MAX + 1][VRO_PV_NOP_MAX] = {
	{ },
	{ BYTES_NOP1 },
	{ BYTES_NOP2 },
	{ BYTES_NOP3 },
	{ BYTES_NOP4 },
	{ BYTES_NOP5 },
	{ BYTES_NOP6 },
	{ BYTES_NOP7 },
	{ BYTES_NOP8 },
};

/**
 * vro_pv_ibt_target_ok() - may an op's trampoline jump to @fn?
 * @fn: an op's fallback or a backend's function
 *
 * The trampoline reaches @fn by an indirect jump. Under X86_KERNEL_IBT that
 * must land on ENDBR: a compiler's function has one, a hand-written one
 * needs ASM_ENDBR, and without it the first unpatched call faults.
 *
 * Return: true if @fn starts with endbr64 or the kernel has no IBT; false
 * also for an address that cannot be read.
 */
bool vro_pv_ibt_target_ok(const void *fn)
{
	static const u8 endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
	u8 head[sizeof(endbr64)];

	if (!IS_ENABLED(CONFIG_X86_KERNEL_IBT))
		return true;
	return !copy_from_kernel_nofault(head, fn, sizeof(head)) &&
	       !memcmp(head, endbr64, sizeof(endbr64));
}

/*
 * Say once what call-depth tracking means for patched sites. The kernel's
 * static_call sends a call to the accounting thunk in front of its target
 * (callthunks_translate_call_dest(), not exported to modules); vro's direct
 * calls go to the function itself. Unaccounted calls only lower the count
 * the next returns check, so a return refills the RSB early: slower, never
 * less protected (Documentation/vro-pv.rst, "IBT, retpolines, call depth").
 */
void vro_pv_note_call_depth(void)
{
	if (vro_call_depth_tracking())
		pr_info("call-depth tracking is on: patched pv calls are not accounted, returns after them may refill the RSB early\n");
}

/* Fill @len bytes at @buf with as few NOPs as possible. */
static void vro_pv_pad(u8 *buf, unsigned int len)
{
	while (len) {
		unsigned int n = min_t(unsigned int, len, VRO_PV_NOP_MAX);

		memcpy(buf, vro_pv_nops[n], n);
		buf += n;
		len -= n;
	}
}

/* The bytes an op's sites have: 0 in a descriptor means a 5-byte call. */
unsigned int vro_pv_op_len(const struct vro_pv_op *op)
{
	return op->site_len ?: VRO_PV_SITE_LEN;
}

/* A site's call/jmp rel32 is exactly the kernel's CALL/JMP32 instruction. */
static_assert(VRO_PV_SITE_LEN == CALL_INSN_SIZE);
static_assert(VRO_PV_SITE_LEN == JMP32_INSN_SIZE);

u8 vro_pv_opcode(u8 kind)
{
	return kind == VRO_KIND_JMP ? JMP32_INSN_OPCODE : CALL_INSN_OPCODE;
}

/* "call/jmp @fn" at @addr into @buf, by <asm/text-patching.h>. */
int vro_pv_encode_branch(u8 *buf, const u8 *addr, u8 kind, void *fn)
{
	long rel = (long)fn - (long)(addr + VRO_PV_SITE_LEN);

	if (rel != (s32)rel)
		return -ERANGE;
	__text_gen_insn(buf, vro_pv_opcode(kind), addr, fn, VRO_PV_SITE_LEN);
	return 0;
}

/* The target of the call/jmp in @buf at @addr (NULL if not a call/jmp). */
void *vro_pv_decode_branch(const u8 *buf, const u8 *addr)
{
	s32 rel;

	if (buf[0] != CALL_INSN_OPCODE && buf[0] != JMP32_INSN_OPCODE)
		return NULL;
	memcpy(&rel, buf + 1, sizeof(rel));	/* x86: little-endian */
	return (void *)(addr + VRO_PV_SITE_LEN + rel);
}

/*
 * "call/jmp @fn" for site @s into @buf, padded as the site is: a long site
 * keeps the NOPs it was built with (a task may be preempted at the call's
 * return address, their first byte), or gets fresh ones after a template.
 */
int vro_pv_site_branch(const struct vro_pv_site *s, void *fn, u8 *buf)
{
	if (s->inlined)
		vro_pv_pad(buf + VRO_PV_SITE_LEN, s->len - VRO_PV_SITE_LEN);
	else
		memcpy(buf, s->cur, s->len);
	return vro_pv_encode_branch(buf, s->addr, s->kind, fn);
}

/*
 * The bytes @s should hold with backend @b selected. @tmpl_ok: the site's
 * code cannot be running, so a template may go in.
 */
int vro_pv_site_bytes(struct vro_pv_site *s, struct vro_pv_backend *b,
		      bool tmpl_ok, u8 *buf, bool *inlined)
{
	const struct vro_pv_impl *impl = vro_pv_impl_of(b, s->name);

	vro_assert_locked();
	*inlined = false;
	if (tmpl_ok && impl && impl->tmpl && s->kind == VRO_KIND_CALL &&
	    impl->tmpl_len <= s->len) {
		memcpy(buf, impl->tmpl, impl->tmpl_len);
		vro_pv_pad(buf + impl->tmpl_len, s->len - impl->tmpl_len);
		*inlined = true;
		return 0;
	}
	if (vro_pv_site_branch(s, vro_pv_site_fn(s->set, b, s->idx), buf)) {
		pr_err("%pS: %ps is out of rel32 reach\n",
		       s->addr, vro_pv_site_fn(s->set, b, s->idx));
		return -ERANGE;
	}
	return 0;
}
