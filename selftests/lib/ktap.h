/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktap.h - TAP results of an in-kernel vro test module, the KSTM way:
 * the module runs its tests (at init, or later through a parameter) and
 * leaves one line per test in /sys/kernel/debug/<module>_tap ("ok - desc"
 * / "not ok - desc", "# ..." for a diagnostic); the guest script cats it
 * (selftests/lib/guest.sh) and the host numbers the lines
 * (selftests/lib/tap.sh). Every test module includes it as "ktap.h"
 * (selftests/Kbuild puts selftests/lib/ on the include path).
 */
#ifndef _VT_KTAP_H
#define _VT_KTAP_H

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/stdarg.h>

#define VT_TAP_SIZE	(128 * 1024)

static char *vt_buf;
static size_t vt_len;
static unsigned int vt_nr, vt_failed;
static struct dentry *vt_file;

/* One line: @head, then @fmt's text, then a newline. */
static void vt_line(const char *head, const char *fmt, va_list ap)
{
	if (!vt_buf)
		return;
	vt_len += scnprintf(vt_buf + vt_len, VT_TAP_SIZE - vt_len, "%s", head);
	vt_len += vscnprintf(vt_buf + vt_len, VT_TAP_SIZE - vt_len, fmt, ap);
	vt_len += scnprintf(vt_buf + vt_len, VT_TAP_SIZE - vt_len, "\n");
}

/* One test: "ok - ..." if @ok, else "not ok - ..."; returns @ok. */
static __printf(2, 3) bool vt_ok(bool ok, const char *fmt, ...)
{
	va_list ap;

	vt_nr++;
	if (!ok)
		vt_failed++;
	va_start(ap, fmt);
	vt_line(ok ? "ok - " : "not ok - ", fmt, ap);
	va_end(ap);
	if (!ok)
		pr_err("%s: test failed (see %s_tap)\n", KBUILD_MODNAME,
		       KBUILD_MODNAME);
	return ok;
}

/* A diagnostic line: "# ...". */
static __printf(1, 2) __maybe_unused void vt_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vt_line("# ", fmt, ap);
	va_end(ap);
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

/*
 * The init of a module whose tests are one function: the buffer, @run,
 * the results published and counted in the kernel log. 0, or -ENOMEM.
 */
static __maybe_unused int vt_tap_run(void (*run)(void))
{
	int ret = vt_tap_init();

	if (ret)
		return ret;
	run();
	vt_tap_publish();
	pr_info("%s: %u tests, %u failed\n", KBUILD_MODNAME, vt_nr, vt_failed);
	return 0;
}

static void vt_tap_exit(void)
{
	debugfs_remove(vt_file);
	kvfree(vt_buf);
	vt_buf = NULL;
}

#endif /* _VT_KTAP_H */
