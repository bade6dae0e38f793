// SPDX-License-Identifier: GPL-2.0
/*
 * vmlinux's own test user of vro (CONFIG_VRO_SELFTEST): VROs that code
 * built into vmlinux defines and reads, for the whole-kernel tests
 * (selftests/vmlinux). /sys/kernel/debug/vro/vmlinux_test prints, one
 * "name value" per line, what that code reads now, and "boot_u32": what an
 * early initcall read (its site is in init text, written at boot and
 * forgotten before init memory is freed).
 *
 * Two tests of the boot itself: "walk_*", a walk of two site tables laid
 * out as vrolink --builtin writes them, the first refused (the next must
 * still be written), and "early_module", the result of request_module() of
 * vro.early_module=<name> from a rootfs_initcall, the earliest a module can
 * be loaded (vro must take it as any later one).
 */
#define pr_fmt(fmt) "vro: selftest: " fmt

#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kmod.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/vro.h>
#include <asm/linkage.h>

#include "internal.h"
#include "selftest.h"

DEFINE_VRO(u32, vk_u32, 42);
DEFINE_VRO(s64, vk_s64, -5);
DEFINE_VRO(bool, vk_flag, true);
DEFINE_VRO(u8, vk_u8, 7);
DEFINE_VRO_MOSTLY(u32, vk_mostly, 1);
/* read only through the hand-made table below */
DEFINE_VRO(u32, vk_walk, 0x5a17);

static u32 vk_boot;
static struct vro_walk vk_walk_done;
static char *vk_early_module;
module_param_named(early_module, vk_early_module, charp, 0444);
MODULE_PARM_DESC(early_module, "test: request_module() this from a rootfs_initcall");
static int vk_early_module_ret = -ENOENT;

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
	seq_printf(m, "plain_u32 %u\n", vk_plain_read_u32());
	seq_printf(m, "plain_flag %d\n", vk_plain_read_flag());
	seq_printf(m, "const_u32 %u\n", vk_const_read_u32());
	seq_printf(m, "walk_tables %u\n", vk_walk_done.nr);
	seq_printf(m, "walk_refused %u\n", vk_walk_done.refused);
	seq_printf(m, "walk_read %u\n", vk_walk_read());
	seq_printf(m, "early_module %d\n", vk_early_module_ret);
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

/*
 * vk_walk_read() returns the immediate of its first instruction, which no
 * vrolink table names: the table below is made for it by hand.
 */
asm(".pushsection .text, \"ax\"\n"
	".globl vk_walk_read\n"
	".type vk_walk_read, @function\n"
	"vk_walk_read:\n\t"
	"movl $0, %eax\n\t"	/* b8 <imm32>: the field at +1 */
	ASM_RET
	".size vk_walk_read, . - vk_walk_read\n"
	".popsection");

/* One object's site table as vrolink --builtin writes it: one site. */
struct vk_table {
	struct vro_module_desc desc;
	struct vro_site site;
	char names[16];
};

/* each table starts 8-aligned right after the one before it */
static_assert(sizeof(struct vk_table) % 8 == 0);

/* Two tables back to back; vmlinux's walk keeps what it writes. */
static struct vk_table vk_tables[2] __aligned(8);

/* Fill @t: site 0 is a mov $imm32 at @insn reading vk_walk. */
static void __init vk_table_fill(struct vk_table *t, const void *insn)
{
	t->desc = (struct vro_module_desc) {
		.magic = VRO_ABI_MAGIC,
		.version = VRO_ABI_VERSION,
		.flags = VRO_DESC_LINKED,
		.nr_sites = 1,
		.sites_off = offsetof(struct vk_table, site),
		.names_off = offsetof(struct vk_table, names),
		.names_size = sizeof(VRO_VALUE_PREFIX "vk_walk"),
	};
	t->site = (struct vro_site) {
		.type = VRO_RELOC_32,
		.kind = VRO_KIND_IMM,
		.insn_off = 1,
		.insn_len = 5,
	};
	t->site.field = (long)insn + 1 - (long)&t->site.field;
	strscpy(t->names, VRO_VALUE_PREFIX "vk_walk", sizeof(t->names));
}

/*
 * Walk two tables as vmlinux's are walked at boot: the first one's site
 * lies in data, outside kernel text (the core refuses the table), the
 * second one's is vk_walk_read()'s immediate. The second must be written.
 */
static int __init vk_walk_test(void)
{
	if (*(const u8 *)vk_walk_read != 0xb8) {
		pr_err("vk_walk_read() does not start with mov $imm32, %%eax\n");
		return 0;
	}
	vk_table_fill(&vk_tables[0], vk_tables);
	vk_table_fill(&vk_tables[1], vk_walk_read);
	vro_lock();
	vro_vmlinux_walk(vk_tables, vk_tables + ARRAY_SIZE(vk_tables),
			 &vk_walk_done);
	vro_unlock();
	return 0;
}
early_initcall(vk_walk_test);

/*
 * Usermode helpers are on from populate_rootfs() (rootfs_initcall, init/
 * is linked first): load vro.early_module=<name> now, before
 * device_initcall.
 */
static int __init vk_early_module_load(void)
{
	if (vk_early_module && *vk_early_module)
		vk_early_module_ret = request_module("%s", vk_early_module);
	return 0;
}
rootfs_initcall(vk_early_module_load);

static int __init vk_init(void)
{
	debugfs_create_file("vmlinux_test", 0444, vro_debugfs_dir(), NULL,
			    &vk_fops);
	return 0;
}
late_initcall(vk_init);
