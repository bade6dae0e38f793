// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_nodecl - reads vro_t_nodecl_def's tnd_val with only the bare
 * symbol declared, not DECLARE_VRO() (a module bug): nothing pins the
 * definer, which can be unloaded while this module's sites still hold its
 * value. vro.ko must then forget those sites and keep nothing that points
 * at the freed variable (selftests/core/guest.sh).
 */
#include <linux/module.h>
#include <linux/vro.h>

VRO_MODULE();
/* what DECLARE_VRO() would add: the hidden parameter, the dependency */
__VRO_DECLARE_SYMBOL(u32, tnd_val);

static noinline __noipa u32 tnd_get(void)
{
	return vro(tnd_val);
}

static int tnd_probe_get(char *buf, const struct kernel_param *kp)
{
	return sprintf(buf, "%u\n", tnd_get());
}

static const struct kernel_param_ops tnd_probe_ops = {
	.get = tnd_probe_get,
};
module_param_cb(probe, &tnd_probe_ops, NULL, 0444);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: a reader made without DECLARE_VRO()");
