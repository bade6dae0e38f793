// SPDX-License-Identifier: GPL-2.0
/*
 * Not built into any kernel: selftests/vmlinux/run compiles it with the
 * kbuild command of a built-in object to check that vrolink --builtin
 * refuses a VRO used as a memory operand (a dereference, not a value).
 */
#include <linux/vro.h>

DECLARE_VRO(u32, vk_u32);

u8 vt_misuse_deref(unsigned long i)
{
	return ((const u8 *)__vro_vk_u32)[i];
}
