// SPDX-License-Identifier: GPL-2.0
/*
 * The pv sites of the modules the registry sees come and go.
 */
#define pr_fmt(fmt) "vro: pv: " fmt

#include <linux/slab.h>
#include <linux/string.h>
#include "internal.h"

/*
 * A pv site vro.ko tracks: a call/jmp outside init text. Init text is freed
 * when the module goes live, so its sites are never written: they keep
 * calling the trampoline, which always reaches the selected backend.
 */
static bool vro_pv_tracked(struct vro_module *vmod, const struct vro_site *vs)
{
	if (vs->kind != VRO_KIND_CALL && vs->kind != VRO_KIND_JMP)
		return false;
	return !within_module_init((unsigned long)vro_site_addr(vs), vmod->mod);
}

static unsigned int vro_pv_nr_sites(struct vro_module *vmod)
{
	unsigned int i, n = 0;

	for (i = 0; i < vmod->desc->nr_sites; i++)
		n += vro_pv_tracked(vmod, &vmod->sites[i]);
	return n;
}

/*
 * Fill @s from site-table entry @vs; refuse a site that is not a rel32 call
 * or jmp, or whose length (insn_len: the call and its NOPs, vrolink checked
 * them) is not 5, or 6 to VRO_PV_SITE_MAX for a call.
 */
static int vro_pv_init_site(struct vro_pv_mod *pm, struct vro_pv_site *s,
			    const struct vro_site *vs)
{
	const char *name = vro_site_name(pm->vmod, vs);

	if (vs->insn_off != 1 || vs->insn_len < VRO_PV_SITE_LEN ||
	    vs->insn_len > VRO_PV_SITE_MAX ||
	    (vs->kind == VRO_KIND_JMP && vs->insn_len != VRO_PV_SITE_LEN) ||
	    strncmp(name, VRO_PV_PREFIX, strlen(VRO_PV_PREFIX))) {
		pr_err("%s: pv site of %s is not a 5-byte call/jmp or a call padded to at most %d bytes (site length %u)\n",
		       vro_owner_name(pm->vmod->mod), name, VRO_PV_SITE_MAX, vs->insn_len);
		return -EINVAL;
	}
	s->addr = (u8 *)vro_site_addr(vs) - 1;
	s->name = name + strlen(VRO_PV_PREFIX);
	s->kind = vs->kind;
	s->len = vs->insn_len;
	memcpy(s->cur, s->addr, s->len);
	if (s->cur[0] != vro_pv_opcode(s->kind)) {
		pr_err("%s: %pS: pv site of %s is %*ph, not a %s\n",
		       vro_owner_name(pm->vmod->mod), s->addr, s->name, VRO_PV_SITE_LEN,
		       s->cur, s->kind == VRO_KIND_JMP ? "jmp" : "call");
		return -EINVAL;
	}
	return vro_pv_bind_site(s);
}

/*
 * First write of a new module's bound sites: it cannot run yet, so a site
 * may take its backend's template.
 */
static int vro_pv_patch_new(struct vro_pv_mod *pm)
{
	struct vro_patch *p;
	bool *inl;
	unsigned int i, n = 0;
	int ret = 0;

	vro_assert_locked();
	p = kcalloc(pm->nr, sizeof(*p), GFP_KERNEL);
	inl = kcalloc(pm->nr, sizeof(*inl), GFP_KERNEL);
	if (!p || !inl) {
		ret = -ENOMEM;
		goto out_free;
	}
	for (i = 0; i < pm->nr; i++) {
		struct vro_pv_site *s = &pm->sites[i];

		if (!s->set)
			continue;
		ret = vro_pv_site_bytes(s, s->set->cur, true, p[n].new, &inl[n]);
		if (ret)
			goto out_free;
		vro_pv_patch_site(&p[n++], s);
	}
	ret = n ? vro_patch_text(p, n, false) : 0;
	if (ret)
		goto out_free;
	for (i = 0, n = 0; i < pm->nr; i++) {
		struct vro_pv_site *s = &pm->sites[i];

		if (!s->set)
			continue;
		memcpy(s->cur, p[n].new, s->len);
		s->inlined = inl[n++];
	}
out_free:
	kfree(inl);
	kfree(p);
	return ret;
}

/* Bind and write @vmod's pv sites; on error nothing of it is kept. */
static int vro_pv_module_coming(struct vro_module *vmod)
{
	unsigned int i, n = vro_pv_nr_sites(vmod);
	struct vro_pv_mod *pm;
	int ret;

	vro_assert_locked();
	if (!n)
		return 0;
	pm = kzalloc(struct_size(pm, sites, n), GFP_KERNEL);
	if (!pm)
		return -ENOMEM;
	pm->vmod = vmod;
	for (i = 0; i < vmod->desc->nr_sites; i++) {
		const struct vro_site *vs = &vmod->sites[i];

		if (!vro_pv_tracked(vmod, vs))
			continue;
		ret = vro_pv_init_site(pm, &pm->sites[pm->nr++], vs);
		if (ret)
			goto out_free;
	}
	ret = vro_pv_patch_new(pm);
	if (ret)
		goto out_free;
	list_add_tail(&pm->list, &vro_pv_mods);
	return 0;

out_free:
	kfree(pm);
	return ret;
}

/* Forget @vmod's pv sites: its module is going. */
static void vro_pv_module_going(struct vro_module *vmod)
{
	struct vro_pv_mod *pm;

	vro_assert_locked();
	list_for_each_entry(pm, &vro_pv_mods, list) {
		if (pm->vmod == vmod) {
			list_del(&pm->list);
			kfree(pm);
			return;
		}
	}
}

/**
 * vro_pv_module_gone() - drop what a going module left registered
 * @mod: a module at MODULE_STATE_GOING (its memory is freed next)
 *
 * A module whose init fails after registering an op set or a backend, or
 * that forgets to unregister them in its exit, would leave its memory on
 * vro.ko's lists. Like static_call_del_module(), sweep by owner: each set it
 * owns is forgotten (sites back on their trampolines), each backend of it is
 * withdrawn (sites switched away first, a live template left in place), and
 * one warning names the module. Caller holds vro_lock(), after dropping the
 * module's own sites.
 */
static void vro_pv_module_gone(struct module *mod)
{
	struct vro_pv_backend *b, *btmp;
	struct vro_pv_set *set, *tmp;
	unsigned int nr_sets = 0, nr_backends = 0;

	vro_assert_locked();
	vro_test_fault_window(true);
	list_for_each_entry_safe(set, tmp, &vro_pv_sets, list) {
		if (set->owner == mod) {
			pr_info("%s: dropping op set '%s'\n",
				mod->name, set->name);
			vro_pv_forget_set(set);
			nr_sets++;
			continue;
		}
		list_for_each_entry_safe(b, btmp, &set->backends, list) {
			if (b->owner != mod)
				continue;
			pr_info("%s: dropping backend '%s' of op set '%s'\n",
				mod->name, b->name, set->name);
			vro_pv_drop_backend(b, true);
			nr_backends++;
		}
	}
	vro_test_fault_window(false);
	if (nr_sets || nr_backends)
		pr_warn("module %s went away with %u op set(s) and %u backend(s) still registered; dropped them: unregister them on every error path of its init and in its exit\n",
			mod->name, nr_sets, nr_backends);
}

/* The pv half as the engine's client (client.c; main.c attaches it). */
const struct vro_client vro_pv_client = {
	.coming = vro_pv_module_coming,
	.going = vro_pv_module_going,
	.gone = vro_pv_module_gone,
	.unlocked = vro_pv_unlocked,
};
