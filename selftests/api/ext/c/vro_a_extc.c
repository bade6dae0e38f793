// SPDX-License-Identifier: GPL-2.0
/*
 * vro_a_extc - out-of-tree module C: reads module A's u32 VRO a_ext_v
 * through a declaration that says u64 (vro_a_extc.h). Its reads would be
 * sign-extended 32-bit immediates: A's 0x80000000 would read as
 * 0xffffffff80000000. vro.ko must refuse to load it, naming both types.
 */
#include <linux/module.h>
#include "vro_a_extc.h"

VRO_MODULE();

static noinline __attribute__((__noipa__)) u64 vro_a_extc_read(void)
{
	return vro(a_ext_v);
}

static int vro_a_extc_seen(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%llu\n", vro_a_extc_read());
}

static const struct kernel_param_ops vro_a_extc_ops = {
	.get = vro_a_extc_seen,
};
module_param_cb(seen, &vro_a_extc_ops, NULL, 0444);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: out-of-tree module C, declares module A's VRO with the wrong type");
