// SPDX-License-Identifier: GPL-2.0
/*
 * The vro core built into vmlinux: which text is a site's, for kprobes.
 *
 * A kprobe keeps its own copy of the instruction it probes from
 * registration on, armed or not (kprobe_guard.c says how vro.ko copes).
 * Built in, vro answers kprobes' own question instead, as jump labels and
 * static calls do: check_kprobe_address_safe() refuses a probe on a site's
 * instruction, and the x86 optimizer refuses a detour that would copy one
 * (kernel/patches/<version>/0002-kprobes-refuse-probes-on-VRO-sites*.patch).
 *
 * The callers hold jump_label_lock(), text_mutex or run with preemption
 * off: vro_lock() cannot be taken here. What is read needs no lock: the
 * site tables are the objects' own, read-only data (vmlinux's, validated
 * at boot; a module's, validated again here, quietly), and a module is
 * looked up and read with preemption disabled, as the callers' own
 * __module_text_address() does.
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <asm/sections.h>

#include "internal.h"

/* Does a site of table @d have an instruction byte in [@start, @end]? */
static bool vro_desc_reserved(const struct vro_module_desc *d,
			      unsigned long start, unsigned long end)
{
	const struct vro_site *s = (const void *)d + d->sites_off;
	unsigned int i;

	for (i = 0; i < d->nr_sites; i++, s++) {
		unsigned long insn = (unsigned long)vro_site_addr(s) -
				     s->insn_off;

		if (insn <= end && insn + s->insn_len > start)
			return true;
	}
	return false;
}

static bool vro_vmlinux_reserved(unsigned long start, unsigned long end)
{
	const struct vro_module_desc *d;

	for (d = vro_vmlinux_first; d; d = vro_next_desc(d, __stop_vro_module))
		if (vro_desc_reserved(d, start, end))
			return true;
	return false;
}

static bool vro_module_reserved(unsigned long start, unsigned long end)
{
	const struct vro_module_desc *d;
	struct module *mod;
	bool ret = false;

	preempt_disable();
	mod = __module_text_address(start);
	d = mod ? vro_find_desc(mod) : NULL;
	if (!IS_ERR_OR_NULL(d) && vro_desc_sane(mod, d))
		ret = vro_desc_reserved(d, start, end);
	preempt_enable();
	return ret;
}

/**
 * vro_text_reserved() - does [@start, @end] touch a VRO or pv site?
 * @start: first byte
 * @end: last byte (inclusive, as jump_label_text_reserved() takes it)
 *
 * Return: 1 if a byte of a site's instruction, in vmlinux or in a module,
 * lies in the range; 0 otherwise.
 */
int vro_text_reserved(void *start, void *end)
{
	unsigned long s = (unsigned long)start, e = (unsigned long)end;

	if (core_kernel_text(s) || is_kernel_inittext(s))
		return vro_vmlinux_reserved(s, e);
	return vro_module_reserved(s, e);
}
