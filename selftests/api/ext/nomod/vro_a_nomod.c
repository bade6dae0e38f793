// SPDX-License-Identifier: GPL-2.0
/*
 * vro_a_nomod - defines and reads a VRO but forgot VRO_MODULE(): "make ext"
 * must fail and leave no .ko; built by plain kbuild (no vrolink pass), vro.ko
 * must refuse to load it rather than let it read 0.
 */
#include <linux/module.h>
#include <linux/vro.h>

DEFINE_VRO(u32, a_nomod_v, 5);

static noinline __attribute__((__noipa__)) u32 vro_a_nomod_read(void)
{
	return vro(a_nomod_v);
}

static int __init vro_a_nomod_init(void)
{
	pr_info("vro_a_nomod: reads %u (want 5)\n", vro_a_nomod_read());
	return 0;
}

module_init(vro_a_nomod_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: a module without VRO_MODULE()");
