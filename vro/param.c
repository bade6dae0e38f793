// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel_param ops of <linux/vro.h>: the hidden parameters by which
 * the module notifier finds a module's variables, site table and readers,
 * and module_param_vro()'s tunables.
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "internal.h"

static int vro_hidden_set(const char *val, const struct kernel_param *kp)
{
	pr_err("parameter %s is internal to vro; use module_param_vro()\n",
	       kp->name);
	return -EPERM;
}

static int vro_hidden_get(char *buf, const struct kernel_param *kp)
{
	return -EPERM;
}

/**
 * DOC: vro_var_param_ops - ops of the hidden parameter DEFINE_VRO() emits
 *
 * vro.ko's module notifier finds a module's variables by these ops in
 * mod->kp; setting or reading the hidden parameter is refused (-EPERM).
 */
const struct kernel_param_ops vro_var_param_ops = {
	.set = vro_hidden_set,
	.get = vro_hidden_get,
};
EXPORT_SYMBOL_GPL(vro_var_param_ops);

/**
 * DOC: vro_build_var_param_ops - ops of the hidden parameter that DEFINE_VRO()
 * emits in the plain and const builds
 *
 * Its arg is the &struct vro_build_var: built into vmlinux, the core finds
 * the plain and const variables of vro.<name>=<value> on the command line
 * by these ops in the __param section (vmlinux.c). Setting or reading the
 * hidden parameter is refused (-EPERM).
 */
const struct kernel_param_ops vro_build_var_param_ops = {
	.set = vro_hidden_set,
	.get = vro_hidden_get,
};
EXPORT_SYMBOL_GPL(vro_build_var_param_ops);

/**
 * DOC: vro_derive_param_ops - ops of the hidden parameter DEFINE_VRO_DERIVED() emits
 *
 * vro finds a module's derived VROs (struct vro_derive) by these ops in
 * mod->kp (derive.c); setting or reading the hidden parameter is refused
 * (-EPERM).
 */
const struct kernel_param_ops vro_derive_param_ops = {
	.set = vro_hidden_set,
	.get = vro_hidden_get,
};
EXPORT_SYMBOL_GPL(vro_derive_param_ops);

/**
 * DOC: vro_module_param_ops - ops of the hidden parameter VRO_MODULE() emits
 *
 * vro.ko's module notifier finds a module's site table by these ops in
 * mod->kp; setting or reading the hidden parameter is refused (-EPERM).
 */
const struct kernel_param_ops vro_module_param_ops = {
	.set = vro_hidden_set,
	.get = vro_hidden_get,
};
EXPORT_SYMBOL_GPL(vro_module_param_ops);

/**
 * DOC: vro_decl_param_ops - ops of the hidden parameter DECLARE_VRO() emits
 *
 * Its arg is the declaration (struct vro_decl), which names the variable
 * (so modpost sees the dependency); vro.ko refuses to load a module with
 * such a parameter but no site table, or whose declared type is not the
 * definition's. Setting or reading it is refused (-EPERM). (It was
 * vro_reader_param_ops, whose arg was the variable itself: a module built
 * against that header fails to load on an unknown symbol, not silently.)
 */
const struct kernel_param_ops vro_decl_param_ops = {
	.set = vro_hidden_set,
	.get = vro_hidden_get,
};
EXPORT_SYMBOL_GPL(vro_decl_param_ops);

/*
 * Set @var from user-space text (a parameter write).
 * @buf is the text (see vro_parse()); NULL for a bare parameter name,
 * which sets a bool to true and is refused for any other type. Returns 0
 * or a negative errno (-EPERM for a pointer VRO); on error nothing changed.
 */
static int vro_set_string(struct vro_var *var, const char *buf)
{
	bool is_signed;
	u64 raw;
	int ret;

	ret = vro_user_value(var, buf, &raw, &is_signed);
	if (ret)
		return ret;
	return vro_set_var(var, raw, is_signed);
}

/* Log a refused write of @kp (text @val, NULL if bare) and return @ret. */
static int vro_param_refused(const struct kernel_param *kp, const char *val,
			     int ret)
{
	if (ret)
		pr_err_ratelimited("parameter %s%s%.*s refused (%pe)\n",
				   kp->name, val ? "=" : "",
				   val ? (int)strcspn(val, "\n") : 0,
				   val ?: "", ERR_PTR(ret));
	return ret;
}

/* A parameter read: @value of @var as text, and a newline. */
static int vro_param_show(const struct vro_var *var, u64 value, char *buf)
{
	int len = vro_format(var, value, buf, PAGE_SIZE - 1);

	buf[len++] = '\n';
	return len;
}

/* @val is NULL for a bare name (KERNEL_PARAM_OPS_FL_NOARG): bool only. */
static int vro_tunable_set(const char *val, const struct kernel_param *kp)
{
	struct vro_var *var = kp->arg;
	int ret = vro_set_string(var, val);

	return vro_param_refused(kp, val, ret);
}

