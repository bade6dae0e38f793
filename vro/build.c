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

static DEFINE_MUTEX(vro_build_mutex);	/* one writer per variable at a time */

/* The variable's current value, sign-extended for signed types. */
static u64 vro_build_load(const struct vro_build_var *bv)
{
	bool sx = bv->var.flags & VRO_VAR_SIGNED;

	switch (bv->var.size) {
	case 1:
		return sx ? (u64)(s64)READ_ONCE(*(s8 *)bv->addr) :
			    READ_ONCE(*(u8 *)bv->addr);
	case 2:
		return sx ? (u64)(s64)READ_ONCE(*(s16 *)bv->addr) :
			    READ_ONCE(*(u16 *)bv->addr);
	case 4:
		return sx ? (u64)(s64)READ_ONCE(*(s32 *)bv->addr) :
			    READ_ONCE(*(u32 *)bv->addr);
	default:
		return READ_ONCE(*(u64 *)bv->addr);
	}
}

/* Store @v into the plain variable; caller holds vro_build_mutex. */
static void vro_build_store(struct vro_build_var *bv, u64 v)
{
	lockdep_assert_held(&vro_build_mutex);
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
 * vro_build_store_var - store a value computed by vro.ko into a plain variable
 * @var: the &vro_build_var.var of a variable of the plain build
 * @v: its value (canonical: sign-extended if signed)
 *
 * For a derived variable computed when its module loads (txn.c): the
 * plain variable and its mirror @var->value get @v. A variable of the
 * const build is left alone (its value is compiled in). Caller holds
 * vro_lock().
 */
void vro_build_store_var(struct vro_var *var, u64 v)
{
	struct vro_build_var *bv = container_of(var, struct vro_build_var, var);

	vro_assert_locked();
	if (bv->mode != VRO_BUILD_PLAIN)
		return;
	mutex_lock(&vro_build_mutex);
	vro_build_store(bv, v);
	mutex_unlock(&vro_build_mutex);
}

/**
 * vro_build_set_var - vro_set() of the plain and const builds
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
 * vro_build_set_items_locked - vro_build_set_items() with vro_lock() held
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
	if (!ret) {
		mutex_lock(&vro_build_mutex);
		for (i = 0; i < t.n; i++)
			vro_build_store(container_of(t.ent[i].var,
						     struct vro_build_var, var),
					t.ent[i].value);
		mutex_unlock(&vro_build_mutex);
	}
	vro_txn_free(&t);
	return ret;
}

/**
 * vro_build_set_items - vro_set_many() of the plain and const builds
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

static int vro_build_param_set(const char *val, const struct kernel_param *kp)
{
	struct vro_build_var *bv = kp->arg;
	bool is_signed;
	u64 raw;
	int ret;

	if (bv->mode == VRO_BUILD_CONST) {
		/* refused whatever the text: checked before parsing */
		pr_err_ratelimited("%s is a compile-time constant in this module (built with VRO_BUILD=const): rebuild with VRO_BUILD=vro or plain to change it\n",
				   bv->var.name);
		ret = -EPERM;
	} else {
		ret = vro_user_value(&bv->var, val, &raw, &is_signed);
		if (!ret)
			ret = vro_build_set_var(bv, raw, is_signed);
	}
	if (ret)
		pr_err_ratelimited("parameter %s%s%.*s refused (%pe)\n",
				   kp->name, val ? "=" : "",
				   val ? (int)strcspn(val, "\n") : 0,
				   val ?: "", ERR_PTR(ret));
	return ret;
}

static int vro_build_param_get(char *buf, const struct kernel_param *kp)
{
	struct vro_build_var *bv = kp->arg;
	int len = vro_format(&bv->var, vro_build_load(bv), buf, PAGE_SIZE - 1);

	buf[len++] = '\n';
	return len;
}

/**
 * DOC: vro_build_param_ops - ops behind module_param_vro() in the plain and
 * const builds
 *
 * A write is a vro_build_set_var() of the variable in kp->arg, parsed as
 * vro_tunable_param_ops parses it: -EPERM for a pointer, a bare name (no
 * '=') sets a bool to true and is refused for any other type. In the const
 * build every write is refused with -EPERM before the text is parsed (a
 * malformed value too). A read prints the variable's current value.
 */
const struct kernel_param_ops vro_build_param_ops = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = vro_build_param_set,
	.get = vro_build_param_get,
};
EXPORT_SYMBOL_GPL(vro_build_param_ops);
