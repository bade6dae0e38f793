// SPDX-License-Identifier: GPL-2.0
/*
 * One update of several VROs: every member checked against its
 * type and its sites, every VRO derived from a member recomputed and
 * checked, then every site of all of them written in one stop_machine()
 * batch (vro_patch_text()), or nothing. vro_set() is the one-member case.
 *
 * The plain build (vro/build.c) uses the same checks and derivation and
 * then stores its __read_mostly variables.
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "internal.h"

/* The name of @var without its "__vro_" prefix, for messages. */
static const char *vro_txn_name(const struct vro_var *var)
{
	return var->name + strlen(VRO_VALUE_PREFIX);
}

/* The build of @var: VRO_BUILD_VRO unless it is a vro_build_var. */
static u8 vro_txn_var_mode(const struct vro_var *var, u8 txn_mode)
{
	if (txn_mode == VRO_BUILD_VRO)
		return VRO_BUILD_VRO;
	return container_of(var, struct vro_build_var, var)->mode;
}

/* Index of @var among the members of @t, or -1. */
static int vro_txn_find(const struct vro_txn *t, const struct vro_var *var)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		if (t->ent[i].var == var)
			return i;
	return -1;
}

/*
 * May @var be written in @t (sealing, build)? Logs the refusal if @log.
 * In the vro build @var is registered: a member was checked by
 * vro_txn_check_members(), a derived VRO is its module's own.
 */
static int vro_txn_writable(const struct vro_txn *t, const struct vro_var *var,
			    bool log)
{
	u8 mode = vro_txn_var_mode(var, t->mode);

	if (mode == VRO_BUILD_CONST) {
		pr_err_ratelimited("%s is a compile-time constant in this module (built with VRO_BUILD=const): rebuild with VRO_BUILD=vro or plain to change it\n",
				   var->name);
		return -EPERM;
	}
	if (vro_is_sealed() && !(var->flags & VRO_VAR_MOSTLY)) {
		if (log)
			pr_err_ratelimited("%s is sealed (set_very_readonly()): nothing written\n",
					   vro_txn_name(var));
		return -EPERM;
	}
	return 0;
}

/* ---- derived VROs ------------------------------------------------------ */

static LIST_HEAD(vro_derived);		/* struct vro_derive.list */
static unsigned int vro_nr_derived;

/* Compute @d from @v; check the result against its type. */
static int vro_derive_compute(const struct vro_derive *d, const u64 *v,
			      u64 *out)
{
	const char *name = vro_txn_name(d->var);
	bool is_signed;
	int ret;

	ret = d->compute(v, out, &is_signed);
	if (ret) {
		pr_err_ratelimited("%s cannot be derived from %s = %#llx%s (%pe): nothing written\n",
				   name, vro_txn_name(d->deps[0]), v[0],
				   d->nr_deps > 1 ? ", ..." : "", ERR_PTR(ret));
		return ret;
	}
	if (!vro_var_fits(d->var, *out, is_signed)) {
		pr_err_ratelimited("%s: derived value %#llx (from %s = %#llx%s) does not fit its type%s: nothing written\n",
				   name, *out, vro_txn_name(d->deps[0]), v[0],
				   d->nr_deps > 1 ? ", ..." : "",
				   vro_var_narrow_ok(d->var, *out) ? "" :
				   VRO_NARROW_HINT);
		return -ERANGE;
	}
	return 0;
}

static int vro_txn_find(const struct vro_txn *t, const struct vro_var *var);
static int vro_txn_writable(const struct vro_txn *t, const struct vro_var *var,
			    bool log);

/* Recompute @d if a base of it is in @t; add or update its entry. */
static int vro_txn_derive_one(struct vro_txn *t, const struct vro_derive *d,
			      bool *changed)
{
	u64 v[VRO_DERIVE_MAX_DEPS], out;
	bool touched = false;
	unsigned int j;
	int i, ret;

	if (d->mode != t->mode)
		return 0;
	for (j = 0; j < d->nr_deps; j++) {
		i = vro_txn_find(t, d->deps[j]);
		touched |= i >= 0;
		v[j] = i >= 0 ? t->ent[i].value : d->deps[j]->value;
	}
	if (!touched)
		return 0;
	ret = vro_derive_compute(d, v, &out);
	if (ret)
		return ret;
	i = vro_txn_find(t, d->var);
	if (i < 0 && out == d->var->value)
		return 0;
	if (i >= 0 && out == t->ent[i].value)
		return 0;
	if (out != d->var->value) {
		ret = vro_txn_writable(t, d->var, true);
		if (ret)
			return ret;
	}
	if (i < 0) {
		if (WARN_ON_ONCE(t->n >= t->max))
			return -EINVAL;
		i = t->n++;
		t->ent[i].var = d->var;
	}
	t->ent[i].value = out;
	*changed = true;
	return 0;
}

