// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_dorder - derived VROs of one module computed at load in dependency
 * order, whatever the order of their definitions (and so of mod->kp): the
 * base to_x lives in vro_t_dorder_base and holds a value other than its
 * default when this module loads (selftests/txn/guest.sh). Chain 1 is
 * defined consumer first (w1 = h(z1), z1 = g(y1), y1 = f(x)), chain 2 base
 * first; each derived VRO must be computed from its bases' derived values,
 * never from their defaults. Also: vro_set_many() with a member count no
 * caller can mean is refused before anything is allocated or read.
 */
#include <linux/module.h>
#include <linux/vro.h>

#include "ktap.h"

VRO_MODULE();
DECLARE_VRO(u32, to_x);

#define to_twice(v)	((v) * 2)
#define to_plus3(v)	((v) + 3)
#define to_times5(v)	((v) * 5)

/* chain 1: consumers defined before their bases */
DECLARE_VRO(u32, to_z1);
DECLARE_VRO(u32, to_y1);
DEFINE_VRO_DERIVED(u32, to_w1, 55, to_times5, to_z1);
DEFINE_VRO_DERIVED(u32, to_z1, 11, to_plus3, to_y1);
DEFINE_VRO_DERIVED(u32, to_y1, 8, to_twice, to_x);

/* chain 2: bases defined before their consumers */
DEFINE_VRO_DERIVED(u32, to_y2, 8, to_twice, to_x);
DEFINE_VRO_DERIVED(u32, to_z2, 11, to_plus3, to_y2);
DEFINE_VRO_DERIVED(u32, to_w2, 55, to_times5, to_z2);

/*
 * The base's value through its descriptor (what vro_build.c stores at load
 * is what this test is about), not through vro(to_x).
 */
static u32 to_get_x(void)
{
	return READ_ONCE(__VRO_VARP(to_x)->value);
}

static noinline __noipa u32 to_get_y1(void) { return vro(to_y1); }
static noinline __noipa u32 to_get_z1(void) { return vro(to_z1); }
static noinline __noipa u32 to_get_w1(void) { return vro(to_w1); }
static noinline __noipa u32 to_get_y2(void) { return vro(to_y2); }
static noinline __noipa u32 to_get_z2(void) { return vro(to_z2); }
static noinline __noipa u32 to_get_w2(void) { return vro(to_w2); }

/* Both chains read (code and vro_value()) what @x derives to. */
static bool to_reads(u32 x)
{
	u32 y = to_twice(x), z = to_plus3(y), w = to_times5(z);

	return to_get_y1() == y && vro_value(to_y1) == y &&
	       to_get_z1() == z && vro_value(to_z1) == z &&
	       to_get_w1() == w && vro_value(to_w1) == w &&
	       to_get_y2() == y && vro_value(to_y2) == y &&
	       to_get_z2() == z && vro_value(to_z2) == z &&
	       to_get_w2() == w && vro_value(to_w2) == w;
}

static void to_tests(void)
{
	/* a duplicate member: an update of this size can only be refused */
	const struct vro_item items[] = {
		VRO_ITEM(to_x, 6), VRO_ITEM(to_x, 6),
	};
	u32 x = to_get_x();
	int ret;

	vt_ok(x != 4,
	      "the base to_x holds %u at load, not its default 4", x);
	vt_ok(to_reads(x),
	      "at load, from to_x = %u: y = %u, z = %u, w = %u in both chains (chain 1: y1 %u z1 %u w1 %u; chain 2: y2 %u z2 %u w2 %u)",
	      x, to_twice(x), to_plus3(to_twice(x)),
	      to_times5(to_plus3(to_twice(x))), to_get_y1(), to_get_z1(),
	      to_get_w1(), to_get_y2(), to_get_z2(), to_get_w2());
	if (VRO_BUILD_MODE == VRO_BUILD_CONST)
		return;
	ret = __VRO_SET_ITEMS(items, UINT_MAX);
	vt_ok(ret == -E2BIG && to_reads(x),
	      "vro_set_many() of UINT_MAX members: -E2BIG before any allocation (%d), nothing changed",
	      ret);
	ret = __VRO_SET_ITEMS(items, (1U << 16) + 1);
	vt_ok(ret == -E2BIG && to_reads(x),
	      "vro_set_many() of 65537 members (more than VRO_SET_MAX): -E2BIG (%d), nothing changed",
	      ret);
	ret = vro_set(to_x, x + 1);
	vt_ok(!ret && to_reads(x + 1),
	      "vro_set(to_x, %u): both chains follow (%d)", x + 1, ret);
	ret = vro_set(to_x, x);
	vt_ok(!ret && to_reads(x), "to_x back to %u (%d)", x, ret);
}

static int __init to_init(void)
{
	return vt_tap_run(to_tests);
}

static void __exit to_exit(void)
{
	vt_tap_exit();
}

module_init(to_init);
module_exit(to_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: derived VROs computed in dependency order");
