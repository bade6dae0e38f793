// SPDX-License-Identifier: GPL-2.0
/*
 * Updates: one update of several VROs, every member checked against its
 * type and its sites, every VRO derived from a member recomputed and
 * checked (derive.c), then every site of all of them written in one
 * stop_machine() batch (vro_patch_text()), or nothing. vro_set() and the
 * other single-VRO entry points are the one-member case.
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
	if (!vro_var_boot_open(var)) {
		if (log)
			pr_err_ratelimited("%s is boot-only (DEFINE_VRO_BOOT()): only vmlinux sets it, while it boots; nothing written\n",
					   vro_var_name(var));
		return -EPERM;
	}
	if (vro_is_sealed() && !(var->flags & VRO_VAR_MOSTLY)) {
		if (log)
			pr_err_ratelimited("%s is sealed (set_very_readonly()): nothing written\n",
					   vro_var_name(var));
		return -EPERM;
	}
	return 0;
}

/* A pass of vro_txn_derive() over the derived VROs. */
struct vro_txn_pass {
	struct vro_txn *t;
	bool changed;
};

/* Recompute @d if a base of it is in @arg's update; add or update its entry. */
static int vro_txn_derive_one(const struct vro_derive *d, void *arg)
{
	struct vro_txn_pass *p = arg;
	struct vro_txn *t = p->t;
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
	p->changed = true;
	return 0;
}

/*
 * Add every variable derived from a member of @t, recomputed: to a fixed
 * point, since a derived VRO may be the base of another.
 */
static int vro_txn_derive(struct vro_txn *t)
{
	struct vro_txn_pass p = { .t = t };
	unsigned int pass;
	int ret;

	vro_assert_locked();
	for (pass = 0; pass <= vro_derived_count(); pass++) {
		p.changed = false;
		ret = vro_derived_each(vro_txn_derive_one, &p);
		if (ret)
			return ret;
		if (!p.changed)
			return 0;
	}
	pr_err_ratelimited("derived VROs that depend on each other in a cycle: nothing written\n");
	return -ELOOP;
}

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
				   vro_var_name(var));
		return -EINVAL;
	}
	ret = vro_txn_writable(t, var, log);
	if (ret)
		return ret;
	if (var->flags & VRO_VAR_DERIVED) {
		pr_err_ratelimited("%s is derived from other VROs: set those instead; nothing written\n",
				   vro_var_name(var));
		return -EPERM;
	}
	if (!vro_var_fits(var, it->raw, it->is_signed)) {
		if (log)
			pr_err_ratelimited("%s: value %#llx does not fit its type%s: nothing written\n",
					   vro_var_name(var), it->raw,
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
 * vro_txn_prepare() - check the members of an update and derive the rest
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
	t->max = n + vro_derived_count();
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
 * vro_txn_free() - free what vro_txn_prepare() allocated
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
 * vro_txn_set_locked() - check and write an update of VROs in one batch
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
 * vro_set_items() - change several VROs in one batch (see vro_set_many())
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

/* Say why @value of @var does not fit the shift site @s at @addr. */
static void vro_shift_refused(const struct vro_var *var,
			      const struct vro_site *s, u64 value, void *addr)
{
	char val[32];

	vro_format(var, value, val, sizeof(val));
	pr_info_ratelimited("%s: value %s is not a count of the %u-bit shift at %pS (addend %d): it takes 0..%u; nothing patched\n",
			    var->name, val, vro_site_shift_max(s) + 1, addr,
			    s->addend, vro_site_shift_max(s));
}

/*
 * Build the batch that moves every site of @var from its value to @value:
 * at most @var->nr_sites patches in @p, their number in @n. Only @var's
 * own sites are visited (its @uses list).
 */
int vro_var_batch(struct vro_var *var, u64 value, struct vro_patch *p,
		  unsigned int *n)
{
	struct vro_var_use *u;
	unsigned int i, j, k = 0;
	int ret;

	vro_assert_locked();
	hlist_for_each_entry(u, &var->uses, node) {
		for (j = 0; j < u->nr; j++) {
			const struct vro_site *s;

			i = u->vmod->by_var[u->first + j];
			s = &u->vmod->sites[i];
			if (WARN_ON_ONCE(k >= var->nr_sites ||
					 u->vmod->vars[i] != var))
				return -EINVAL;
			vro_site_patch(u->vmod, i, &p[k]);
			ret = vro_site_encode(var, s, var->value, p[k].old);
			if (!ret)
				ret = vro_site_encode(var, s, value, p[k].new);
			if (ret && vro_site_shift_max(s)) {
				vro_shift_refused(var, s, value, p[k].addr);
				return ret;
			}
			if (ret) {
				pr_info_ratelimited("%s: value %#llx does not fit site %pS (reloc type %u, addend %d); nothing patched\n",
					var->name, value, p[k].addr, s->type, s->addend);
				return ret;
			}
			k++;
		}
	}
	*n = k;
	return 0;
}

/* Caller holds vro_lock(). A one-member update. */
static int vro_set_locked(struct vro_var *var, u64 raw, bool is_signed)
{
	const struct vro_item it = {
		.var = var, .raw = raw, .is_signed = is_signed,
	};

	vro_assert_locked();
	return vro_txn_set_locked(&it, 1);
}

/**
 * vro_set_var() - set a VRO's value and re-patch all its sites (see vro_set())
 * @var: the variable
 * @raw: the new value as 64 bits (sign-extended if @is_signed)
 * @is_signed: the caller's expression had a signed type
 *
 * Return: 0, -ERANGE, -EPERM, -EBUSY, -EINVAL, -ENODEV or -ENOMEM as
 * documented at vro_set(); -EINVAL too if @var is NULL.
 */
int vro_set_var(struct vro_var *var, u64 raw, bool is_signed)
{
	int ret;

	might_sleep();
	vro_lock();
	ret = vro_set_locked(var, raw, is_signed);
	vro_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vro_set_var);

/**
 * vro_set_named() - set a variable given its name and a value as text
 * @name: "<name>" or "__vro_<name>", compared whole
 * @val: the value as text (see vro_parse())
 *
 * Return: 0; -ENOENT for an unknown name; -EPERM for a pointer VRO;
 * -EINVAL for text that is not a value; else as vro_set_var().
 */
int vro_set_named(const char *name, const char *val)
{
	struct vro_var *var;
	bool is_signed;
	u64 raw;
	int ret;

	vro_lock();
	var = vro_find_user_name(name);
	ret = var ? vro_user_value(var, val, &raw, &is_signed) : -ENOENT;
	if (!ret)
		ret = vro_set_locked(var, raw, is_signed);
	vro_unlock();
	return ret;
}
