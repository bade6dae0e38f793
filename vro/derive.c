// SPDX-License-Identifier: GPL-2.0
/*
 * Derived VROs (DEFINE_VRO_DERIVED()): values computed from other VROs,
 * registered with their module in dependency order, recomputed by every
 * update of a base (txn.c), and the store of the plain build's variables
 * (a derived value of the plain build is stored as it is computed; build.c
 * stores its updates the same way).
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/kernel.h>
#include <linux/module.h>

#include "internal.h"

static LIST_HEAD(vro_derived);		/* struct vro_derive.list */
static unsigned int vro_nr_derived;

/*
 * Store @v into the plain variable of @bv and its mirror; the const build
 * is left alone (its value is compiled in). Caller holds vro_lock(), which
 * makes it the one writer; readers read the variable without a lock.
 */
void vro_build_store(struct vro_build_var *bv, u64 v)
{
	vro_assert_locked();
	if (bv->mode != VRO_BUILD_PLAIN)
		return;
	switch (bv->var.size) {
	case 1:
		WRITE_ONCE(*(u8 *)bv->addr, v);
		break;
	case 2:
		WRITE_ONCE(*(u16 *)bv->addr, v);
		break;
	case 4:
		WRITE_ONCE(*(u32 *)bv->addr, v);
		break;
	default:
		WRITE_ONCE(*(u64 *)bv->addr, v);
		break;
	}
	WRITE_ONCE(bv->var.value, v);
}

/**
 * vro_derived_count() - how many derived VROs are registered
 *
 * Caller holds vro_lock().
 *
 * Return: their number (a chain of derivations is at most this long).
 */
unsigned int vro_derived_count(void)
{
	vro_assert_locked();
	return vro_nr_derived;
}

/**
 * vro_derived_each() - call @fn for every registered derived VRO
 * @fn: the callback; a non-zero return stops the walk
 * @arg: passed to @fn
 *
 * Caller holds vro_lock().
 *
 * Return: 0, or what @fn returned.
 */
int vro_derived_each(int (*fn)(const struct vro_derive *d, void *arg),
		     void *arg)
{
	const struct vro_derive *d;
	int ret;

	vro_assert_locked();
	list_for_each_entry(d, &vro_derived, list) {
		ret = fn(d, arg);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Compute @d from @v (its bases' values); check the result against its
 * type. The culprit is logged.
 */
int vro_derive_compute(const struct vro_derive *d, const u64 *v,
		       u64 *out)
{
	const char *name = vro_var_name(d->var);
	bool is_signed;
	int ret;

	ret = d->compute(v, out, &is_signed);
	if (ret) {
		pr_err_ratelimited("%s cannot be derived from %s = %#llx%s (%pe): nothing written\n",
				   name, vro_var_name(d->deps[0]), v[0],
				   d->nr_deps > 1 ? ", ..." : "", ERR_PTR(ret));
		return ret;
	}
	if (!vro_var_fits(d->var, *out, is_signed)) {
		pr_err_ratelimited("%s: derived value %#llx (from %s = %#llx%s) does not fit its type%s: nothing written\n",
				   name, *out, vro_var_name(d->deps[0]), v[0],
				   d->nr_deps > 1 ? ", ..." : "",
				   vro_var_narrow_ok(d->var, *out) ? "" :
				   VRO_NARROW_HINT);
		return -ERANGE;
	}
	return 0;
}

/*
 * Register @d of @mod: compute its value from its bases' current values.
 * Caller holds vro_lock().
 */
static int vro_derive_register(struct module *mod, struct vro_derive *d)
{
	const char *name = vro_var_name(d->var);
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
			       vro_owner_name(mod), name, vro_var_name(d->deps[j]));
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
		vro_build_store(container_of(d->var, struct vro_build_var, var),
				out);	/* and its plain variable */
	list_add_tail(&d->list, &vro_derived);
	vro_nr_derived++;
	return 0;
}

/**
 * vro_derived_going() - forget the derived VROs of a module
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
				 len ? ", " : "", vro_var_name(d->var),
				 base ? vro_var_name(base) : "?");
	}
	pr_err("%s: derived VROs in a dependency cycle (or derived from one): %s; fix their DEFINE_VRO_DERIVED() bases\n",
	       vro_owner_name(mod), buf);
}

/**
 * vro_derived_coming() - register the derived VROs of a module being loaded
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
