// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_txn_reg - an update naming a struct vro_var that vro.ko has not
 * registered: one no module defined (a hand-made struct, one with no
 * readable name). Each is refused with -ENODEV, nothing written; the
 * guest script checks that the kernel log names the culprit.
 */
#include <linux/module.h>
#include <linux/vro.h>

#include "../core/vt_tap.h"

VRO_MODULE();
DEFINE_VRO(u32, tr_read, 7);		/* read below: it has sites */

static noinline __noipa u32 tr_get_read(void) { return vro(tr_read); }

/* Never registered: no DEFINE_VRO() made them. */
static struct vro_var tr_loose = { .name = "__vro_tr_loose", .size = 4 };
static struct vro_var tr_noname = { .size = 4 };

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

static int __init tr_init(void)
{
	int ret;

	ret = vt_tap_init();
	if (ret)
		return ret;
	tr_unregistered();
	vt_tap_publish();
	return 0;
}

static void __exit tr_exit(void)
{
	vt_tap_exit();
}

module_init(tr_init);
module_exit(tr_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: updates naming an unregistered struct vro_var");
