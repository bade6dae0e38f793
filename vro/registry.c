// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of very-read-only variables and site tables: the lists of
 * registered variables and modules, lookups, vro_set() (all sites of a
 * variable re-patched in one batch) and set_very_readonly() (sealing).
 * module.c fills it from the module notifier.
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <asm/sections.h>

#include "internal.h"

static_assert(sizeof(struct vro_site) == 16);
static_assert(sizeof(struct vro_var) == 64);
static_assert(sizeof(struct vro_module) == 96);
static_assert(sizeof(struct vro_var_use) == 40);

#ifdef MODULE
#define VRO_SEAL_NOTE	"; vro.ko stays loaded"
#else
#define VRO_SEAL_NOTE	""
#endif

static LIST_HEAD(vro_vars);		/* struct vro_var.list */
static LIST_HEAD(vro_modules);		/* struct vro_module.list */
static bool vro_sealed;

/* Is @var vmlinux's own, not a module's (its struct is in vmlinux)? */
static bool vro_var_vmlinux(const struct vro_var *var)
{
#ifdef MODULE
	return false;		/* vro.ko: vmlinux defines no VRO */
#else
	return !is_module_address((unsigned long)var);
#endif
}

/**
 * vro_var_boot_open() - may @var be written, as far as DEFINE_VRO_BOOT() goes?
 * @var: a registered variable, or one of the plain or const build
 *
 * Return: true unless @var is boot-only and the kernel runs (system_state
 * SYSTEM_RUNNING or later) or @var is a module's.
 */
bool vro_var_boot_open(const struct vro_var *var)
{
	return vro_boot_open(var->flags, vro_var_vmlinux(var),
			     READ_ONCE(system_state));
}

/**
 * vro_var_state() - "open", "read-mostly", "sealed", "boot" or "fixed"
 * @var: the variable
 *
 * A boot-only VRO (DEFINE_VRO_BOOT()) is "boot" while vmlinux may still set
 * it, "fixed" from then on.
 *
 * Return: the state's name.
 */
const char *vro_var_state(const struct vro_var *var)
{
	if (var->flags & VRO_VAR_BOOT)
		return !vro_sealed && vro_var_boot_open(var) ? "boot" : "fixed";
	if (var->flags & VRO_VAR_MOSTLY)
		return "read-mostly";
	return vro_sealed ? "sealed" : "open";
}

/**
 * vro_find_user_name() - a variable by its user-facing name
 * @name: "<name>" or "__vro_<name>", compared whole
 *
 * Caller holds vro_lock().
 *
 * Return: the variable or NULL.
 */
struct vro_var *vro_find_user_name(const char *name)
{
	size_t plen = strlen(VRO_VALUE_PREFIX);
	struct vro_var *var;

	vro_assert_locked();
	if (!strncmp(name, VRO_VALUE_PREFIX, plen))
		return vro_find_var(name);
	/* compare whole names in place: never truncate */
	list_for_each_entry(var, &vro_vars, list)
		if (!strcmp(var->name + plen, name))
			return var;
	return NULL;
}

/**
 * set_very_readonly() - seal every VRO (see <linux/vro.h>)
 *
 * Every seal path (the API, debugfs seal) ends here. Sealing is final, so
 * vro.ko takes a reference on itself that is never dropped: a fresh vro.ko
 * would start open, so this one must never be unloaded (modprobe -r of its
 * last user leaves it, rmmod refuses).
 */
void set_very_readonly(void)
{
	vro_lock();
	if (!vro_sealed) {
		__module_get(THIS_MODULE);	/* NULL, a no-op, when built in */
		pr_info("sealed: every variable not defined read-mostly is now part of the text%s\n",
			VRO_SEAL_NOTE);
	}
	vro_sealed = true;
	vro_unlock();
}
EXPORT_SYMBOL_GPL(set_very_readonly);

/**
 * vro_is_sealed() - whether set_very_readonly() has been called
 *
 * Return: true once sealed.
 */
bool vro_is_sealed(void)
{
	return READ_ONCE(vro_sealed);
}
EXPORT_SYMBOL_GPL(vro_is_sealed);

/**
 * vro_find_var() - look a registered variable up by symbol name
 * @name: "__vro_<name>"
 *
 * Caller holds vro_lock().
 *
 * Return: the variable or NULL.
 */
struct vro_var *vro_find_var(const char *name)
{
	struct vro_var *var;

	vro_assert_locked();
	list_for_each_entry(var, &vro_vars, list)
		if (!strcmp(var->name, name))
			return var;
	return NULL;
}

/**
 * vro_var_registered() - whether @var is one of the registered variables
 * @var: any struct vro_var pointer; nothing of it is read
 *
 * Decided by the registry, never by @var's own fields: a copy of a
 * registered variable's struct (memcpy() of a DEFINE_VRO() variable) has
 * the same name, owner and list pointers, but it is not on the list. The
 * walk costs one compare per registered variable (update paths only).
 * Caller holds vro_lock().
 *
 * Return: true if @var is on the list of registered variables.
 */
