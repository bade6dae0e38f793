// SPDX-License-Identifier: GPL-2.0
/*
 * A module that reads a VRO vmlinux defines, loaded during the boot by
 * vmlinux's selftest (vro.early_module=vro_t_early: request_module() from a
 * rootfs_initcall, the earliest a module can be loaded, before the
 * device_initcalls). vro must take it as any later module: its site holds
 * vmlinux's value before its init runs. Parameters (read-only): "at_init",
 * what its init read; "seen", a read now.
 */
#include <linux/module.h>
#include <linux/vro.h>

DECLARE_VRO(u32, vk_u32);
VRO_MODULE();

static unsigned int vt_early_at_init;
module_param_named(at_init, vt_early_at_init, uint, 0444);

static noinline __noipa u32 vt_early_read(void)
{
	return vro(vk_u32);
}

static int vt_early_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%u\n", vt_early_read());
}

static const struct kernel_param_ops vt_early_ops = {
	.get = vt_early_get,
};
module_param_cb(seen, &vt_early_ops, NULL, 0444);

static int __init vt_early_init(void)
{
	vt_early_at_init = vt_early_read();
	return 0;
}

static void __exit vt_early_exit(void)
{
}

module_init(vt_early_init);
module_exit(vt_early_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro whole-kernel test: a module loaded before device_initcall");
