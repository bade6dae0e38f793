// SPDX-License-Identifier: GPL-2.0
/*
 * vrocount_test - a function whose instructions and memory accesses
 * objdump shows exactly, for selftests/count: vro_count_fn() has no branch,
 * reads two words of vro_count_data and writes a third, reads a fourth
 * through the pointer vro_count_ptr, and reads the VRO
 * vro_count_mask: an immediate in this build, a load of a __read_mostly
 * variable in vrocount_test_plain. Writing N to
 * /sys/kernel/debug/<module>/run calls it N times.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/vro.h>

DEFINE_VRO(u32, vro_count_mask, 0xff0);
VRO_MODULE();

static u64 vro_count_data[4];
static u64 *vro_count_ptr = &vro_count_data[3];

/**
 * vro_count_fn() - the measured function
 * @x: mixed into what it stores
 *
 * Return: the three words it read, combined and masked with the VRO.
 */
static noinline u64 vro_count_fn(u64 x)
{
	u64 a = READ_ONCE(vro_count_data[0]);
	u64 b = READ_ONCE(vro_count_data[1]);
	u64 c = READ_ONCE(*READ_ONCE(vro_count_ptr));

	WRITE_ONCE(vro_count_data[2], a + x);
	return (a ^ b ^ c) & vro(vro_count_mask);
}

static struct dentry *vro_count_dir;

static ssize_t vro_count_run_write(struct file *file, const char __user *buf,
				   size_t len, loff_t *ppos)
{
	unsigned int n, i;
	u64 sum = 0;
	int ret;

	ret = kstrtouint_from_user(buf, len, 0, &n);
	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		sum += vro_count_fn(i);
	WRITE_ONCE(vro_count_data[3], sum);
	return len;
}

static const struct file_operations vro_count_run_fops = {
	.owner = THIS_MODULE,
	.write = vro_count_run_write,
};

static int __init vro_count_init(void)
{
	vro_count_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("run", 0200, vro_count_dir, NULL, &vro_count_run_fops);
	return 0;
}

static void __exit vro_count_exit(void)
{
	debugfs_remove_recursive(vro_count_dir);
}

module_init(vro_count_init);
module_exit(vro_count_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vrocount's measured function (selftests/count)");
