// SPDX-License-Identifier: GPL-2.0
/*
 * vro_a_extb - out-of-tree module B: reads a_ext_v, defined by the
 * out-of-tree module vro_a_exta; /sys/module/vro_a_extb/parameters/seen
 * prints what its patched code reads.
 */
#include <linux/module.h>
#include <linux/vro.h>

VRO_MODULE();
DECLARE_VRO(u32, a_ext_v);

static noinline __attribute__((__noipa__)) u32 vro_a_extb_read(void)
{
	return vro(a_ext_v);
}

static int vro_a_extb_seen(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%u\n", vro_a_extb_read());
}

static const struct kernel_param_ops vro_a_extb_ops = {
	.get = vro_a_extb_seen,
};
module_param_cb(seen, &vro_a_extb_ops, NULL, 0444);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: out-of-tree module B, reads module A's VRO");
