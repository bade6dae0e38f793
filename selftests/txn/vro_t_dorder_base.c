// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_dorder_base - the base of vro_t_dorder's derived VROs, in another
 * module so that it can hold a value other than its default when
 * vro_t_dorder loads; and the user-space write paths of module_param_vro()
 * (a pointer VRO refused, a bare bool name sets it) in every build.
 */
#include <linux/module.h>
#include <linux/vro.h>

VRO_MODULE();
DEFINE_VRO(u32, to_x, 4);
module_param_vro(to_x, 0644);
MODULE_PARM_DESC(to_x, "the base of vro_t_dorder's derived VROs");
DEFINE_VRO(bool, to_flag, false);
module_param_vro(to_flag, 0644);
MODULE_PARM_DESC(to_flag, "a bool: a bare name sets it");
DEFINE_VRO(const void *, to_ptr, NULL);
module_param_vro(to_ptr, 0644);
MODULE_PARM_DESC(to_ptr, "a pointer: not writable from user space");

static noinline __noipa u32 to_base_get(void)
{
	return vro(to_x) + vro(to_flag) + (vro(to_ptr) != NULL);
}

static int to_base_probe_get(char *buf, const struct kernel_param *kp)
{
	return sprintf(buf, "%u\n", to_base_get());
}

static const struct kernel_param_ops to_base_probe_ops = {
	.get = to_base_probe_get,
};
module_param_cb(probe, &to_base_probe_ops, NULL, 0444);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: base of derived VROs computed in dependency order");
