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

DEFINE_VRO(u32, vt_k_u32, 42);
DEFINE_VRO(s64, vt_k_s64, -5);
DEFINE_VRO(bool, vt_k_flag, true);
DEFINE_VRO(u8, vt_k_u8, 7);
DEFINE_VRO_MOSTLY(u32, vt_k_mostly, 1);

static u32 vt_k_boot;

/* noipa: every call reads the sites as they are now (DESIGN.md). */
static noinline __noipa u32 vt_k_read_u32(u32 x)
{
	return x + vro(vt_k_u32);
}

static noinline __noipa s64 vt_k_read_s64(void)
{
	return vro(vt_k_s64);
}

static noinline __noipa bool vt_k_read_flag(void)
{
	return vro(vt_k_flag);
}

static noinline __noipa u32 vt_k_read_u8(u32 x)
{
	return x & vro(vt_k_u8);
}

static noinline __noipa u32 vt_k_read_mostly(void)
{
	return vro(vt_k_mostly);
}

static int vt_k_show(struct seq_file *m, void *v)
{
	seq_printf(m, "u32 %u\n", vt_k_read_u32(0));
	seq_printf(m, "s64 %lld\n", vt_k_read_s64());
	seq_printf(m, "flag %d\n", vt_k_read_flag());
	seq_printf(m, "u8 %u\n", vt_k_read_u8(0xff));
	seq_printf(m, "mostly %u\n", vt_k_read_mostly());
	seq_printf(m, "boot_u32 %u\n", vt_k_boot);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vt_k);

/* Init text reads a VRO: its site is written at boot like any other. */
static int __init vt_k_early(void)
{
	vt_k_boot = vro(vt_k_u32);
	return 0;
}
early_initcall(vt_k_early);

static int __init vt_k_init(void)
{
	debugfs_create_file("vmlinux_test", 0444, vro_debugfs_dir(), NULL,
			    &vt_k_fops);
	return 0;
}
late_initcall(vt_k_init);
