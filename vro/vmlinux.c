// SPDX-License-Identifier: GPL-2.0
/*
 * The vro core built into vmlinux (CONFIG_VRO=y): vmlinux's own VROs.
 *
 * tools/vrolink --builtin gave every object of vmlinux that reads a VRO a
 * site table of its own; the linker script put them one after another
 * between __start_vro_module and __stop_vro_module. Early in start_kernel(),
 * right after the alternatives are applied and while one CPU runs,
 * vro_vmlinux_boot() (called by main.c's vro_vmlinux_init()) registers
 * every VRO that built-in code defines, writes every site of every table,
 * then applies vro.<name>=<value> from the command line as vro_set() would
 * (stop_machine() runs its function directly this early), before any of
 * that code runs. From then on vmlinux is one more owner of variables and
 * sites: vro_set(), debugfs and sealing work as for
 * modules, through text_poke.c. Sites in init text are forgotten at
 * late_initcall_sync, before init memory is freed; vro.seal seals there.
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysctl.h>
#include <asm/sections.h>

#include "internal.h"
#include "kcompat.h"

static bool vro_boot_seal;
module_param_named(seal, vro_boot_seal, bool, 0444);
MODULE_PARM_DESC(seal, "set_very_readonly() once the kernel's initcalls are done");

/* Is "vro.<name>" one of the core's own parameters (vro.pv, vro.seal)? */
static bool __init vro_own_param(const char *param)
{
	const struct kernel_param *kp;

	for (kp = __start___param; kp < __stop___param; kp++)
		if (kp->perm && parameq(kp->name, param))
			return true;
	return false;
}

/*
 * The variable of the plain or const build that vmlinux defines as
 * @name: DEFINE_VRO() of those builds emits a hidden parameter with
 * vro_build_var_param_ops (their variables are not registered VROs).
 */
static struct vro_build_var *__init vro_build_var_named(const char *name)
{
	size_t plen = strlen(VRO_VALUE_PREFIX);
	const struct kernel_param *kp;
	struct vro_build_var *bv;

	for (kp = __start___param; kp < __stop___param; kp++) {
		if (kp->ops != &vro_build_var_param_ops)
			continue;
		bv = kp->arg;
		if (!strcmp(bv->var.name + plen, name))
			return bv;
	}
	return NULL;
}

/* vro.<name>=<val> for the plain or const build's @bv: as its vro_set() */
static int __init vro_cmdline_build(struct vro_build_var *bv, char *val)
{
	struct vro_item it = { .var = &bv->var };
	int ret;

	if (bv->mode == VRO_BUILD_CONST) {
		/* refused whatever the text, as every const-build write */
		pr_err("%s is a compile-time constant in this kernel (CONFIG_VRO_BUILD_CONST, or its object built with VRO_BUILD=const)\n",
		       bv->var.name + strlen(VRO_VALUE_PREFIX));
		return -EPERM;
	}
	ret = vro_user_value(&bv->var, val, &it.raw, &it.is_signed);
	return ret ?: vro_build_set_items_locked(&it, 1);
}

/* vro.<name>=<val> for vmlinux's VRO @var: checked against every site */
static int __init vro_cmdline_vro(struct vro_var *var, char *val)
{
	struct vro_item it = { .var = var };
	int ret;

	/* a bare vro.<bool> is true, as for a bool parameter */
	ret = vro_user_value(var, val, &it.raw, &it.is_signed);
	return ret ?: vro_txn_set_locked(&it, 1);
}

/*
 * parse_args() callback: vro.<name>=<value> sets vmlinux's VRO <name> as
 * vro_set() would (its sites hold the default already; a value that does
 * not fit the type or a site is refused with nothing written), or the
 * variable <name> of the plain build (refused in the const build), so
 * that one command line means the same in all three builds. Anything else
 * is not ours. A bad value is reported and the default kept: the kernel
 * boots either way. A boot-only VRO (DEFINE_VRO_BOOT()) is refused.
 */
