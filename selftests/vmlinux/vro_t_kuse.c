// SPDX-License-Identifier: GPL-2.0
/*
 * A module that reads a VRO vmlinux defines (vro/selftest.c): its sites
 * are written at load from vmlinux's current value and re-patched by a
 * vro_set() of vmlinux's variable, like a module reading another module's.
 * Parameter "seen" (read-only) calls the reader now.
 */
#include <linux/module.h>
#include <linux/vro.h>

DECLARE_VRO(u32, vk_u32);
VRO_MODULE();

static noinline __noipa u32 vt_kuse_read(void)
{
	return vro(vk_u32);
}

static int vt_kuse_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%u\n", vt_kuse_read());
}

static const struct kernel_param_ops vt_kuse_ops = {
	.get = vt_kuse_get,
};
module_param_cb(seen, &vt_kuse_ops, NULL, 0444);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro whole-kernel test: a module reading a vmlinux VRO");
