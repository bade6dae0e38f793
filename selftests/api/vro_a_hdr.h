/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro_a_hdr.h - the layout of DECLARE_STATIC_KEY_FALSE(): a header declares
 * the VRO, every file of the module includes it, one file defines it.
 */
#ifndef _VRO_A_HDR_H
#define _VRO_A_HDR_H

#include <linux/vro.h>

DECLARE_VRO(u32, a_hdr_val);
DECLARE_VRO(const char *, a_hdr_name);

u32 vro_a_hdr_read(void);
const char *vro_a_hdr_name(void);

#endif /* _VRO_A_HDR_H */
