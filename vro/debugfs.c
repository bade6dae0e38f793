// SPDX-License-Identifier: GPL-2.0
/*
 * Introspection and control in /sys/kernel/debug/vro/:
 *
 *	variables  one line per variable:
 *		   name owner type value state nr_sites (state: open,
 *		   read-mostly, sealed; boot or fixed for DEFINE_VRO_BOOT())
 *	sites      one line per live site:
 *		   symbol kind reloc addend field-bytes %pS (a pointer
 *		   VRO's field as %pK, like its value in variables; a site of
 *		   vmlinux ends in "[vmlinux]", as %pS ends a module's in
 *		   "[module]")
 *	set        write "name value": vro_set() by name (never a pointer)
 *	seal       read 0/1; write 1 (a bool word): set_very_readonly()
 *
 * Writes need CAP_SYS_ADMIN; a refused write returns an errno and changes
 * nothing.
 */
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "internal.h"

#define VRO_WRITE_MAX	128	/* longest accepted write, NUL included */

static struct dentry *vro_dir;

static const char *const vro_kind_names[] = {
	[VRO_KIND_IMM] = "imm", [VRO_KIND_DISP] = "disp",
	[VRO_KIND_CALL] = "call", [VRO_KIND_JMP] = "jmp",
	[VRO_KIND_SHIFT32] = "shift32", [VRO_KIND_SHIFT64] = "shift64",
};

static const char *const vro_reloc_names[] = {
	[VRO_RELOC_32] = "32", [VRO_RELOC_32S] = "32S", [VRO_RELOC_64] = "64",
	[VRO_RELOC_PC32] = "PC32", [VRO_RELOC_PLT32] = "PLT32",
	[VRO_RELOC_8] = "8",
};

static void vro_show_var(struct vro_var *var, void *data)
{
	struct seq_file *m = data;
	char type[8], val[32];

	vro_format(var, var->value, val, sizeof(val));
	seq_printf(m, "%s %s %s %s %s %u\n",
		   var->name + strlen(VRO_VALUE_PREFIX), vro_owner_name(var->owner),
		   vro_type_name(var, type), val, vro_var_state(var),
		   var->nr_sites);
}

static int vro_variables_show(struct seq_file *m, void *v)
{
	vro_lock();
	vro_for_each_var(vro_show_var, m);
	vro_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vro_variables);

/*
 * The field of a pointer VRO's site holds (part of) an address: print what
 * it reads as, through %pK like the variable's value, never its bytes.
 */
static void vro_show_ptr_field(struct seq_file *m, const struct vro_site *s,
			       const void *addr)
{
	s64 v;

	if (s->type == VRO_RELOC_64) {
		memcpy(&v, addr, sizeof(v));
	} else {
		s32 f;

		memcpy(&f, addr, sizeof(f));
		v = s->type == VRO_RELOC_32S ? f : (s64)(u32)f;
	}
	seq_printf(m, "%pK", (void *)(unsigned long)v);
}

static void vro_show_site(struct vro_module *vmod, unsigned int i, void *data)
{
	const struct vro_site *s = &vmod->sites[i];
	const struct vro_var *var = vmod->vars[i];
	void *addr = vro_site_addr(s);
	struct seq_file *m = data;

	seq_printf(m, "%s %s %s %+d ", vro_site_name(vmod, s),
		   vro_kind_names[s->kind], vro_reloc_names[s->type],
		   s->addend);
	if (var && (var->flags & VRO_VAR_PTR))
		vro_show_ptr_field(m, s, addr);
	else
		seq_printf(m, "%*phN", vro_site_width(s), addr);
	seq_printf(m, " %pS%s\n", addr, vmod->mod ? "" : " [vmlinux]");
}

static int vro_sites_show(struct seq_file *m, void *v)
{
	vro_lock();
	vro_for_each_site(vro_show_site, m);
	vro_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vro_sites);

/* Copy a short write from user space, NUL-terminated; refuse long ones. */
static int vro_copy_write(char *buf, const char __user *ubuf, size_t count)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (!count || count >= VRO_WRITE_MAX)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	return 0;
}

static ssize_t vro_set_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char buf[VRO_WRITE_MAX], *val;
	int ret;

	ret = vro_copy_write(buf, ubuf, count);
	if (ret)
		return ret;
	val = strchr(buf, ' ');
	if (!val)
		return -EINVAL;
	*val++ = '\0';
	ret = vro_set_named(buf, val);
	return ret ? ret : count;
}

static const struct file_operations vro_set_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vro_set_write,
};

static ssize_t vro_seal_read(struct file *file, char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char buf[2] = { vro_is_sealed() ? '1' : '0', '\n' };

	return simple_read_from_buffer(ubuf, count, ppos, buf, sizeof(buf));
}

static ssize_t vro_seal_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	char buf[VRO_WRITE_MAX];
	bool seal;
	int ret;

	ret = vro_copy_write(buf, ubuf, count);
	if (ret)
		return ret;
	ret = vro_parse_bool(buf, &seal);
	if (ret)
		return ret;
	if (!seal)
		return vro_is_sealed() ? -EPERM : count;
	set_very_readonly();
	return count;
}

static const struct file_operations vro_seal_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = vro_seal_read,
	.write = vro_seal_write,
	.llseek = default_llseek,
};

/**
 * vro_debugfs_init() - create /sys/kernel/debug/vro/
 *
 * debugfs errors are not fatal: vro works without its introspection.
 */
void vro_debugfs_init(void)
{
	vro_dir = debugfs_create_dir("vro", NULL);
	debugfs_create_file("variables", 0444, vro_dir, NULL,
			    &vro_variables_fops);
	debugfs_create_file("sites", 0444, vro_dir, NULL, &vro_sites_fops);
	debugfs_create_file("set", 0200, vro_dir, NULL, &vro_set_fops);
	debugfs_create_file("seal", 0600, vro_dir, NULL, &vro_seal_fops);
}

/**
 * vro_debugfs_dir() - /sys/kernel/debug/vro/, for the other parts of vro.ko
 *
 * Return: the directory, or an error pointer if debugfs is not available
 * (debugfs_create_file() accepts either).
 */
struct dentry *vro_debugfs_dir(void)
{
	return vro_dir;
}

/**
 * vro_debugfs_exit() - remove /sys/kernel/debug/vro/
 */
void vro_debugfs_exit(void)
{
	debugfs_remove_recursive(vro_dir);
}