bool vro_var_registered(const struct vro_var *var)
{
	const struct vro_var *v;

	vro_assert_locked();
	list_for_each_entry(v, &vro_vars, list)
		if (v == var)
			return true;
	return false;
}

/**
 * vro_for_each_var() - call @fn for every registered variable
 * @fn: the callback
 * @data: passed to @fn
 *
 * Caller holds vro_lock().
 */
void vro_for_each_var(vro_var_fn_t fn, void *data)
{
	struct vro_var *var;

	vro_assert_locked();
	list_for_each_entry(var, &vro_vars, list)
		fn(var, data);
}

/**
 * vro_for_each_site() - call @fn for every live site of every module
 * @fn: the callback
 * @data: passed to @fn
 *
 * Caller holds vro_lock().
 */
void vro_for_each_site(vro_site_fn_t fn, void *data)
{
	struct vro_module *vmod;
	unsigned int i;

	vro_assert_locked();
	list_for_each_entry(vmod, &vro_modules, list)
		for (i = 0; i < vmod->desc->nr_sites; i++)
			if (vro_site_live(vmod, i))
				fn(vmod, i, data);
}

/* Caller holds vro_lock(). */
void vro_unregister_var(struct vro_var *var)
{
	struct vro_var_use *u;
	struct hlist_node *tmp;
	unsigned int j;

	vro_assert_locked();
	/*
	 * DECLARE_VRO() makes every reader hold a module reference on the
	 * definer; a reader built without it does not, and may still have
	 * sites here. Forget them (they keep the last value written) and
	 * leave nothing of that reader pointing at @var, which is freed next.
	 */
	hlist_for_each_entry_safe(u, tmp, &var->uses, node) {
		pr_err("%s is still read by %s, which does not declare it with DECLARE_VRO(): its %u site(s) keep %#llx and are forgotten; declare the VROs a module reads with DECLARE_VRO()\n",
		       var->name, vro_owner_name(u->vmod->mod), u->nr, var->value);
		for (j = 0; j < u->nr; j++) {
			unsigned int i = u->vmod->by_var[u->first + j];

			u->vmod->vars[i] = NULL;
			set_bit(i, u->vmod->gone);
		}
		u->nr = 0;
		u->var = NULL;
		hlist_del_init(&u->node);
	}
	list_del_init(&var->list);
	var->owner = NULL;
	var->nr_sites = 0;
}

/* Caller holds vro_lock(). */
int vro_register_var(struct module *mod, struct vro_var *var)
{
	vro_assert_locked();
	if (strncmp(var->name, VRO_VALUE_PREFIX, strlen(VRO_VALUE_PREFIX)) ||
	    !is_power_of_2(var->size) || var->size > 8) {
		pr_err("%s: variable %s: bad name or size %u\n",
		       vro_owner_name(mod), var->name, var->size);
		return -EINVAL;
	}
	if (vro_find_var(var->name)) {
		pr_err("%s: variable %s is already defined\n",
		       vro_owner_name(mod), var->name);
		return -EEXIST;
	}
	var->value = var->def;
	var->nr_sites = 0;
	INIT_HLIST_HEAD(&var->uses);
	var->owner = mod;
	list_add_tail(&var->list, &vro_vars);
	return 0;
}

/* The record of @mod, NULL if it has no site table. Caller holds vro_lock(). */
struct vro_module *vro_find_vmod(struct module *mod)
{
	struct vro_module *vmod;

	vro_assert_locked();
	list_for_each_entry(vmod, &vro_modules, list)
		if (vmod->mod == mod)
			return vmod;
	return NULL;
}

/**
 * vro_for_each_vmod() - call @fn for every registered site table
 * @fn: the callback
 * @data: passed to @fn
 *
 * Caller holds vro_lock().
 */
void vro_for_each_vmod(void (*fn)(struct vro_module *vmod, void *data), void *data)
{
	struct vro_module *vmod;

	vro_assert_locked();
	list_for_each_entry(vmod, &vro_modules, list)
		fn(vmod, data);
}

/*
 * Put @vmod, whose sites are written, on the list of registered modules.
 * Caller holds vro_lock().
 */
void vro_add_vmod(struct vro_module *vmod)
{
	vro_assert_locked();
	list_add_tail(&vmod->list, &vro_modules);
}

/* ---- per-variable site lists ------------------------------------------ */

/* Order value sites by variable, then by index (sort_r() of vmod->by_var). */
static int vro_cmp_site(const void *a, const void *b, const void *priv)
{
	const struct vro_module *vmod = priv;
	unsigned int i = *(const unsigned int *)a, j = *(const unsigned int *)b;
	unsigned long x = (unsigned long)vmod->vars[i];
	unsigned long y = (unsigned long)vmod->vars[j];

	vro_assert_locked();	/* sort_r() from vro_uses_build() */
	if (x != y)
		return x < y ? -1 : 1;
	return i < j ? -1 : i > j;
}