static int __init vro_cmdline_arg(char *param, char *val, const char *doing,
				  void *arg)
{
	struct vro_build_var *bv = NULL;
	struct vro_var *var;
	const char *name;
	int ret;

	if (strncmp(param, "vro.", 4) || vro_own_param(param))
		return 0;
	name = param + 4;
	var = vro_find_user_name(name);
	if (!var || var->owner)
		bv = vro_build_var_named(name);
	if ((!var || var->owner) && !bv) {
		pr_err("%s=%s: vmlinux defines no VRO %s (a module's VROs are set with <module>.<parameter>=); ignored\n",
		       param, val ?: "", name);
		return 0;
	}
	if ((bv ? bv->var.flags : var->flags) & VRO_VAR_BOOT) {
		pr_err("%s=%s: %s is boot-only (DEFINE_VRO_BOOT()): the kernel sets it while it boots, the command line cannot; ignored\n",
		       param, val ?: "", name);
		return 0;
	}
	ret = bv ? vro_cmdline_build(bv, val) : vro_cmdline_vro(var, val);
	if (ret)
		pr_err("%s=%s: %pe; %s keeps its default\n", param, val ?: "",
		       ERR_PTR(ret), name);
	else
		pr_info("%s=%s from the command line\n", name, val ?: "y");
	return 0;
}

/* Apply every vro.<name>=<value> of the command line. */
static void __init vro_cmdline(void)
{
	char *args = kstrdup(saved_command_line, GFP_KERNEL);

	if (!args)
		return;		/* the allocator has said it; defaults stay */
	parse_args("vro", args, NULL, 0, 0, 0, NULL, vro_cmdline_arg);
	kfree(args);
}

/*
 * The first of vmlinux's tables once they are all registered, NULL if
 * there is none or one was malformed (vro_text_reserved() walks them).
 */
const struct vro_module_desc *vro_vmlinux_first __ro_after_init;

/* Register one object's table (its header checked) and write its sites. */
static int __init vro_vmlinux_object(const struct vro_module_desc *d,
				     unsigned int *nr_pv)
{
	struct vro_module *vmod;
	unsigned int i;
	int ret;

	vmod = vro_alloc_vmod(NULL, d);
	if (!vmod)
		return -ENOMEM;
	ret = vro_register_sites(vmod);
	if (ret) {
		vro_free_vmod(vmod);
		return ret;
	}
	/* its pv sites keep calling their trampolines: no client here */
	for (i = 0; i < d->nr_sites; i++)
		*nr_pv += vro_site_is_pv(&vmod->sites[i]);
	vro_uses_link(vmod);
	vro_add_vmod(vmod);
	return 0;
}

/* Say that table @n, at +@off, was refused with @err, naming its code. */
static void __init vro_vmlinux_refused(const struct vro_module_desc *d,
				       unsigned int n, unsigned long off,
				       int err)
{
	const struct vro_site *s = (const void *)d + d->sites_off;

	pr_err("vmlinux site table %u (+%#lx) refused (%pe): none of its %u sites (the first in %pS) is written, they read 0 for their VROs\n",
	       n, off, ERR_PTR(err), d->nr_sites,
	       d->nr_sites ? vro_site_addr(s) : NULL);
}

/**
 * vro_vmlinux_walk() - register vmlinux site tables and write their sites
 * @start: the first table
 * @stop: the end of the last one
 * @w: what was done, filled in
 *
 * The tables lie one after another, each found from the header of the one
 * before it. A table the core refuses (a site outside kernel and init
 * text, a VRO that nothing defines, no memory) is reported and skipped,
 * none of its sites written; every other table is written. Only a
 * malformed header stops the walk, as the next table cannot be found from
 * it: what is left is reported. Caller holds vro_lock().
 */
void __init vro_vmlinux_walk(const void *start, const void *stop,
			     struct vro_walk *w)
{
	const struct vro_module_desc *d = start;
	unsigned long off;

