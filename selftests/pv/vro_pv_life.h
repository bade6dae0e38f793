/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro_pv_life.h - the "tlife" op set of vro_pv_life.ko, for the backend
 * modules of the lifetime tests (vro_pv_life_b.ko, vro_pv_fail.ko).
 */
#ifndef _VRO_PV_LIFE_H
#define _VRO_PV_LIFE_H

#include <linux/vro.h>

DECLARE_PV_OP(u32, tl_val, u32 x);
DECLARE_PV_SET(tlife);

#endif /* _VRO_PV_LIFE_H */
