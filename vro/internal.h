/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro/internal.h - what the pieces of vro.ko share: the per-module record
 * built from a site table, the text patching engine, and the pv hooks.
 * core.c (registry, values), patch.c (text writes) and pv.c (paravirt call
 * patching) talk only through this header.
 */
#ifndef _VRO_INTERNAL_H
#define _VRO_INTERNAL_H

#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/vro.h>

/**
 * struct vro_module - a registered module's site table
 * @mod: the module
 * @desc: its descriptor in .vro_module (filled by vrolink)
 * @sites: desc + desc->sites_off
 * @names: desc + desc->names_off
 * @list: on the list of registered modules
 */
struct vro_module {
	struct module *mod;
	const struct vro_module_desc *desc;
	const struct vro_site *sites;
	const char *names;
	struct list_head list;
};

/* vro_site.field is relative to its own address (filled by the loader). */
static inline void *vro_site_addr(const struct vro_site *s)
{
	return (void *)((unsigned long)&s->field + (long)s->field);
}

/* The symbol a site refers to: "__vro_<name>" or "__pv_<op>". */
static inline const char *vro_site_name(const struct vro_module *vm,
					const struct vro_site *s)
{
	return vm->names + s->name;
}

/* Width in bytes of the field a site's relocation type covers. */
static inline unsigned int vro_site_width(const struct vro_site *s)
{
	return s->type == VRO_RELOC_64 ? 8 : 4;
}

/**
 * struct vro_patch - one text write of a batch
 * @addr: first byte to write (kernel text of a module)
 * @len: bytes to write, at most sizeof(@new)
 * @old: bytes that must be there now, or the whole batch is refused
 * @new: bytes to write
 */
struct vro_patch {
	void *addr;
	unsigned int len;
	u8 old[16];
	u8 new[16];
};

/*
 * vro_patch_text - check then write a batch of text patches.
 * @live false: the code is not reachable yet (module in COMING state):
 * write directly through a temporary alias mapping. @live true: write every
 * patch of the batch under stop_machine() and serialize every CPU. Every
 * patch's @old is compared first; one mismatch refuses the whole batch with
 * -EINVAL and a message naming the site (%pS), and nothing is written.
 * Caller holds vro_lock().
 */
int vro_patch_text(struct vro_patch *p, unsigned int n, bool live);

void vro_lock(void);
void vro_unlock(void);

/* pv.c: called by the registry for every module with a site table, under
 * vro_lock(). coming may refuse the module (non-zero errno). */
int vro_pv_module_coming(struct vro_module *vm, bool live);
void vro_pv_module_going(struct vro_module *vm);
int vro_pv_init(void);
void vro_pv_exit(void);

#endif /* _VRO_INTERNAL_H */
