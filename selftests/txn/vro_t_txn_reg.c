// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_txn_reg - an update naming a struct vro_var that vro.ko has not
 * registered: one no module defined (a hand-made struct, one with no
 * readable name) or a copy of a registered VRO's struct (memcpy() of a
 * DEFINE_VRO() or DECLARE_VRO() variable). Each is refused with -ENODEV,
 * nothing written, neither the original nor the copy; the guest script
 * checks that the kernel log names the culprit.
 */
#include <linux/module.h>
#include <linux/string.h>
#include <linux/vro.h>

#include "ktap.h"

VRO_MODULE();
DEFINE_VRO(u32, tr_read, 7);		/* read below: it has sites */
DEFINE_VRO(u32, tr_unread, 5);		/* read nowhere: no site */
DECLARE_VRO(u32, vt_shared);		/* vro_t_def */

static noinline __noipa u32 tr_get_read(void) { return vro(tr_read); }
static noinline __noipa u32 tr_get_shared(void) { return vro(vt_shared); }

/* Never registered: no DEFINE_VRO() made them. */
static struct vro_var tr_loose = { .name = "__vro_tr_loose", .size = 4 };
static struct vro_var tr_noname = { .size = 4 };
/* A copy of tr_unread's struct, made at init. */
static struct vro_var tr_copy;

static bool tr_read_is(u32 v)
{
	return vro_value(tr_read) == v && tr_get_read() == v;
}

static void tr_unregistered(void)
{
	struct vro_item it[2] = {
		VRO_ITEM(tr_read, 8),
		{ .var = &tr_loose, .raw = 1 },
	};
	int ret;

	ret = vro_set_items(it, 2);
	vt_ok(ret == -ENODEV && tr_read_is(7) && tr_loose.value == 0,
	      "a member no module defined (tr_loose): -ENODEV (%d), nothing written",
	      ret);
	ret = vro_set_var(&tr_loose, 1, false);
	vt_ok(ret == -ENODEV && tr_loose.value == 0,
	      "vro_set_var() of a variable no module defined: -ENODEV (%d)",
	      ret);
	it[1].var = &tr_noname;
	ret = vro_set_items(it, 2);
	vt_ok(ret == -ENODEV && tr_read_is(7),
	      "a member that is no registered VRO and has no name: -ENODEV (%d), nothing written",
	      ret);
}

static void tr_copies(void)
{
	struct vro_var shared;
	u32 sh = vro_value(vt_shared);
	struct vro_item it[2] = {
		VRO_ITEM(tr_read, 8),
		{ .var = &tr_copy, .raw = 6 },
	};
	int ret;

	memcpy(&tr_copy, &vro_var_tr_unread, sizeof(tr_copy));
	ret = vro_set_items(&it[1], 1);
	vt_ok(ret == -ENODEV && vro_value(tr_unread) == 5 &&
	      tr_copy.value == 5,
	      "a copy of a DEFINE_VRO() struct with no site (tr_unread): -ENODEV (%d), neither it nor the copy written",
	      ret);
	ret = vro_set_items(it, 2);
	vt_ok(ret == -ENODEV && tr_read_is(7) && tr_copy.value == 5,
	      "the same copy as member 2 of 2: -ENODEV (%d), nothing written",
	      ret);
	memcpy(&shared, &vro_var_vt_shared, sizeof(shared));
	it[1].var = &shared;
	it[1].raw = sh + 1;
	ret = vro_set_items(it, 2);
	vt_ok(ret == -ENODEV && tr_read_is(7) && vro_value(vt_shared) == sh &&
	      tr_get_shared() == sh,
	      "a copy of a DECLARE_VRO() struct with sites (vro_t_def's vt_shared): -ENODEV (%d), nothing written",
	      ret);
	it[1].var = &vro_var_vt_shared;
	ret = vro_set_items(it, 2);
	vt_ok(!ret && tr_read_is(8) && tr_get_shared() == sh + 1,
	      "the registered structs themselves are still written (%d)", ret);
}

static void tr_tests(void)
{
	tr_unregistered();
	tr_copies();
}

static int __init tr_init(void)
{
	return vt_tap_run(tr_tests);
}

static void __exit tr_exit(void)
{
	vt_tap_exit();
}

module_init(tr_init);
module_exit(tr_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: updates naming an unregistered or copied struct vro_var");
