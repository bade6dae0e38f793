/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksite.h - where a test module's own VRO sites are: the instruction of
 * the first site of a VRO, read from the module's site table (the one
 * VRO_MODULE() defines and vrolink fills in after compilation), and where
 * a patched call goes.
 */
#ifndef _VT_KSITE_H
#define _VT_KSITE_H

#include <linux/compiler.h>
#include <linux/string.h>
#include <linux/vro.h>

/* The instruction of the first site of @sym ("__vro_<name>") in @d. */
static inline u8 *vt_desc_site_insn(const struct vro_module_desc *d, const char *sym)
{
	const struct vro_site *s;
	const char *names;
	unsigned int i;

	OPTIMIZER_HIDE_VAR(d);	/* vrolink filled it after compilation */
	s = (const void *)d + d->sites_off;
	names = (const char *)d + d->names_off;
	for (i = 0; i < d->nr_sites; i++, s++) {
		unsigned long field = (unsigned long)&s->field + (long)s->field;

		if (!strcmp(names + s->name, sym))
			return (u8 *)(field - s->insn_off);
	}
	return NULL;
}

/* The same in the module that includes this (after its VRO_MODULE()). */
#define vt_site_insn(sym)	vt_desc_site_insn(&__vro_module_desc, (sym))

/* Where the 5-byte call or jmp (e8/e9 rel32) at @p goes. */
static inline void *vt_rel32_target(const u8 *p)
{
	s32 rel;

	memcpy(&rel, p + 1, sizeof(rel));	/* x86: little-endian */
	return (void *)(p + 5 + rel);
}

#endif /* _VT_KSITE_H */
