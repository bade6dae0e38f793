// SPDX-License-Identifier: GPL-2.0
/*
 * vro_a_inc - an out-of-tree consumer whose Kbuild adds its own include
 * directory; /sys/module/vro_a_inc/parameters/probe prints what it reads.
 */
#include <linux/module.h>
#include <linux/vro.h>
#include <vro_a_inc.h>

VRO_MODULE();
DEFINE_VRO(u32, a_inc_v, VRO_A_INC_DEFAULT);

static noinline __attribute__((__noipa__)) u32 vro_a_inc_read(void)
{
	return vro(a_inc_v);
}

static int vro_a_inc_probe(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%u\n", vro_a_inc_read());
}

static const struct kernel_param_ops vro_a_inc_ops = {
	.get = vro_a_inc_probe,
};
module_param_cb(probe, &vro_a_inc_ops, NULL, 0444);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: a consumer with its own include directory");
