// SPDX-License-Identifier: GPL-2.0
/*
 * The write paths of the plain and const builds (see
 * <linux/vro_build.h>): vro_set() and module_param_vro() of a module built
 * with VRO_BUILD=plain write its __read_mostly variable, under the same
 * type check and sealing rule as a VRO; with VRO_BUILD=const every write
 * is refused.
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>

#include "internal.h"

/**
 * vro_build_set_var() - vro_set() of the plain and const builds
 * @bv: the variable
 * @raw: the new value as 64 bits (sign-extended if @is_signed)
 * @is_signed: the caller's expression had a signed type
 *
 * Plain build: checks @raw against the C type and, unless the variable was
 * defined with DEFINE_VRO_MOSTLY(), refuses once set_very_readonly() has
 * been called, exactly like vro_set(); then stores it into the variable.
 * Const build: the value is compiled into the code, every write is refused.
 *
 * Return: 0; -EPERM (const build, or sealed); -ERANGE (does not fit).
 */
int vro_build_set_var(struct vro_build_var *bv, u64 raw, bool is_signed)
{
	const struct vro_item it = {
		.var = &bv->var, .raw = raw, .is_signed = is_signed,
	};

	return vro_build_set_items(&it, 1);
}
EXPORT_SYMBOL_GPL(vro_build_set_var);

/**
 * vro_build_set_items_locked() - vro_build_set_items() with vro_lock() held
 * @items: the members (see vro_build_set_items())
 * @n: how many
 *
 * For the command line of a plain or const vmlinux (vmlinux.c), which
 * holds vro_lock() while it applies every vro.<name>=<value>.
 *
 * Return: as vro_build_set_items().
 */
int vro_build_set_items_locked(const struct vro_item *items, unsigned int n)
{
	struct vro_txn t;
	unsigned int i;
	int ret;

	vro_assert_locked();
	ret = vro_txn_prepare(items, n, VRO_BUILD_PLAIN, &t);
	for (i = 0; !ret && i < t.n; i++)
		vro_build_store(container_of(t.ent[i].var, struct vro_build_var,
					     var), t.ent[i].value);
	vro_txn_free(&t);
	return ret;
}

/**
 * vro_build_set_items() - vro_set_many() of the plain and const builds
 * @items: the members; each @var is the &vro_build_var.var of a plain or
 *	   const variable
 * @n: how many
 *
 * Every member is checked as vro_set_items() checks it (type, sealing, a
 * derived variable refused), every variable derived from a member is
 * recomputed, then all are stored, one after the other: a reader may see
 * a mix. A member of the const build refuses the whole update.
 *
 * Return: 0 (also for @n == 0, @items not read); -EPERM (const build,
 * sealed, derived); -ERANGE (a value does not fit); -EINVAL (a variable
 * named twice, a member with no variable, or @items NULL with @n > 0);
 * -E2BIG (more than VRO_SET_MAX members); on error nothing is stored.
 */
int vro_build_set_items(const struct vro_item *items, unsigned int n)
{
	int ret;

	vro_lock();
	ret = vro_build_set_items_locked(items, n);
	vro_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vro_build_set_items);
