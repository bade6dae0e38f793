// SPDX-License-Identifier: GPL-2.0
/*
 * vro_a_rd - only reads another module's VRO (vro_a_hdr's a_hdr_val) and
 * forgot VRO_MODULE(); built by plain kbuild, vro.ko must refuse to load it.
 */
#include <linux/module.h>
#include <linux/vro.h>

DECLARE_VRO(u32, a_hdr_val);

static noinline __attribute__((__noipa__)) u32 vro_a_rd_read(void)
{
	return vro(a_hdr_val);
}

static int __init vro_a_rd_init(void)
{
	pr_info("vro_a_rd: reads %u\n", vro_a_rd_read());
	return 0;
}

module_init(vro_a_rd_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: a reader without VRO_MODULE()");
