// SPDX-License-Identifier: GPL-2.0
/*
 * vro_ext - a VRO consumer that lives outside the vro tree: the sample of
 * what a user writes. One VRO, a packet-size limit, read on a hot path as
 * an instruction immediate and tunable as a module parameter.
 *
 *	make -C /path/to/vro ext M=$PWD
 *	insmod vro_ext.ko ext_limit=1500
 *	cat /sys/module/vro_ext/parameters/probe
 *	echo 9000 > /sys/module/vro_ext/parameters/ext_limit
 */
#include <linux/module.h>
#include <linux/vro.h>

VRO_MODULE();				/* the one line that opts in */

DEFINE_VRO(u32, ext_limit, 1500);
module_param_vro(ext_limit, 0644);
MODULE_PARM_DESC(ext_limit, "largest accepted length");

/* The hot path: "cmp $limit, %edi", no memory load. */
static noinline __attribute__((__noipa__)) bool ext_too_big(u32 len)
{
	return len > vro(ext_limit);
}

static int ext_probe_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "limit=%u too_big(1500)=%d too_big(9000)=%d\n",
			  vro_value(ext_limit), ext_too_big(1500),
			  ext_too_big(9000));
}

static const struct kernel_param_ops ext_probe_ops = {
	.get = ext_probe_get,
};
module_param_cb(probe, &ext_probe_ops, NULL, 0444);
MODULE_PARM_DESC(probe, "what the patched code decides for 1500 and 9000");

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro sample: an out-of-tree consumer");
