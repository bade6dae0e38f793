// SPDX-License-Identifier: GPL-2.0
/*
 * A const-build user built into vmlinux (CONFIG_VRO_SELFTEST): vro/Kbuild
 * compiles this file with VRO_BUILD=const, as CONFIG_VRO_BUILD_CONST
 * compiles all of vmlinux. vro.vk_const_u32=<value> on the command line
 * must be refused with -EPERM, naming it, and 13 kept (selftests/vmlinux).
 */
#include <linux/compiler.h>
#include <linux/vro.h>

#include "selftest.h"

static_assert(VRO_BUILD_MODE == VRO_BUILD_CONST);

DEFINE_VRO(u32, vk_const_u32, 13);

noinline __noipa u32 vk_const_read_u32(void)
{
	return vro(vk_const_u32);
}
