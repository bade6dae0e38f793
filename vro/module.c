// SPDX-License-Identifier: GPL-2.0
/*
 * The module notifier: at MODULE_STATE_COMING a module's variables and site
 * table are registered and every site written before any of its code can
 * run (or the module is refused, nothing left behind); at MODULE_STATE_LIVE
 * the sites of its init text are forgotten; at MODULE_STATE_GOING
 * everything of it is removed. The engine's client (the pv half) is told
 * of each module through client.c's hooks. main.c registers the notifier
 * (vro.ko's init; built in, at boot, before any module can be loaded).
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/kernel.h>
#include <linux/module.h>

#include "internal.h"

/*
 * Register @mod's variables and site table and write its sites, or refuse
 * it with nothing left behind. Caller holds vro_lock().
 */
static int vro_module_coming(struct module *mod)
{
	const struct vro_module_desc *desc = vro_find_desc(mod);
	struct vro_module *vmod;
	int ret;

	vro_assert_locked();
	if (IS_ERR(desc))
		return PTR_ERR(desc);
	if (!desc && vro_uses_vros(mod))
		return -ENOEXEC;
	ret = vro_register_vars(mod);
	if (ret)
		return ret;
	ret = vro_check_decls(mod);
	if (ret)
		goto unregister_vars_only;
	ret = vro_derived_coming(mod);
	if (ret)
		goto unregister_vars;
	if (!desc)
		return 0;
	ret = vro_check_desc(mod, desc);
	if (ret)
		goto unregister_vars;
	ret = -ENOMEM;
	vmod = vro_alloc_vmod(mod, desc);
	if (!vmod)
		goto unregister_vars;
	ret = vro_register_sites(vmod);
	if (ret)
		goto free_vmod;
	ret = vro_client_coming(vmod);
	if (ret)
		goto free_vmod;
	vro_uses_link(vmod);
	vro_add_vmod(vmod);
	return 0;

free_vmod:
	vro_free_vmod(vmod);
unregister_vars:
	vro_derived_going(mod);
unregister_vars_only:
	vro_unregister_vars(mod, mod->num_kp);
	pr_err("%s: refused (%pe)\n", mod->name, ERR_PTR(ret));
	return ret;
}

/* Init text is freed next: forget every site in it. Caller holds vro_lock(). */
static void vro_module_live(struct module *mod)
{
	struct vro_module *vmod = vro_find_vmod(mod);

	vro_assert_locked();
	if (vmod)
		vro_forget_init_sites(vmod);
}

/* Remove everything of @mod. Caller holds vro_lock(). */
static void vro_module_going(struct module *mod)
{
	struct vro_module *vmod = vro_find_vmod(mod);

	vro_assert_locked();
	if (vmod) {
		list_del(&vmod->list);
		vro_client_going(vmod);
		vro_uses_unlink(vmod);
		vro_free_vmod(vmod);
	}
	vro_client_gone(mod);	/* what it left registered with the client */
	vro_derived_going(mod);
	vro_unregister_vars(mod, mod->num_kp);
}

static int vro_module_notify(struct notifier_block *nb, unsigned long state,
			     void *data)
{
	struct module *mod = data;
	int ret = 0;

	vro_lock();
	switch (state) {
	case MODULE_STATE_COMING:
		ret = vro_module_coming(mod);
		break;
	case MODULE_STATE_LIVE:
		vro_module_live(mod);
		break;
	case MODULE_STATE_GOING:
		vro_module_going(mod);
		break;
	}
	vro_unlock();
	return notifier_from_errno(ret);
}

static struct notifier_block vro_module_nb = {
	.notifier_call = vro_module_notify,
};

/**
 * vro_module_notifier_register() - take every module from now on
 *
 * vro.ko: from its init. Built in: from vro_vmlinux_init() in
 * start_kernel(). The first module can be loaded once usermode helpers are
 * enabled (populate_rootfs(), a rootfs_initcall), through
 * request_module(), before vro's initcall runs (device_initcall): it must
 * find the notifier there already.
 *
 * Return: 0 or register_module_notifier()'s error.
 */
int vro_module_notifier_register(void)
{
	return register_module_notifier(&vro_module_nb);
}

/**
 * vro_module_notifier_unregister() - take no more modules (vro.ko's exit)
 */
void vro_module_notifier_unregister(void)
{
	unregister_module_notifier(&vro_module_nb);
}
