// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_use - reads VROs that vro_t_def defines: a cross-module user. Its
 * dependency on vro_t_def is an ordinary symbol (vro_var_vt_shared), so
 * modprobe loads vro_t_def first. Its init function reads a VRO too: that
 * site is in init text, which vro.ko must forget once the module is live.
 */
#include <linux/module.h>
#include <linux/vro.h>

VRO_MODULE();

DECLARE_VRO(u32, vt_shared);
DECLARE_VRO(s64, vt_mostly);

static noinline __attribute__((__noipa__)) u32 vt_use_shared(void)
{
	return vro(vt_shared);
}

static noinline __attribute__((__noipa__)) s64 vt_use_mostly(void)
{
	return vro(vt_mostly);
}

static int vt_probe_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%u %lld\n", vt_use_shared(), vt_use_mostly());
}

static const struct kernel_param_ops vt_probe_ops = {
	.get = vt_probe_get,
};
module_param_cb(probe, &vt_probe_ops, NULL, 0444);
MODULE_PARM_DESC(probe, "what the patched code reads: shared mostly");

static noinline __attribute__((__noipa__)) u32 __init vt_use_init_read(void)
{
	return vro(vt_shared);
}

static int __init vt_use_init(void)
{
	if (vt_use_init_read() != vro_value(vt_shared) ||
	    vt_use_shared() != vro_value(vt_shared) ||
	    vt_use_mostly() != vro_value(vt_mostly)) {
		pr_err("vro_t_use: sites do not hold the values at load\n");
		return -EINVAL;
	}
	return 0;
}

static void __exit vt_use_exit(void)
{
}

module_init(vt_use_init);
module_exit(vt_use_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: reads VROs of vro_t_def");
