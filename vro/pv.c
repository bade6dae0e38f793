// SPDX-License-Identifier: GPL-2.0
/*
 * vro/pv.c - paravirt call patching. PLACEHOLDER: these hooks do nothing yet;
 * the pv work (issue 4) replaces this file. Until then a module with __pv_
 * sites is refused at load rather than left calling its trampolines silently.
 */
#include "internal.h"

int vro_pv_module_coming(struct vro_module *vm, bool live)
{
	unsigned int i;

	for (i = 0; i < vm->desc->nr_sites; i++) {
		const struct vro_site *s = &vm->sites[i];

		if (s->kind == VRO_KIND_CALL || s->kind == VRO_KIND_JMP) {
			pr_err("vro: %s: pv call sites are not supported yet\n",
			       vm->mod->name);
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

void vro_pv_module_going(struct vro_module *vm)
{
}

int vro_pv_init(void)
{
	return 0;
}

void vro_pv_exit(void)
{
}