	vro_assert_locked();
	memset(w, 0, sizeof(*w));
	if ((const u8 *)start + sizeof(*d) > (const u8 *)stop)
		return;
	for (; d; d = vro_next_desc(d, stop), w->nr++) {
		int ret;

		off = (const u8 *)d - (const u8 *)start;
		if (vro_check_vmlinux_desc(d, start, stop)) {
			w->left = (const u8 *)stop - (const u8 *)d;
			pr_err("vmlinux site table %u (+%#lx) is malformed: the walk stops there, the %zu bytes of tables from it on are not written\n",
			       w->nr, off, w->left);
			return;
		}
		ret = vro_vmlinux_object(d, &w->nr_pv);
		if (ret) {
			w->refused++;
			vro_vmlinux_refused(d, w->nr, off, ret);
		}
	}
}

/**
 * vro_vmlinux_boot() - register vmlinux's VROs and write every vmlinux site
 *
 * Called once by vro_vmlinux_init() (main.c) in start_kernel(), after
 * arch_cpu_finalize_init(): one CPU runs and no code that reads a VRO has
 * run yet. A table that cannot be written leaves the VROs its sites read
 * at 0 there: that is reported as a kernel bug (WARN), every other table
 * is written and the boot goes on.
 */
void __init vro_vmlinux_boot(void)
{
	struct vro_walk w;
	int ret;

	vro_lock();
	ret = vro_register_vars(NULL);
	if (!ret)
		ret = vro_derived_coming(NULL);
	if (ret) {
		WARN(1, "vro: vmlinux's VROs cannot be registered (%pe): every vmlinux VRO reads 0\n",
		     ERR_PTR(ret));
		goto unlock;
	}
	vro_vmlinux_walk(__start_vro_module, __stop_vro_module, &w);
	if (w.nr && !w.left)
		vro_vmlinux_first = (const void *)__start_vro_module;
	WARN(w.refused || w.left,
	     "vro: %u vmlinux site tables refused%s: their sites read 0 for their VROs\n",
	     w.refused, w.left ? ", the walk stopped at a malformed one" : "");
	pr_info("vmlinux: %u objects with site tables written%s\n",
		w.nr - w.refused,
		w.nr_pv ? "; their pv sites call their trampolines" : "");
	/* like vro_set(): checked against every site, then all written */
	vro_cmdline();
unlock:
	vro_unlock();
}

/* Forget the sites of @vmod (vmlinux) in init text, about to be freed. */
static void __init vro_forget_init(struct vro_module *vmod, void *data)
{
	if (!vmod->mod)
		vro_forget_init_sites(vmod);
}

/* /proc/sys/vro/seal: reads 0 or 1; writing 1 seals, 0 is refused once sealed. */
static int vro_seal_sysctl(VRO_CTL_TABLE_CONST struct ctl_table *table,
			   int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	int val = vro_is_sealed();
	struct ctl_table t = {
		.data = &val, .maxlen = sizeof(val),
		.extra1 = SYSCTL_ZERO, .extra2 = SYSCTL_ONE,
	};
	int ret;

	ret = proc_dointvec_minmax(&t, write, buffer, lenp, ppos);
	if (ret || !write)
		return ret;
	if (val)
		set_very_readonly();
	else if (vro_is_sealed())
		return -EPERM;
	return 0;
}

static struct ctl_table vro_sysctl_table[] = {
	{
		.procname = "seal",
		.mode = 0644,
		.proc_handler = vro_seal_sysctl,
	},
	VRO_CTL_TABLE_END
};

/**
 * vro_vmlinux_late() - after the initcalls: forget init-text sites, seal
 *
 * Called from vro's late_initcall_sync (main.c).
 *
 * Return: 0.
 */
int __init vro_vmlinux_late(void)
{
	vro_lock();
	vro_for_each_vmod(vro_forget_init, NULL);
	vro_unlock();
	if (!register_sysctl("vro", vro_sysctl_table))
		pr_err("cannot register /proc/sys/vro/seal\n");
	if (vro_boot_seal)
		set_very_readonly();
	return 0;
}
