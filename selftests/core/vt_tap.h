/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vt_tap.h - TAP results of an in-kernel vro test module, the KSTM way:
 * the module runs its tests at init and leaves one line per test in
 * /sys/kernel/debug/<module>_tap ("ok - desc" / "not ok - desc"); the
 * guest script cats it and the host numbers the lines (TAP 13).
 */
#ifndef _VT_TAP_H
#define _VT_TAP_H

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/stdarg.h>

#define VT_TAP_SIZE	(128 * 1024)

static char *vt_buf;
static size_t vt_len;
static unsigned int vt_failed;
static struct dentry *vt_file;

static __printf(2, 3) bool vt_ok(bool ok, const char *fmt, ...)
{
	va_list ap;

	if (!ok)
		vt_failed++;
	if (!vt_buf)
		return ok;
	vt_len += scnprintf(vt_buf + vt_len, VT_TAP_SIZE - vt_len, "%s - ",
			    ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vt_len += vscnprintf(vt_buf + vt_len, VT_TAP_SIZE - vt_len, fmt, ap);
	va_end(ap);
	vt_len += scnprintf(vt_buf + vt_len, VT_TAP_SIZE - vt_len, "\n");
	if (!ok)
		pr_err("%s: test failed (see %s_tap)\n", KBUILD_MODNAME,
		       KBUILD_MODNAME);
	return ok;
}

static ssize_t vt_tap_read(struct file *f, char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	return simple_read_from_buffer(ubuf, count, ppos, vt_buf, vt_len);
}

static const struct file_operations vt_tap_fops = {
	.owner = THIS_MODULE,
	.read = vt_tap_read,
	.llseek = default_llseek,
};

static int vt_tap_init(void)
{
	vt_buf = kvzalloc(VT_TAP_SIZE, GFP_KERNEL);
	if (!vt_buf)
		return -ENOMEM;
	return 0;
}

/* Publish the results; the buffer lives until vt_tap_exit(). */
static void vt_tap_publish(void)
{
	vt_file = debugfs_create_file(KBUILD_MODNAME "_tap", 0444, NULL, NULL,
				      &vt_tap_fops);
}

static void vt_tap_exit(void)
{
	debugfs_remove(vt_file);
	kvfree(vt_buf);
	vt_buf = NULL;
}

#endif /* _VT_TAP_H */
