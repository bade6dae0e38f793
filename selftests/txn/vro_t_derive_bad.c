// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_derive_bad - a derived VRO whose default is not what its function
 * gives for its base's default: vro.ko must refuse the module at load.
 */
#include <linux/module.h>
#include <linux/vro.h>

VRO_MODULE();
DEFINE_VRO(u32, tdb_size, 16);
#define tdb_mask_of(size)	((size) - 1)
DEFINE_VRO_DERIVED(u32, tdb_mask, 16, tdb_mask_of, tdb_size);

static int tdb_probe_get(char *buf, const struct kernel_param *kp)
{
	return sprintf(buf, "%u\n", vro(tdb_mask));
}

static const struct kernel_param_ops tdb_probe_ops = {
	.get = tdb_probe_get,
};
module_param_cb(probe, &tdb_probe_ops, NULL, 0444);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: a derived VRO with a wrong default");