static int vro_tunable_get(char *buf, const struct kernel_param *kp)
{
	struct vro_var *var = kp->arg;

	return vro_param_show(var, READ_ONCE(var->value), buf);
}

/**
 * DOC: vro_tunable_param_ops - ops behind module_param_vro()
 *
 * A write is a vro_set() of the variable in kp->arg (parsed with the value
 * grammar, -EPERM once sealed or for a pointer, -ERANGE if a site cannot
 * hold it); a bare name (no '=') sets a bool to true, like a stock bool
 * parameter. A read prints the current value.
 */
const struct kernel_param_ops vro_tunable_param_ops = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = vro_tunable_set,
	.get = vro_tunable_get,
};
EXPORT_SYMBOL_GPL(vro_tunable_param_ops);

/* Is @kp the hidden parameter of a DEFINE_VRO()? */
static bool vro_is_var_kp(const struct kernel_param *kp)
{
	return kp->ops == &vro_var_param_ops;
}

/*
 * Unregister the variables of @mod (NULL: vmlinux) among its first @nr
 * parameters.
 */
void vro_unregister_vars(struct module *mod, unsigned int nr)
{
	const struct kernel_param *kp;
	unsigned int i, num = vro_kparams(mod, &kp);

	vro_assert_locked();
	for (i = 0; i < nr && i < num; i++) {
		struct vro_var *var = kp[i].arg;

		if (vro_is_var_kp(&kp[i]) && var->owner == mod &&
		    vro_var_registered(var))
			vro_unregister_var(var);
	}
}

/*
 * Register every variable @mod (NULL: vmlinux) defines, or none. Caller
 * holds vro_lock().
 */
int vro_register_vars(struct module *mod)
{
	const struct kernel_param *kp;
	unsigned int i, num = vro_kparams(mod, &kp);
	int ret;

	vro_assert_locked();
	for (i = 0; i < num; i++) {
		if (!vro_is_var_kp(&kp[i]))
			continue;
		ret = vro_register_var(mod, kp[i].arg);
		if (ret) {
			vro_unregister_vars(mod, i);
			return ret;
		}
	}
	return 0;
}

/* The descriptor of @mod, NULL if it has none, an ERR_PTR if several. */
const struct vro_module_desc *vro_find_desc(struct module *mod)
{
	const struct vro_module_desc *desc = NULL;
	unsigned int i;

	for (i = 0; i < mod->num_kp; i++) {
		if (mod->kp[i].ops != &vro_module_param_ops)
			continue;
		if (desc) {
			pr_err("%s: VRO_MODULE() used more than once\n",
			       mod->name);
			return ERR_PTR(-EINVAL);
		}
		desc = mod->kp[i].arg;
	}
	return desc;
}

/*
 * A module with DECLARE_VRO() or DEFINE_VRO() but no site table would read
 * 0 from every VRO: say so, naming the module, one VRO and the fix.
 */
bool vro_uses_vros(struct module *mod)
{
	unsigned int i;

	for (i = 0; i < mod->num_kp; i++) {
		const struct kernel_param *kp = &mod->kp[i];
		const struct vro_var *var = kp->arg;

		if (kp->ops == &vro_decl_param_ops)
			var = ((const struct vro_decl *)kp->arg)->var;
		else if (!vro_is_var_kp(kp))
			continue;
		pr_err("%s: uses VRO %s but has no VRO_MODULE() site table, so it would read 0: add VRO_MODULE(); to one of its source files and build it with tools/vrolink (make ext M=...)\n",
		       mod->name, var->name + strlen(VRO_VALUE_PREFIX));
		return true;
	}
	return false;
}

/*
 * Refuse @mod if a DECLARE_VRO() of it gives a VRO another type than its
 * DEFINE_VRO() (size, sign, pointer, bool): its reads would give wrong
 * values. Caller holds vro_lock() (the definitions' owners are stable).
 */
int vro_check_decls(struct module *mod)
{
	char want[8], have[8];
	unsigned int i;

	vro_assert_locked();
	for (i = 0; i < mod->num_kp; i++) {
		const struct kernel_param *kp = &mod->kp[i];
		const struct vro_decl *d = kp->arg;
		const struct vro_var *var;
		u8 f;

		if (kp->ops != &vro_decl_param_ops)
			continue;
		var = d->var;
		f = var->flags & VRO_DECL_FLAGS;
		if (d->size == var->size && d->flags == f)
			continue;
		pr_err("%s: declares VRO %s as %s, but %s defines it as %s: make the DECLARE_VRO() type match the DEFINE_VRO() (its reads would give wrong values)\n",
		       mod->name, var->name + strlen(VRO_VALUE_PREFIX),
		       vro_type_name_of(d->size, d->flags, want),
		       var->owner ? var->owner->name : "vmlinux",
		       vro_type_name(var, have));
		return -EINVAL;
	}
	return 0;
}

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
	return vro_param_refused(kp, val, ret);
}

static int vro_build_param_get(char *buf, const struct kernel_param *kp)
{
	struct vro_build_var *bv = kp->arg;

	return vro_param_show(&bv->var, vro_build_load(bv), buf);
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
