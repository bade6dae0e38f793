// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_refuse - calls vro_set() on vro_t_def's VROs with values that must
 * be refused (and, once sealed, with one that must be refused for -EPERM),
 * and on its boot-only VRO, which a module's code can never set.
 * It reads no VRO itself, so it adds no site: the guest script compares
 * /sys/kernel/debug/vro/sites before and after loading it.
 */
#include <linux/module.h>
#include <linux/vro.h>

#include "ktap.h"

VRO_MODULE();		/* it declares VROs: vro.ko wants a site table */
DECLARE_VRO(u32, vt_shared);
DECLARE_VRO(u16, vt_small);
DECLARE_VRO(u32, vt_boot);

static void vt_expect(int got, int want, const char *what)
{
	vt_ok(got == want, "API: %s = %d (want %d)", what, got, want);
}

static int __init vt_refuse_init(void)
{
	int ret = vt_tap_init();
	u32 shared = vro_value(vt_shared);
	int erange = vro_is_sealed() ? -EPERM : -ERANGE;

	if (ret)
		return ret;
	/* Once sealed, -EPERM comes first, whatever the value. */
	vt_expect(vro_set(vt_shared, 1ULL << 32), erange,
		  "vro_set(u32, 2^32)");
	vt_expect(vro_set(vt_shared, -1), erange, "vro_set(u32, -1)");
	vt_expect(vro_set(vt_small, 65536), erange, "vro_set(u16, 65536)");
	vt_expect(vro_set(vt_small, (s8)-1), erange,
		  "vro_set(u16, (s8)-1)");
	if (vro_is_sealed())
		vt_expect(vro_set(vt_shared, shared + 1), -EPERM,
			  "sealed: vro_set(u32, in range)");
	/* a module's boot-only VRO: nothing sets it, not even in range */
	vt_expect(vro_set(vt_boot, 22), -EPERM,
		  "vro_set() of a module's boot-only VRO (22)");
	vt_expect(vro_set_many(VRO_ITEM(vt_small, 1), VRO_ITEM(vt_boot, 22)),
		  -EPERM, "vro_set_many() naming a module's boot-only VRO");
	vt_ok(vro_value(vt_shared) == shared,
	      "API: value unchanged after refusals (%u)", shared);
	vt_ok(vro_value(vt_boot) == 21,
	      "API: the boot-only vt_boot keeps its default 21 (%u)",
	      vro_value(vt_boot));
	vt_tap_publish();
	return 0;
}

static void __exit vt_refuse_exit(void)
{
	vt_tap_exit();
}

module_init(vt_refuse_init);
module_exit(vt_refuse_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: refused vro_set() calls write nothing");
