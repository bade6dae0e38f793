/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmlinux's test users of vro (CONFIG_VRO_SELFTEST): the readers that
 * selftest.c's debugfs file vro/vmlinux_test prints.
 */
#ifndef _VRO_SELFTEST_H
#define _VRO_SELFTEST_H

#include <linux/types.h>

/* selftest_plain.c: VROs of the plain build (VRO_BUILD=plain) in vmlinux */
u32 vk_plain_read_u32(void);
bool vk_plain_read_flag(void);

/* selftest_const.c: a VRO of the const build (VRO_BUILD=const) in vmlinux */
u32 vk_const_read_u32(void);

#endif /* _VRO_SELFTEST_H */
