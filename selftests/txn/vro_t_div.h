/* SPDX-License-Identifier: GPL-2.0 */
/* vro_t_div.h - the functions tools/vroperf times (selftests/txn/div.spec). */
#ifndef _VRO_T_DIV_H
#define _VRO_T_DIV_H

#include <linux/types.h>

u32 tdv_div(u32 x);
u32 tdv_idiv(u32 x);
u32 tdv_mod(u32 x);
u32 tdv_chain(u32 x);
u32 tdv_ichain(u32 x);

#endif /* _VRO_T_DIV_H */
