// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_nodecl_def - defines tnd_val, which vro_t_nodecl reads without
 * DECLARE_VRO(): no module dependency holds this module while it does.
 */
#include <linux/module.h>
#include <linux/vro.h>

VRO_MODULE();
DEFINE_VRO(u32, tnd_val, 7);

static noinline __noipa u32 tnd_def_get(void)
{
	return vro(tnd_val);
}

static int tnd_def_probe_get(char *buf, const struct kernel_param *kp)
{
	return sprintf(buf, "%u\n", tnd_def_get());
}

static const struct kernel_param_ops tnd_def_probe_ops = {
	.get = tnd_def_probe_get,
};
module_param_cb(probe, &tnd_def_probe_ops, NULL, 0444);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: a VRO read by a module without DECLARE_VRO()");
