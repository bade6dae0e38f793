// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_txn_null - updates whose members are missing: a member with no
 * variable (.var NULL) among good ones, alone, or after a member that
 * would be refused for its value; an array of members that is NULL. Each
 * is refused with -EINVAL before any member is read, nothing written (the
 * guest script checks that the kernel log names the member). An update of
 * no member (n == 0) is a no-op that returns 0, whatever @items is.
 *
 * The variables are read-mostly so that the module means the same sealed
 * or not. Built for the vro, plain and const builds (vro_t_txn_null_plain,
 * vro_t_txn_null_const); the guest script loads it last, since before
 * issue 16's fix the first NULL member oopsed with vro's lock held.
 */
#include <linux/module.h>
#include <linux/vro.h>

#include "ktap.h"

VRO_MODULE();
DEFINE_VRO_MOSTLY(u32, tn_a, 1);
DEFINE_VRO_MOSTLY(u32, tn_b, 2);
DEFINE_VRO_MOSTLY(u8, tn_small, 3);

static noinline __noipa u32 tn_get_a(void) { return vro(tn_a); }
static noinline __noipa u32 tn_get_b(void) { return vro(tn_b); }
static noinline __noipa u8 tn_get_small(void) { return vro(tn_small); }

static bool tn_unchanged(void)
{
	return vro_value(tn_a) == 1 && tn_get_a() == 1 &&
	       vro_value(tn_b) == 2 && tn_get_b() == 2 &&
	       vro_value(tn_small) == 3 && tn_get_small() == 3;
}

static void tn_null_members(void)
{
	struct vro_item it[3] = {
		VRO_ITEM(tn_a, 10),
		{ .var = NULL, .raw = 11 },
		VRO_ITEM(tn_b, 12),
	};
	int ret;

	ret = __VRO_SET_ITEMS(it, 3);
	vt_ok(ret == -EINVAL && tn_unchanged(),
	      "member 2 of 3 has no variable (.var NULL): -EINVAL (%d), nothing written",
	      ret);
	ret = __VRO_SET_ITEMS(&it[1], 1);
	vt_ok(ret == -EINVAL && tn_unchanged(),
	      "a one-member update with no variable: -EINVAL (%d)", ret);
	it[0] = (struct vro_item)VRO_ITEM(tn_small, 300);
	ret = __VRO_SET_ITEMS(it, 2);
	vt_ok(ret == -EINVAL && tn_unchanged(),
	      "a member with no variable after one out of its type: the NULL member is found first, -EINVAL (%d)",
	      ret);
}

static void tn_null_array(void)
{
	const struct vro_item it[1] = { VRO_ITEM(tn_a, 10) };
	int ret;

	ret = __VRO_SET_ITEMS(NULL, 2);
	vt_ok(ret == -EINVAL && tn_unchanged(),
	      "2 members but the array is NULL: -EINVAL (%d)", ret);
	ret = __VRO_SET_ITEMS(NULL, 0);
	vt_ok(!ret && tn_unchanged(),
	      "no member and no array (NULL, 0): a no-op, 0 (%d)", ret);
	ret = __VRO_SET_ITEMS(it, 0);
	vt_ok(!ret && tn_unchanged(),
	      "an array but no member (n == 0): a no-op, 0 (%d), nothing written",
	      ret);
}

static void tn_tests(void)
{
	tn_null_members();
	tn_null_array();
}

static int __init tn_init(void)
{
	return vt_tap_run(tn_tests);
}

static void __exit tn_exit(void)
{
	vt_tap_exit();
}

module_init(tn_init);
module_exit(tn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: updates with a NULL member or a NULL array");
