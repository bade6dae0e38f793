// SPDX-License-Identifier: GPL-2.0
/*
 * vro's init and exit: the one place that names both the engine and its
 * client, the pv half. vro.ko attaches the client, then registers the
 * module notifier; built into vmlinux, vro_vmlinux_init() does both in
 * start_kernel() once vmlinux's own sites are written, and vro's
 * initcall adds debugfs and the vro.pv parameter's run-time writes.
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>

#include "internal.h"
#include "pv/pv.h"

#ifdef MODULE
/* vro.ko: the client first, then the modules that may need it */
static int __init vro_attach(void)
{
	int ret = vro_pv_attach();

	if (ret)
		return ret;
	ret = vro_module_notifier_register();
	if (ret)
		vro_pv_detach();
	return ret;
}

static void vro_detach(void)
{
	vro_module_notifier_unregister();
	vro_pv_detach();
}
#else
/**
 * vro_vmlinux_init() - built in: vmlinux's sites, then every module's
 *
 * Called once by start_kernel() after arch_cpu_finalize_init() (see
 * <linux/vro.h>): writes vmlinux's sites (vmlinux.c), attaches the pv half
 * and registers the module notifier before any module can be loaded.
 */
void __init vro_vmlinux_init(void)
{
	vro_vmlinux_boot();
	WARN_ON(vro_pv_attach());
	WARN_ON(vro_module_notifier_register());
}

/* Built in, vro_vmlinux_init() attached everything at boot. */
static int __init vro_attach(void)
{
	return 0;
}

static void vro_detach(void)
{
}
#endif

static int __init vro_init(void)
{
	int ret;

	vro_debugfs_init();
	ret = vro_pv_init();
	if (ret)
		goto exit_debugfs;
	ret = vro_attach();
	if (ret)
		goto exit_pv;
	return 0;

exit_pv:
	vro_pv_exit();
exit_debugfs:
	vro_debugfs_exit();
	return ret;
}

static void __exit vro_exit(void)
{
	vro_detach();
	vro_pv_exit();
	vro_debugfs_exit();
}

module_init(vro_init);
module_exit(vro_exit);
#ifndef MODULE
late_initcall_sync(vro_vmlinux_late);
#endif
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("very read-only variables: values as patched instruction immediates");
