// SPDX-License-Identifier: GPL-2.0
/*
 * vmlinux's own test user of vro (CONFIG_VRO_SELFTEST): VROs that code
 * built into vmlinux defines and reads, for the whole-kernel tests
 * (selftests/vmlinux). /sys/kernel/debug/vro/vmlinux_test prints, one
 * "name value" per line, what that code reads now, and "boot_u32": what an
 * early initcall read (its site is in init text, written at boot and
 * forgotten before init memory is freed).
 */
#define pr_fmt(fmt) "vro: selftest: " fmt

#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/vro.h>

#include "internal.h"

DEFINE_VRO(u32, vk_u32, 42);
DEFINE_VRO(s64, vk_s64, -5);
DEFINE_VRO(bool, vk_flag, true);
DEFINE_VRO(u8, vk_u8, 7);
DEFINE_VRO_MOSTLY(u32, vk_mostly, 1);

static u32 vk_boot;

/* noipa: every call reads the sites as they are now (DESIGN.md). */
static noinline __noipa u32 vk_read_u32(u32 x)
{
	return x + vro(vk_u32);
}

static noinline __noipa s64 vk_read_s64(void)
{
	return vro(vk_s64);
}

static noinline __noipa bool vk_read_flag(void)
{
	return vro(vk_flag);
}

static noinline __noipa u32 vk_read_u8(u32 x)
{
	return x & vro(vk_u8);
}

static noinline __noipa u32 vk_read_mostly(void)
{
	return vro(vk_mostly);
}

static int vk_show(struct seq_file *m, void *v)
{
	seq_printf(m, "u32 %u\n", vk_read_u32(0));
	seq_printf(m, "s64 %lld\n", vk_read_s64());
	seq_printf(m, "flag %d\n", vk_read_flag());
	seq_printf(m, "u8 %u\n", vk_read_u8(0xff));
	seq_printf(m, "mostly %u\n", vk_read_mostly());
	seq_printf(m, "boot_u32 %u\n", vk_boot);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vk);

/* Init text reads a VRO: its site is written at boot like any other. */
static int __init vk_early(void)
{
	vk_boot = vro(vk_u32);
	return 0;
}
early_initcall(vk_early);

static int __init vk_init(void)
{
	debugfs_create_file("vmlinux_test", 0444, vro_debugfs_dir(), NULL,
			    &vk_fops);
	return 0;
}
late_initcall(vk_init);