/*
 * Add every variable derived from a member of @t, recomputed: to a fixed
 * point, since a derived VRO may be the base of another.
 */
static int vro_txn_derive(struct vro_txn *t)
{
	const struct vro_derive *d;
	unsigned int pass;
	bool changed;
	int ret;

	vro_assert_locked();
	for (pass = 0; pass <= vro_nr_derived; pass++) {
		changed = false;
		list_for_each_entry(d, &vro_derived, list) {
			ret = vro_txn_derive_one(t, d, &changed);
			if (ret)
				return ret;
		}
		if (!changed)
			return 0;
	}
	pr_err_ratelimited("derived VROs that depend on each other in a cycle: nothing written\n");
	return -ELOOP;
}

/*
 * Register @d of @mod: compute its value from its bases' current values.
 * Caller holds vro_lock().
 */
static int vro_derive_register(struct module *mod, struct vro_derive *d)
{
	const char *name = vro_txn_name(d->var);
	u64 v[VRO_DERIVE_MAX_DEPS], out;
	bool defaults = true;
	unsigned int j;
	int ret;

	vro_assert_locked();
	if (!d->nr_deps || d->nr_deps > VRO_DERIVE_MAX_DEPS ||
	    !(d->var->flags & VRO_VAR_DERIVED)) {
		pr_err("%s: derived VRO %s is malformed\n", vro_owner_name(mod), name);
		return -EINVAL;
	}
	for (j = 0; j < d->nr_deps; j++) {
		if (d->mode == VRO_BUILD_VRO && !vro_var_registered(d->deps[j])) {
			pr_err("%s: %s is derived from %s, which no loaded module defines\n",
			       vro_owner_name(mod), name, vro_txn_name(d->deps[j]));
			return -ENOENT;
		}
		v[j] = d->deps[j]->value;
		defaults &= v[j] == d->deps[j]->def;
	}
	ret = vro_derive_compute(d, v, &out);
	if (ret)
		return ret;
	if (defaults && out != d->var->def) {
		pr_err("%s: %s: its default %#llx is not what it is derived as from its bases' defaults (%#llx): fix the default of DEFINE_VRO_DERIVED()\n",
		       vro_owner_name(mod), name, d->var->def, out);
		return -EINVAL;
	}
	if (d->mode == VRO_BUILD_VRO)
		d->var->value = out;	/* before any site is written */
	else
		vro_build_store_var(d->var, out);	/* and its plain variable */
	list_add_tail(&d->list, &vro_derived);
	vro_nr_derived++;
	return 0;
}

/**
 * vro_derived_going - forget the derived VROs of a module
 * @mod: the module (NULL: vmlinux)
 *
 * Caller holds vro_lock().
 */
void vro_derived_going(struct module *mod)
{
	const struct kernel_param *kp;
	unsigned int i, num = vro_kparams(mod, &kp);

	vro_assert_locked();
	for (i = 0; i < num; i++) {
		struct vro_derive *d = kp[i].arg;

		if (kp[i].ops != &vro_derive_param_ops ||
		    list_empty(&d->list))
			continue;
		list_del_init(&d->list);
		vro_nr_derived--;
	}
}

/*
 * The derived VRO of @mod, not registered yet, that @var is (if any): a
 * base of another derived VRO that must be computed first. Before
 * registration a struct vro_derive's @list is empty (LIST_HEAD_INIT()).
 */
static const struct vro_derive *vro_derive_pending(struct module *mod,
						   const struct vro_var *var)
{
	const struct kernel_param *kp;
	unsigned int i, num = vro_kparams(mod, &kp);
	const struct vro_derive *d;

	if (!(var->flags & VRO_VAR_DERIVED))
		return NULL;
	for (i = 0; i < num; i++) {
		if (kp[i].ops != &vro_derive_param_ops)
			continue;
		d = kp[i].arg;
		if (d->var == var && list_empty(&d->list))
			return d;
	}
	return NULL;
}

