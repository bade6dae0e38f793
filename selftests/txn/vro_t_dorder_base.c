// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_dorder_base - the base of vro_t_dorder's derived VROs, in another
 * module so that it can hold a value other than its default when
 * vro_t_dorder loads; and the user-space paths of module_param_vro() in
 * every build (selftests/txn/guest.sh drives the three the same way): a
 * pointer VRO refused and printed as %pK, a bare bool name sets it, a
 * malformed value, a u64 VRO's declared range (vro(): [-2^31, 2^31); wide:
 * anything). The probes read the values from the code.
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
static int to_base_obj;
DEFINE_VRO(const void *, to_ptr, &to_base_obj);
module_param_vro(to_ptr, 0600);
MODULE_PARM_DESC(to_ptr, "a pointer: not writable from user space, read as %pK");
DEFINE_VRO(u64, to_big, 1);
module_param_vro(to_big, 0644);
MODULE_PARM_DESC(to_big, "a u64 read through vro(): [-2^31, 2^31)");
DEFINE_VRO_WIDE(u64, to_wide, 1);
module_param_vro(to_wide, 0644);
MODULE_PARM_DESC(to_wide, "a wide u64 read through vro_wide(): any value");

static noinline __noipa u32 to_base_get(void)
{
	return vro(to_x) + vro(to_flag) + (vro(to_ptr) != NULL);
}

static noinline __noipa u64 to_base_big(void) { return vro(to_big); }
static noinline __noipa u64 to_base_wide(void) { return vro_wide(to_wide); }

static int to_base_big_get(char *buf, const struct kernel_param *kp)
{
	return sprintf(buf, "%llu\n", kp->arg ? to_base_wide() : to_base_big());
}

static const struct kernel_param_ops to_base_big_ops = {
	.get = to_base_big_get,
};
module_param_cb(probe_big, &to_base_big_ops, NULL, 0444);
module_param_cb(probe_wide, &to_base_big_ops, &to_base_obj, 0444);

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
