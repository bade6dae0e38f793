/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro_a_extc.h - module C's own declaration of module A's VRO, written the
 * way a consumer without A's header would, and wrong: A defines a_ext_v
 * as u32 (selftests/api/ext/a/vro_a_exta.c).
 */
#ifndef _VRO_A_EXTC_H
#define _VRO_A_EXTC_H

#include <linux/vro.h>

DECLARE_VRO(u64, a_ext_v);

#endif /* _VRO_A_EXTC_H */
