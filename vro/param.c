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
 * DOC: vro_reader_param_ops - ops of the hidden parameter DECLARE_VRO() emits
 *
 * Its arg is the declared variable (so modpost sees the dependency); vro.ko
 * refuses to load a module with such a parameter but no site table.
 * Setting or reading it is refused (-EPERM).
 */
const struct kernel_param_ops vro_reader_param_ops = {
	.set = vro_hidden_set,
	.get = vro_hidden_get,
};
EXPORT_SYMBOL_GPL(vro_reader_param_ops);

/* @val is NULL for a bare name (KERNEL_PARAM_OPS_FL_NOARG): bool only. */
static int vro_tunable_set(const char *val, const struct kernel_param *kp)
{
	struct vro_var *var = kp->arg;
	int ret = vro_set_string(var, val);

	if (ret)
		pr_err_ratelimited("parameter %s%s%.*s refused (%pe)\n",
				   kp->name, val ? "=" : "",
				   val ? (int)strcspn(val, "\n") : 0,
				   val ?: "", ERR_PTR(ret));
	return ret;
}

static int vro_tunable_get(char *buf, const struct kernel_param *kp)
{
	struct vro_var *var = kp->arg;
	int len = vro_format(var, READ_ONCE(var->value), buf, PAGE_SIZE - 1);

	buf[len++] = '\n';
	return len;
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
