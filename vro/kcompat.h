/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels vro builds against (Debian's 6.1 and
 * 6.12), behind small helpers: every version test of vro.ko lives here,
 * and tests what the kernel's headers define, never a version number.
 *
 * The module layout: 6.1 keeps a module in two allocations (core_layout,
 * init_layout), text first in each; since 6.4 each kind of memory is its
 * own allocation (mod->mem[MOD_TEXT], MOD_RODATA, ...).
 */
#ifndef _VRO_KCOMPAT_H
#define _VRO_KCOMPAT_H

#include <linux/module.h>
#include <linux/sysctl.h>
#include <asm/cpufeature.h>

/*
 * Sysctl tables. register_sysctl() sizes the table from its array since
 * 6.6 (it became a macro), and 6.12 refuses an empty entry ("procname is
 * null"): the terminating { } only before. A handler's table is const
 * since 6.11; no header macro tells, and of the kernels vro supports (6.1,
 * 6.12; Documentation/kernel.rst) the same test tells it.
 */
#ifdef register_sysctl
#define VRO_CTL_TABLE_CONST	const
#define VRO_CTL_TABLE_END
#else
#define VRO_CTL_TABLE_CONST
#define VRO_CTL_TABLE_END	{ }
#endif

/* One region of a module's memory: [base, base + size). */
struct vro_mod_range {
	unsigned long base;
	unsigned long size;
};

/* At most this many ranges come back from the helpers below. */
#define VRO_MOD_MAX_RANGES	4

#ifdef for_each_mod_mem_type	/* 6.4: struct module_memory mem[] */
static inline void vro_mod_range_of(struct vro_mod_range *r,
				    const struct module *mod,
				    enum mod_mem_type t)
{
	r->base = (unsigned long)mod->mem[t].base;
	r->size = mod->mem[t].size;
}

/*
 * vro_mod_core_ranges() - the regions of @mod that live as long as it does
 * (a site table may lie in any one of them); fills @r, returns how many.
 */
static inline unsigned int vro_mod_core_ranges(const struct module *mod,
					       struct vro_mod_range *r)
{
	vro_mod_range_of(&r[0], mod, MOD_TEXT);
	vro_mod_range_of(&r[1], mod, MOD_RODATA);
	vro_mod_range_of(&r[2], mod, MOD_RO_AFTER_INIT);
	vro_mod_range_of(&r[3], mod, MOD_DATA);
	return 4;
}

/*
 * vro_mod_text_ranges() - the text of @mod, core then init (empty once the
 * init text is freed); fills @r, returns how many.
 */
static inline unsigned int vro_mod_text_ranges(const struct module *mod,
					       struct vro_mod_range *r)
{
	vro_mod_range_of(&r[0], mod, MOD_TEXT);
	vro_mod_range_of(&r[1], mod, MOD_INIT_TEXT);
	return 2;
}
#else
static inline unsigned int vro_mod_core_ranges(const struct module *mod,
					       struct vro_mod_range *r)
{
	r[0].base = (unsigned long)mod->core_layout.base;
	r[0].size = mod->core_layout.size;
	return 1;
}

static inline unsigned int vro_mod_text_ranges(const struct module *mod,
					       struct vro_mod_range *r)
{
	r[0].base = (unsigned long)mod->core_layout.base;
	r[0].size = mod->core_layout.text_size;
	r[1].base = (unsigned long)mod->init_layout.base;
	r[1].size = mod->init_layout.text_size;
	return 2;
}
#endif

/*
 * vro_call_depth_tracking() - does this CPU run call-depth tracking
 * (CALL_THUNKS, retbleed=stuff; 6.2 and later)?
 */
static inline bool vro_call_depth_tracking(void)
{
#ifdef X86_FEATURE_CALL_DEPTH
	return cpu_feature_enabled(X86_FEATURE_CALL_DEPTH);
#else
	return false;
#endif
}

#endif /* _VRO_KCOMPAT_H */
