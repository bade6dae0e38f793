// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_def - defines VROs that vro_t_use reads from another module, each
 * exposed as a module parameter (module_param_vro), plus read-only
 * "probe" parameters that print what this module's patched code reads.
 * vt_boot is boot-only (DEFINE_VRO_BOOT()): a module's, so it keeps its
 * default and every write path refuses it.
 */
#include <linux/module.h>
#include <linux/vro.h>

VRO_MODULE();

DEFINE_VRO(u32, vt_shared, 7);
module_param_vro(vt_shared, 0644);
MODULE_PARM_DESC(vt_shared, "a u32 VRO read by vro_t_use too");

DEFINE_VRO_MOSTLY(s64, vt_mostly, -5);
module_param_vro(vt_mostly, 0644);
MODULE_PARM_DESC(vt_mostly, "an s64 VRO that stays writable after sealing");

DEFINE_VRO(u16, vt_small, 300);
module_param_vro_named(small, vt_small, 0644);
MODULE_PARM_DESC(small, "a u16 VRO under another parameter name");

DEFINE_VRO_BOOT(u32, vt_boot, 21);
module_param_vro(vt_boot, 0644);
MODULE_PARM_DESC(vt_boot, "a boot-only u32 VRO: a module's keeps its default");

static noinline __attribute__((__noipa__)) u32 vt_def_shared(void)
{
	return vro(vt_shared);
}

static noinline __attribute__((__noipa__)) s64 vt_def_mostly(void)
{
	return vro(vt_mostly);
}

static noinline __attribute__((__noipa__)) u16 vt_def_small(void)
{
	return vro(vt_small);
}

static noinline __attribute__((__noipa__)) u32 vt_def_boot(void)
{
	return vro(vt_boot);
}

static int vt_probe_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%u %lld %u\n", vt_def_shared(),
			  vt_def_mostly(), vt_def_small());
}

static const struct kernel_param_ops vt_probe_ops = {
	.get = vt_probe_get,
};
module_param_cb(probe, &vt_probe_ops, NULL, 0444);
MODULE_PARM_DESC(probe, "what the patched code reads: shared mostly small");

static int vt_boot_probe_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%u\n", vt_def_boot());
}

static const struct kernel_param_ops vt_boot_probe_ops = {
	.get = vt_boot_probe_get,
};
module_param_cb(boot_probe, &vt_boot_probe_ops, NULL, 0444);
MODULE_PARM_DESC(boot_probe, "what the patched code reads of vt_boot");

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: VROs defined here, read by vro_t_use");
