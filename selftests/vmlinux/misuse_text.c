// SPDX-License-Identifier: GPL-2.0
/*
 * Not built into any kernel: selftests/vmlinux/run compiles it with the
 * kbuild command of a built-in object to check that vrolink --builtin
 * refuses a VRO read outside vmlinux's kernel and init text, where the
 * core could not write it at boot: exit text (discarded when built in)
 * and an alternative's replacement (copied elsewhere at boot).
 */
#include <linux/init.h>
#include <linux/vro.h>

DECLARE_VRO(u32, vk_u32);

u32 __exit vt_misuse_exit(u32 x)
{
	return x + vro(vk_u32);
}

__section(".altinstr_replacement") u32 vt_misuse_alt(u32 x)
{
	return x * vro(vk_u32);
}
