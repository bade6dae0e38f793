// SPDX-License-Identifier: GPL-2.0
/*
 * Site tables: find a module's descriptor (VRO_MODULE()), validate it and
 * every site against the module's layout and the registered variables,
 * and write every value site of a module that cannot run yet.
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/sections.h>

#include "internal.h"
#include "kcompat.h"

static_assert(sizeof(struct vro_site) == 16);

static_assert(sizeof(struct vro_patch) == 56);
static_assert(sizeof(struct vro_module_desc) == 32);

/*
 * Where site @i of @vmod is written, and the rest of its instruction as vro.ko
 * wrote it, which must still be there (a kprobe on it would run a copy).
 */
void vro_site_patch(const struct vro_module *vmod, unsigned int i,
		    struct vro_patch *p)
{
	const struct vro_site *s = &vmod->sites[i];

	p->addr = vro_site_addr(s);
	p->len = vro_site_width(s);
	p->insn = vmod->insns[i];
	p->insn_off = s->insn_off;
	p->insn_len = s->insn_len;
}

/*
 * Is [@d + @off, @d + @off + @len) inside @b? The offsets come from the
 * file: never trust them.
 */
static bool vro_in_core(const struct vro_mod_range *b, const void *d,
			u64 off, u64 len)
{
	unsigned long a = (unsigned long)d;

	if (a < b->base || a - b->base > b->size)
		return false;
	/* a - base, off < 2^32, len < 2^36: the sum cannot wrap */
	return a - b->base + off + len <= b->size;
}

/*
 * Find the core region of @mod that holds @d's header and put it in @b: its
 * sites and names must lie in the same region. Return: false if none does.
 */
static bool vro_mod_region_of(struct module *mod,
			      const struct vro_module_desc *d,
			      struct vro_mod_range *b)
{
	struct vro_mod_range r[VRO_MOD_MAX_RANGES];
	unsigned int i, n = vro_mod_core_ranges(mod, r);

	for (i = 0; i < n; i++) {
		if (vro_in_core(&r[i], d, 0, sizeof(*d))) {
			*b = r[i];
			return true;
		}
	}
	return false;
}

/* Do @d's sites and names lie inside @b? */
static bool vro_desc_bounded(const struct vro_module_desc *d,
			     const struct vro_mod_range *b)
{
	return vro_in_core(b, d, 0, sizeof(*d)) &&
	       vro_in_core(b, d, d->sites_off,
			   (u64)d->nr_sites * sizeof(struct vro_site)) &&
	       vro_in_core(b, d, d->names_off, d->names_size) &&
	       !(d->nr_sites && (d->sites_off % 8 || !d->names_size ||
				 ((const char *)d + d->names_off)[d->names_size - 1]));
}

/**
 * vro_desc_sane() - may module @mod's table @d be read, without a word?
 * @mod: the module
 * @d: its descriptor
 *
 * For readers that cannot take vro_lock() (vro_text_reserved()).
 *
 * Return: true if @d is a processed table whose sites are in bounds.
 */
bool vro_desc_sane(struct module *mod, const struct vro_module_desc *d)
{
	struct vro_mod_range b;

	return d->magic == VRO_ABI_MAGIC && d->version == VRO_ABI_VERSION &&
	       (d->flags & VRO_DESC_LINKED) && vro_mod_region_of(mod, d, &b) &&
	       vro_desc_bounded(d, &b);
}

/* Check the header of @mod's table @d, which must lie inside @b. */
static int vro_check_desc_in(struct module *mod,
			     const struct vro_module_desc *d,
			     const struct vro_mod_range *b)
{
	if (d->magic != VRO_ABI_MAGIC || d->version != VRO_ABI_VERSION) {
		pr_err("%s: site table magic %#x version %u, expected %#x version %u\n",
		       vro_owner_name(mod), d->magic, d->version, VRO_ABI_MAGIC,
		       VRO_ABI_VERSION);
		return -ENOEXEC;
	}
	if (!(d->flags & VRO_DESC_LINKED)) {
		pr_err("%s: not processed by tools/vrolink: its VROs would read 0\n",
		       vro_owner_name(mod));
		return -ENOEXEC;
	}
	if (!vro_desc_bounded(d, b)) {
		pr_err("%s: malformed site table\n", vro_owner_name(mod));
		return -ENOEXEC;
	}
	return 0;
}

/*
 * Check the header of module @mod's site table @d (vmlinux's tables:
 * vro_check_vmlinux_desc()). Return: 0 or -ENOEXEC, reported.
 */
