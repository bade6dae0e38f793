// SPDX-License-Identifier: GPL-2.0
/*
 * vp_probe - a tiny vro user with known results, built three ways
 * (vp_probe, vp_probe_plain, vp_probe_const) for the host test of
 * tools/vroperf: the runner must return what the C says, in all builds.
 */
#include <linux/module.h>
#include <linux/vro.h>

#include "vp_probe.h"

VRO_MODULE();
DEFINE_VRO(u32, vp_mask, 0xff0);
DEFINE_VRO(u64, vp_add, 1000000);
DEFINE_VRO(u32, vp_div, 7);

/* (x & mask) + add: an "and" and an "add" immediate in the vro build */
noinline u64 vp_apply(u64 x)
{
	return (x & vro(vp_mask)) + vro(vp_add);
}
EXPORT_SYMBOL_GPL(vp_apply);

/* x / div: idiv in the vro and plain builds, a multiply in the const one */
noinline u32 vp_divide(u32 x)
{
	return x / vro(vp_div);
}
EXPORT_SYMBOL_GPL(vp_divide);

/* Sum of a u32 buffer's first n words, each masked: buffer arguments. */
noinline u64 vp_sum(const u32 *w, u32 n)
{
	u64 s = 0;

	while (n--)
		s += *w++ & vro(vp_mask);
	return s;
}
EXPORT_SYMBOL_GPL(vp_sum);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("test module of tools/vroperf");