/* The first base of @d that is a derived VRO of @mod still pending, or NULL. */
static const struct vro_var *vro_derive_waits(struct module *mod,
					      const struct vro_derive *d)
{
	unsigned int j;

	for (j = 0; j < d->nr_deps && j < VRO_DERIVE_MAX_DEPS; j++)
		if (vro_derive_pending(mod, d->deps[j]))
			return d->deps[j];
	return NULL;
}

/* Name every derived VRO of @mod left pending: they wait in a cycle. */
static void vro_derive_report_cycle(struct module *mod)
{
	const struct kernel_param *kp;
	unsigned int i, num = vro_kparams(mod, &kp);
	char buf[256];
	size_t len = 0;

	for (i = 0; i < num; i++) {
		const struct vro_derive *d = kp[i].arg;
		const struct vro_var *base;

		if (kp[i].ops != &vro_derive_param_ops ||
		    !list_empty(&d->list))
			continue;
		base = vro_derive_waits(mod, d);
		len += scnprintf(buf + len, sizeof(buf) - len, "%s%s (from %s)",
				 len ? ", " : "", vro_txn_name(d->var),
				 base ? vro_txn_name(base) : "?");
	}
	pr_err("%s: derived VROs in a dependency cycle (or derived from one): %s; fix their DEFINE_VRO_DERIVED() bases\n",
	       vro_owner_name(mod), buf);
}

/**
 * vro_derived_coming - register the derived VROs of a module being loaded
 * @mod: the module (NULL: vmlinux); its variables are registered already
 *
 * Each derived VRO gets the value its function gives for its bases'
 * current values, before any site of the module is written. They are
 * computed in dependency order, whatever the order of their definitions:
 * one derived from another derived VRO of @mod comes after it. Derived
 * VROs that depend on each other in a cycle refuse the module (-ELOOP),
 * named in the log. Caller holds vro_lock().
 *
 * Return: 0, or an errno (nothing of @mod stays registered here).
 */
int vro_derived_coming(struct module *mod)
{
	const struct kernel_param *kp;
	unsigned int i, pending, num = vro_kparams(mod, &kp);
	bool progress;
	int ret;

	vro_assert_locked();
	do {
		progress = false;
		pending = 0;
		for (i = 0; i < num; i++) {
			struct vro_derive *d = kp[i].arg;

			if (kp[i].ops != &vro_derive_param_ops ||
			    !list_empty(&d->list))
				continue;
			if (vro_derive_waits(mod, d)) {
				pending++;
				continue;
			}
			ret = vro_derive_register(mod, d);
			if (ret)
				goto forget;
			progress = true;
		}
	} while (pending && progress);
	if (!pending)
		return 0;
	vro_derive_report_cycle(mod);
	ret = -ELOOP;
forget:
	vro_derived_going(mod);
	return ret;
}

static int vro_derive_hidden_set(const char *val, const struct kernel_param *kp)
{
	pr_err("parameter %s is internal to vro\n", kp->name);
	return -EPERM;
}

static int vro_derive_hidden_get(char *buf, const struct kernel_param *kp)
{
	return -EPERM;
}

/**
 * DOC: vro_derive_param_ops - ops of the hidden parameter DEFINE_VRO_DERIVED() emits
 *
 * vro.ko finds a module's derived VROs (struct vro_derive) by these ops in
 * mod->kp; setting or reading the hidden parameter is refused (-EPERM).
 */
const struct kernel_param_ops vro_derive_param_ops = {
	.set = vro_derive_hidden_set,
	.get = vro_derive_hidden_get,
};
EXPORT_SYMBOL_GPL(vro_derive_param_ops);

/* ---- updates ------------------------------------------------------------ */

#define VRO_TXN_NAME_MAX	64

/*
 * The name of @var, a struct vro.ko has not registered, which may hold
 * anything: copied into @buf without faulting, or NULL if it cannot be
 * read or is not printable.
 */