/**
 * vro_uses_build() - group a module's value sites by variable
 * @vmod: the module, its sites validated (@vmod->vars filled)
 *
 * Fills @vmod->by_var and @vmod->uses; nothing is linked to the variables yet
 * (vro_uses_link()), so a refused module leaves them untouched. Caller
 * holds vro_lock().
 *
 * Return: 0 or -ENOMEM.
 */
int vro_uses_build(struct vro_module *vmod)
{
	unsigned int i, n = 0, k;

	vro_assert_locked();
	for (i = 0; i < vmod->desc->nr_sites; i++)
		if (vmod->vars[i])
			n++;
	vmod->by_var = kvcalloc(max(n, 1U), sizeof(*vmod->by_var), GFP_KERNEL);
	if (!vmod->by_var)
		return -ENOMEM;
	for (i = 0, k = 0; i < vmod->desc->nr_sites; i++)
		if (vmod->vars[i])
			vmod->by_var[k++] = i;
	sort_r(vmod->by_var, n, sizeof(*vmod->by_var), vro_cmp_site, NULL, vmod);
	for (k = 0; k < n; k++)
		if (!k || vmod->vars[vmod->by_var[k]] != vmod->vars[vmod->by_var[k - 1]])
			vmod->nr_uses++;
	vmod->uses = kvcalloc(max(vmod->nr_uses, 1U), sizeof(*vmod->uses),
			      GFP_KERNEL);
	if (!vmod->uses)
		return -ENOMEM;
	for (k = 0, i = 0; k < n; k++) {
		struct vro_var *var = vmod->vars[vmod->by_var[k]];

		if (k && var != vmod->vars[vmod->by_var[k - 1]])
			i++;
		if (!vmod->uses[i].var) {
			INIT_HLIST_NODE(&vmod->uses[i].node);
			vmod->uses[i].var = var;
			vmod->uses[i].vmod = vmod;
			vmod->uses[i].first = k;
		}
		vmod->uses[i].nr++;
	}
	return 0;
}

/**
 * vro_uses_link() - put a module's sites on its variables' lists
 * @vmod: the module, its sites written
 *
 * Caller holds vro_lock().
 */
void vro_uses_link(struct vro_module *vmod)
{
	unsigned int i;

	vro_assert_locked();
	for (i = 0; i < vmod->nr_uses; i++) {
		struct vro_var_use *u = &vmod->uses[i];

		hlist_add_head(&u->node, &u->var->uses);
		u->var->nr_sites += u->nr;
	}
}

/**
 * vro_uses_unlink() - take a module's sites off its variables' lists
 * @vmod: the module, going
 *
 * Caller holds vro_lock().
 */
void vro_uses_unlink(struct vro_module *vmod)
{
	unsigned int i;

	vro_assert_locked();
	for (i = 0; i < vmod->nr_uses; i++) {
		struct vro_var_use *u = &vmod->uses[i];

		if (!u->var)		/* its definer went first */
			continue;
		u->var->nr_sites -= u->nr;
		u->nr = 0;
		hlist_del_init(&u->node);
	}
}

/**
 * vro_uses_forget_gone() - drop the sites no longer live from a module's lists
 * @vmod: the module, its init-text sites just forgotten (@vmod->vars NULL)
 *
 * Caller holds vro_lock().
 */
void vro_uses_forget_gone(struct vro_module *vmod)
{
	unsigned int i, j, k;

	vro_assert_locked();
	for (i = 0; i < vmod->nr_uses; i++) {
		struct vro_var_use *u = &vmod->uses[i];
		unsigned int *idx = vmod->by_var + u->first;

		if (!u->var)		/* its definer went first */
			continue;
		for (j = 0, k = 0; j < u->nr; j++)
			if (vmod->vars[idx[j]])
				idx[k++] = idx[j];
		u->var->nr_sites -= u->nr - k;
		u->nr = k;
		if (!k)
			hlist_del_init(&u->node);
	}
}

/* Is @addr in the init text of @vmod's owner (a module, or vmlinux)? */
static bool vro_in_init_text(const struct vro_module *vmod, unsigned long addr)
{
	if (vmod->mod)
		return within_module_init(addr, vmod->mod);
#ifdef MODULE
	return false;	/* vro.ko has no vmlinux tables */
#else
	return is_kernel_inittext(addr);
#endif
}

/**
 * vro_forget_init_sites() - forget a table's sites in init text
 * @vmod: a module's table at MODULE_STATE_LIVE, or one of vmlinux's at
 *	  late_initcall_sync: its owner's init text is freed next
 *
 * The sites are marked gone and taken off their variables' lists; a later
 * vro_set() no longer writes them. Caller holds vro_lock().
 */
void vro_forget_init_sites(struct vro_module *vmod)
{
	unsigned int i;

	vro_assert_locked();
	for (i = 0; i < vmod->desc->nr_sites; i++) {
		unsigned long a = (unsigned long)vro_site_addr(&vmod->sites[i]);

		if (!vro_in_init_text(vmod, a))
			continue;
		set_bit(i, vmod->gone);
		vmod->vars[i] = NULL;
	}
	vro_uses_forget_gone(vmod);
}
