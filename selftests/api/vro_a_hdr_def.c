// SPDX-License-Identifier: GPL-2.0
/*
 * vro_a_hdr_def - defines the VROs that vro_a_hdr.h declares, after
 * including it (the layout that failed with "redefinition of
 * __vro_dep_<name>"), and checks that both files of the module read them,
 * before and after vro_set(). Results in /sys/kernel/debug/vro_a_hdr_tap.
 */
#include <linux/module.h>
#include "vro_a_hdr.h"
#include "ktap.h"

static const char vro_a_hdr_hello[] = "hello";
static const char vro_a_hdr_bye[] = "bye";

VRO_MODULE();
DEFINE_VRO(u32, a_hdr_val, 42);
DEFINE_VRO(const char *, a_hdr_name, vro_a_hdr_hello);
module_param_vro(a_hdr_val, 0644);

static noinline __attribute__((__noipa__)) u32 vro_a_hdr_local(void)
{
	return vro(a_hdr_val);
}

static void vro_a_hdr_check(u32 want, const char *name, const char *when)
{
	vt_ok(vro_a_hdr_read() == want && vro_a_hdr_local() == want &&
	      vro_value(a_hdr_val) == want,
	      "header layout: %s: both files read a_hdr_val = %u (got %u, %u)",
	      when, want, vro_a_hdr_read(), vro_a_hdr_local());
	vt_ok(vro_a_hdr_name() == name && !strcmp(vro_a_hdr_name(), name),
	      "header layout: %s: pointer VRO a_hdr_name reads \"%s\"",
	      when, name);
}

static int __init vro_a_hdr_init(void)
{
	int ret = vt_tap_init();

	if (ret)
		return ret;
	vro_a_hdr_check(vro_value(a_hdr_val), vro_a_hdr_hello, "at load");
	vt_ok(!vro_set(a_hdr_val, 7) && !vro_set(a_hdr_name, &vro_a_hdr_bye[0]),
	      "header layout: vro_set() of both VROs");
	vro_a_hdr_check(7, vro_a_hdr_bye, "after vro_set()");
	vt_tap_publish();
	return 0;
}

static void __exit vro_a_hdr_exit(void)
{
	vt_tap_exit();
}

module_init(vro_a_hdr_init);
module_exit(vro_a_hdr_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: DECLARE_VRO() in a header, DEFINE_VRO() in a .c");
