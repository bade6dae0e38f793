/* SPDX-License-Identifier: GPL-2.0 */
/* vro_a_ptr.h - vro_a_ptr's global table: pointer VROs compared to a global. */
#ifndef _VRO_A_PTR_H
#define _VRO_A_PTR_H

#include <linux/types.h>

extern u32 vro_a_tab_g[4];

#endif /* _VRO_A_PTR_H */