int vro_check_desc(struct module *mod, const struct vro_module_desc *d)
{
	struct vro_mod_range b = { 0, 0 };

	/* outside every core region: vro_check_desc_in() refuses it */
	vro_mod_region_of(mod, d, &b);
	return vro_check_desc_in(mod, d, &b);
}

#ifndef MODULE
/**
 * vro_check_vmlinux_desc() - check the header of one of vmlinux's site tables
 * @d: the table
 * @start: where the tables being walked start
 * @stop: where they end: @d, its sites and names must lie before it
 *
 * Return: 0, or -ENOEXEC (reported) if the header or its offsets are bad:
 * then the table cannot be used, nor the next one found from it.
 */
int vro_check_vmlinux_desc(const struct vro_module_desc *d, const void *start,
			   const void *stop)
{
	struct vro_mod_range b = {
		.base = (unsigned long)start,
		.size = (unsigned long)stop - (unsigned long)start,
	};

	return vro_check_desc_in(NULL, d, &b);
}
#endif

/*
 * Is [addr, addr + len) inside the text of @mod (core or init), or with
 * @mod NULL inside vmlinux's text (its init text until it is freed)?
 */
static bool vro_in_text(struct module *mod, const void *addr, unsigned int len)
{
	unsigned long a = (unsigned long)addr;
	struct vro_mod_range r[VRO_MOD_MAX_RANGES];
	unsigned int i, n;

#ifndef MODULE
	if (!mod)
		return len && a + len > a &&
		       ((core_kernel_text(a) && core_kernel_text(a + len - 1)) ||
			(is_kernel_inittext(a) &&
			 is_kernel_inittext(a + len - 1)));
#endif
	n = vro_mod_text_ranges(mod, r);
	for (i = 0; i < n; i++) {
		/* a + len may wrap for a hostile field offset: compare sizes */
		if (a >= r[i].base && a - r[i].base <= r[i].size &&
		    len <= r[i].size - (a - r[i].base))
			return true;
	}
	return false;
}

/*
 * Do @s's kind and relocation type agree: pv calls and jumps come from
 * PC32/PLT32, shift counts from R_X86_64_8, the rest from 32/32S/64?
 */
static bool vro_site_kind_matches(const struct vro_site *s)
{
	bool pv_type = s->type == VRO_RELOC_PC32 || s->type == VRO_RELOC_PLT32;
	bool shift_type = s->type == VRO_RELOC_8;

	return vro_site_is_pv(s) == pv_type &&
	       !!vro_site_shift_max(s) == shift_type;
}

/*
 * Validate site @i of @vmod, find its variable, and fill its patch. Caller
 * holds vro_lock().
 */
static int vro_prepare_site(struct vro_module *vmod, unsigned int i,
			    struct vro_patch *p)
{
	const struct vro_site *s = &vmod->sites[i];
	const char *name = NULL;
	struct vro_var *var;
	int ret;

