// SPDX-License-Identifier: GPL-2.0
/*
 * vro_pv_fail.c - a module whose init fails after registering pv state, so
 * that vro.ko's module notifier must sweep it (selftests/pv/guest.sh).
 *
 * what=backend: registers backend "fail" of the tlife op set, selects it
 * (the live site of vro_pv_life.ko is retargeted to it and this module is
 * pinned), then fails. what=set: registers its own op set "tfail", whose
 * one site is in this module, then fails. Neither unregisters anything.
 */
#include <linux/module.h>
#include "vro_pv_life.h"

VRO_MODULE();

static char *what = "backend";
module_param(what, charp, 0444);
MODULE_PARM_DESC(what, "what to leave registered: backend or set");

static u32 tf_fail(u32 x)
{
	return x + 50;
}

static const struct vro_pv_impl tf_impls[] = {
	PV_IMPL(tl_val, tf_fail),
};
static struct vro_pv_backend tf_backend = PV_BACKEND(tlife, "fail", 0, tf_impls);

DECLARE_PV_OP(u32, tf_val, u32 x);

static u32 tf_one(u32 x)
{
	return x + 1;
}

DEFINE_PV_OP(tf_val, tf_one);
DEFINE_PV_SET(tfail, PV_OP(tf_val));

static noinline __attribute__((noipa)) u32 tf_call(u32 x)
{
	return pv_call(tf_val, x) * 2;
}

static int __init vro_pv_fail_init(void)
{
	int ret;

	if (!strcmp(what, "backend")) {
		ret = vro_pv_register_backend(&tf_backend);
		if (!ret)
			ret = vro_pv_select("tlife", "fail");
	} else if (!strcmp(what, "set")) {
		ret = vro_pv_register_set(&pv_set_tfail, NULL, 0);
		if (!ret && tf_call(1) != 4)
			ret = -EIO;
	} else {
		ret = -EINVAL;
	}
	pr_info("vro_pv_fail: what=%s: registered (%d); init fails on purpose\n",
		what, ret);
	return ret ?: -ECANCELED;
}

module_init(vro_pv_fail_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro pv lifetime test: init fails with pv state registered");
