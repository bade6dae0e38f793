// SPDX-License-Identifier: GPL-2.0
/*
 * vro_pv_life_b.c - backend "ext" (rating 0: only when selected) of the
 * tlife op set, in a module of its own, so that selftests/pv/guest.sh can
 * check that it unloads once tlife is unregistered, and that the sites that
 * called it are back on their trampoline first. rating=N (load time)
 * makes it the default of the rating rule instead.
 */
#include <linux/module.h>
#include "vro_pv_life.h"

static u32 tl_ext(u32 x)
{
	return x + 40;
}

static const struct vro_pv_impl tl_ext_impls[] = {
	PV_IMPL(tl_val, tl_ext),
};
static struct vro_pv_backend tl_ext_backend =
	PV_BACKEND(tlife, "ext", 0, tl_ext_impls);

static uint rating;
module_param(rating, uint, 0444);
MODULE_PARM_DESC(rating, "ext's rating (default 0: only when selected)");

static int __init vro_pv_life_b_init(void)
{
	tl_ext_backend.rating = rating;
	return vro_pv_register_backend(&tl_ext_backend);
}

static void __exit vro_pv_life_b_exit(void)
{
	vro_pv_unregister_backend(&tl_ext_backend);
}

module_init(vro_pv_life_b_init);
module_exit(vro_pv_life_b_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro pv lifetime test: backend ext of op set tlife");
