// SPDX-License-Identifier: GPL-2.0
/*
 * A plain-build user built into vmlinux (CONFIG_VRO_SELFTEST): vro/Kbuild
 * compiles this file with VRO_BUILD=plain, as CONFIG_VRO_BUILD_PLAIN
 * compiles all of vmlinux. The command line must set these as it sets a
 * VRO: vro.vk_plain_u32=<value>, a bare vro.vk_plain_flag (selftests/vmlinux).
 */
#include <linux/compiler.h>
#include <linux/vro.h>

#include "selftest.h"

static_assert(VRO_BUILD_MODE == VRO_BUILD_PLAIN);

DEFINE_VRO(u32, vk_plain_u32, 11);
DEFINE_VRO(bool, vk_plain_flag, false);

/* noipa: every call reads the variable as it is now */
noinline __noipa u32 vk_plain_read_u32(void)
{
	return vro(vk_plain_u32);
}

noinline __noipa bool vk_plain_read_flag(void)
{
	return vro(vk_plain_flag);
}
