/* SPDX-License-Identifier: GPL-2.0 */
/* vp_probe.h - the functions vp_probe exports for tools/vroperf's tests. */
#ifndef _VP_PROBE_H
#define _VP_PROBE_H

#include <linux/types.h>

u64 vp_apply(u64 x);
u32 vp_divide(u32 x);
u64 vp_sum(const u32 *w, u32 n);

#endif /* _VP_PROBE_H */
