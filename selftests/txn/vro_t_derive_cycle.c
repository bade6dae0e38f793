// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_derive_cycle - two derived VROs, each derived from the other:
 * vro.ko must refuse the module at load, naming both.
 */
#include <linux/module.h>
#include <linux/vro.h>

VRO_MODULE();
DECLARE_VRO(u32, tdy_b);
#define tdy_same(v)	(v)
DEFINE_VRO_DERIVED(u32, tdy_a, 1, tdy_same, tdy_b);
DEFINE_VRO_DERIVED(u32, tdy_b, 1, tdy_same, tdy_a);

static int tdy_probe_get(char *buf, const struct kernel_param *kp)
{
	return sprintf(buf, "%u\n", vro(tdy_a) + vro(tdy_b));
}

static const struct kernel_param_ops tdy_probe_ops = {
	.get = tdy_probe_get,
};
module_param_cb(probe, &tdy_probe_ops, NULL, 0444);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: derived VROs in a cycle");