static const char *vro_txn_read_name(const struct vro_var *var, char *buf,
				     size_t size)
{
	const char *name;
	size_t i;

	if (copy_from_kernel_nofault(&name, &var->name, sizeof(name)) || !name)
		return NULL;
	for (i = 0; i + 1 < size; i++) {
		if (copy_from_kernel_nofault(&buf[i], name + i, 1))
			return NULL;
		if (!buf[i])
			break;
		if (!isprint(buf[i]))
			return NULL;
	}
	buf[i] = '\0';
	return buf[0] ? buf : NULL;
}

/* Log why member @i of @n, @var, not a registered VRO, is refused. */
static void vro_txn_report_unregistered(const struct vro_var *var,
					unsigned int i, unsigned int n)
{
	size_t plen = strlen(VRO_VALUE_PREFIX);
	char buf[VRO_TXN_NAME_MAX], where[32] = "";
	const char *name = vro_txn_read_name(var, buf, sizeof(buf));
	const char *shown;

	vro_assert_locked();
	if (n > 1)
		snprintf(where, sizeof(where), "member %u of %u: ", i + 1, n);
	if (!name) {
		pr_err_ratelimited("%sa struct vro_var with no readable name is not a registered VRO (no loaded module defines it): nothing written\n",
				   where);
		return;
	}
	shown = strncmp(name, VRO_VALUE_PREFIX, plen) ? name : name + plen;
	if (vro_find_var(name))
		pr_err_ratelimited("%s%s: this struct vro_var is a copy, not the registered VRO: pass the variable itself (VRO_ITEM(%s, v), vro_set(%s, v)); nothing written\n",
				   where, shown, shown, shown);
	else
		pr_err_ratelimited("%s%s is not a registered VRO: no loaded module defines it (the module that defines it is not loaded, or DEFINE_VRO() did not make this struct); nothing written\n",
				   where, shown);
}

/*
 * Check the members the caller gave before any of them is read: there is
 * an array if @n > 0, every member names a variable, and in the vro build
 * a variable vro.ko registered (by its address: a copy of a registered
 * struct is not). Logs the culprit, even in a one-member update.
 */
static int vro_txn_check_members(const struct vro_item *items,
				 unsigned int n, u8 mode)
{
	unsigned int i;

	if (n && !items) {
		pr_err_ratelimited("an update of %u members whose array is NULL: nothing written\n",
				   n);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		if (!items[i].var) {
			pr_err_ratelimited("member %u of %u has no variable (.var is NULL): nothing written\n",
					   i + 1, n);
			return -EINVAL;
		}
	}
	if (mode != VRO_BUILD_VRO)
		return 0;
	for (i = 0; i < n; i++) {
		if (!vro_var_registered(items[i].var)) {
			vro_txn_report_unregistered(items[i].var, i, n);
			return -ENODEV;
		}
	}
	return 0;
}

/* Check one member given by the caller and add it to @t. */
static int vro_txn_add(struct vro_txn *t, const struct vro_item *it, bool log)
{
	struct vro_var *var = it->var;
	int ret;

	if (vro_txn_find(t, var) >= 0) {
		pr_err_ratelimited("%s is named twice in one update: nothing written\n",
				   vro_txn_name(var));
		return -EINVAL;
	}
	ret = vro_txn_writable(t, var, log);
	if (ret)
		return ret;
	if (var->flags & VRO_VAR_DERIVED) {
		pr_err_ratelimited("%s is derived from other VROs: set those instead; nothing written\n",
				   vro_txn_name(var));
		return -EPERM;
	}
	if (!vro_var_fits(var, it->raw, it->is_signed)) {
		if (log)
			pr_err_ratelimited("%s: value %#llx does not fit its type%s: nothing written\n",
					   vro_txn_name(var), it->raw,
					   vro_var_narrow_ok(var, it->raw) ? "" :
					   VRO_NARROW_HINT);
		return -ERANGE;
	}
	t->ent[t->n].var = var;
	t->ent[t->n].value = it->raw;
	t->n++;
	return 0;
}

/**
 * vro_txn_prepare - check the members of an update and derive the rest
 * @items: the members the caller gave
 * @n: how many
 * @mode: VRO_BUILD_VRO (@items are VROs) or VRO_BUILD_PLAIN (@items are
 *	  vro_build_vars of the plain or const build)
 * @t: receives every variable to write and its new value; vro_txn_free()
 *	  it whatever the result
 *
 * Every member is checked for a variable (and, in the vro build, a
 * registered one) before any member is read; @n == 0 is an update of
 * nothing (@items is not read). Caller holds vro_lock().
 *
 * Return: 0, or the errno of the first refused member (logged, naming it
 * when the update has more than one member; a missing or unregistered
 * variable always): nothing is written.
 */