	vro_assert_locked();
	if (s->name < vmod->desc->names_size)
		name = vro_site_name(vmod, s);
	if (!name || s->type < VRO_RELOC_32 || s->type > VRO_RELOC_8 ||
	    s->kind < VRO_KIND_IMM || s->kind > VRO_KIND_SHIFT64 ||
	    !vro_site_kind_matches(s) ||
	    s->insn_off + vro_site_width(s) > s->insn_len ||
	    s->insn_len >= VRO_INSN_MAX ||
	    !vro_in_text(vmod->mod, (u8 *)vro_site_addr(s) - s->insn_off,
			 s->insn_len)) {
		pr_err("%s: site %u is malformed or outside the module's text\n",
		       vro_owner_name(vmod->mod), i);
		return -ENOEXEC;
	}
	if (vro_site_is_pv(s))
		return 0;		/* the client's (client.c) */
	if (s->type == VRO_RELOC_8 &&
	    (s->insn_off + 1 != s->insn_len ||
	     vro_shift_kind((u8 *)vro_site_addr(s) - s->insn_off,
			    s->insn_len) != s->kind)) {
		pr_err("%s: site %u (%s at %pS) is not the count of a %u-bit shift by an imm8, as its table says\n",
		       vro_owner_name(vmod->mod), i, name, vro_site_addr(s),
		       vro_site_shift_max(s) + 1);
		return -ENOEXEC;
	}
	var = vro_find_var(name);
	if (!var) {
		pr_err("%s: site %pS reads %s, which no loaded module defines\n",
		       vro_owner_name(vmod->mod), vro_site_addr(s), name);
		return -ENOENT;
	}
	vro_site_patch(vmod, i, p);
	if ((var->flags & VRO_VAR_WIDE) && var->size == 8 &&
	    s->type != VRO_RELOC_64 && s->type != VRO_RELOC_8) {
		pr_err("%s: %s is defined wide (DEFINE_VRO_WIDE()) but site %pS reads it through a 32-bit field (vro()): read it with vro_wide()\n",
		       vro_owner_name(vmod->mod), name, p->addr);
		return -EINVAL;
	}
	memset(p->old, 0, sizeof(p->old));	/* vrolink left the field zero */
	ret = vro_site_encode(var, s, var->value, p->new);
	if (ret && vro_site_shift_max(s)) {
		char val[32];

		vro_format(var, var->value, val, sizeof(val));
		pr_err("%s: %s = %s is not a count of the %u-bit shift at %pS: it takes 0..%u\n",
		       vro_owner_name(vmod->mod), name, val,
		       vro_site_shift_max(s) + 1, p->addr, vro_site_shift_max(s));
		return ret;
	}
	if (ret) {
		pr_err("%s: %s = %#llx does not fit site %pS (reloc type %u)\n",
		       vro_owner_name(vmod->mod), name, var->value, p->addr, s->type);
		return ret;
	}
	/* What vro.ko writes: the loader's instruction with the new field. */
	memcpy(vmod->insns[i], p->addr - s->insn_off, s->insn_len);
	memcpy(vmod->insns[i] + s->insn_off, p->new, p->len);
	vmod->vars[i] = var;
	return 0;
}

/* Free @vmod, off every list. Caller holds vro_lock(). */
void vro_free_vmod(struct vro_module *vmod)
{
	vro_assert_locked();
	kvfree(vmod->uses);
	kvfree(vmod->by_var);
	kfree(vmod->gone);
	kvfree(vmod->insns);
	kvfree(vmod->vars);
	kfree(vmod);
}

struct vro_module *vro_alloc_vmod(struct module *mod,
				  const struct vro_module_desc *desc)
{
	struct vro_module *vmod = kzalloc(sizeof(*vmod), GFP_KERNEL);
	unsigned int n = desc->nr_sites;

	if (!vmod)
		return NULL;
	vmod->mod = mod;
	vmod->desc = desc;
	vmod->sites = (const void *)desc + desc->sites_off;
	vmod->names = (const char *)desc + desc->names_off;
	vmod->vars = kvcalloc(max(n, 1U), sizeof(*vmod->vars), GFP_KERNEL);
	vmod->gone = bitmap_zalloc(max(n, 1U), GFP_KERNEL);
	vmod->insns = kvcalloc(max(n, 1U), sizeof(*vmod->insns), GFP_KERNEL);
	if (!vmod->vars || !vmod->gone || !vmod->insns) {
		vro_free_vmod(vmod);
		return NULL;
	}
	return vmod;
}

/*
 * Validate every site of a module that cannot run yet and write its value
 * sites; its call and jump sites are the client's (client.c). Nothing is
 * linked to the variables yet (vro_uses_link()). Caller holds vro_lock().
 */
int vro_register_sites(struct vro_module *vmod)
{
	unsigned int i, k = 0, n = vmod->desc->nr_sites;
	struct vro_patch *p;
	int ret = -ENOMEM;

	vro_assert_locked();
	p = kvcalloc(max(n, 1U), sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		ret = vro_prepare_site(vmod, i, &p[k]);
		if (ret)
			goto free_patches;
		if (vmod->vars[i])
			k++;
	}
	ret = vro_uses_build(vmod);
	if (ret)
		goto free_patches;
	ret = vro_patch_text(p, k, false);
free_patches:
	kvfree(p);
	return ret;
}

#ifndef MODULE
/*
 * The table after @d (its header checked), past the linker's zero padding;
 * NULL at @stop.
 */
const struct vro_module_desc *vro_next_desc(const struct vro_module_desc *d,
					    const u8 *stop)
{
	const u8 *p = (const u8 *)d + ALIGN((u64)d->names_off + d->names_size,
					    8);

	if (!d->nr_sites)
		p = (const u8 *)d + ALIGN(sizeof(*d), 8);
	while (p + sizeof(*d) <= stop && !*(const u32 *)p)
		p += 8;
	return p + sizeof(*d) <= stop ? (const void *)p : NULL;
}
#endif
