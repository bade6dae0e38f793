// SPDX-License-Identifier: GPL-2.0
/*
 * vm_hello - the smallest out-of-tree module, built by selftests/vm/run to
 * prove the rig loads unsigned out-of-tree modules (taint O and E) without
 * failing its kernel log check.
 */
#include <linux/init.h>
#include <linux/module.h>

static int __init vm_hello_init(void)
{
	pr_info("vm_hello: loaded\n");
	return 0;
}

static void __exit vm_hello_exit(void)
{
	pr_info("vm_hello: unloaded\n");
}

module_init(vm_hello_init);
module_exit(vm_hello_exit);
MODULE_DESCRIPTION("tools/vm rig self-test module");
MODULE_LICENSE("GPL");