int vro_txn_prepare(const struct vro_item *items, unsigned int n, u8 mode,
		    struct vro_txn *t)
{
	unsigned int i;
	int ret;

	vro_assert_locked();
	t->mode = mode;
	t->n = 0;
	t->max = 0;
	t->ent = NULL;
	if (n > VRO_SET_MAX) {
		pr_err_ratelimited("an update of %u VROs: at most %u (VRO_SET_MAX) may change at once; nothing written\n",
				   n, VRO_SET_MAX);
		return -E2BIG;
	}
	ret = vro_txn_check_members(items, n, mode);
	if (ret || !n)
		return ret;
	/* no overflow: n is bounded, and so is the number of derived VROs */
	t->max = n + vro_nr_derived;
	t->ent = kvcalloc(max(t->max, 1U), sizeof(*t->ent), GFP_KERNEL);
	if (!t->ent)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		ret = vro_txn_add(t, &items[i], n > 1);
		if (ret)
			return ret;
	}
	return vro_txn_derive(t);
}

/**
 * vro_txn_free - free what vro_txn_prepare() allocated
 * @t: the update
 */
void vro_txn_free(struct vro_txn *t)
{
	kvfree(t->ent);
	t->ent = NULL;
}

/* Patch every site of every member of @t that changes: one batch. */
static int vro_txn_patch(struct vro_txn *t)
{
	unsigned int i, k = 0, nr, total = 0;
	struct vro_patch *p;
	int ret = 0;

	vro_assert_locked();
	for (i = 0; i < t->n; i++)
		if (t->ent[i].value != t->ent[i].var->value)
			total += t->ent[i].var->nr_sites;
	p = kvcalloc(max(total, 1U), sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	for (i = 0; i < t->n && !ret; i++) {
		struct vro_var *var = t->ent[i].var;

		if (t->ent[i].value == var->value)
			continue;
		ret = vro_var_batch(var, t->ent[i].value, p + k, &nr);
		if (!ret)
			k += nr;
	}
	if (!ret)
		ret = vro_patch_text(p, k, true);
	if (!ret)
		for (i = 0; i < t->n; i++)
			WRITE_ONCE(t->ent[i].var->value, t->ent[i].value);
	kvfree(p);
	return ret;
}

/**
 * vro_txn_set_locked - check and write an update of VROs in one batch
 * @items: the members
 * @n: how many
 *
 * Caller holds vro_lock(). vro_set() is the case @n == 1.
 *
 * Return: as vro_set_items().
 */
int vro_txn_set_locked(const struct vro_item *items, unsigned int n)
{
	struct vro_txn t;
	int ret;

	vro_assert_locked();
	ret = vro_txn_prepare(items, n, VRO_BUILD_VRO, &t);
	if (!ret)
		ret = vro_txn_patch(&t);
	vro_txn_free(&t);
	return ret;
}

/**
 * vro_set_items - change several VROs in one batch (see vro_set_many())
 * @items: the members, each a VRO and its new value; may be NULL if @n is 0
 * @n: how many; 0 is an update of nothing, which returns 0
 *
 * Every member is first checked for a variable (a NULL @items or .var is
 * refused with -EINVAL) that vro.ko registered (the struct DEFINE_VRO()
 * made, found by its address: else -ENODEV, a copy of it too), before any
 * member is read. Then every member is checked (type, sealing, every
 * site), every VRO derived from a member is recomputed and checked, then
 * all their sites are written in one stop_machine() batch, or nothing is.
 * Sleeps.
 *
 * Return: 0, -ERANGE, -EPERM, -EINVAL, -ENODEV, -E2BIG, -EBUSY, -ENOMEM or
 * the errno of a derivation, as documented at vro_set_many(); on error
 * nothing was written.
 */
int vro_set_items(const struct vro_item *items, unsigned int n)
{
	int ret;

	might_sleep();
	vro_lock();
	ret = vro_txn_set_locked(items, n);
	vro_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vro_set_items);
