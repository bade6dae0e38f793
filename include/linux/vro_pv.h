/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro_pv.h - paravirt-style op sets patched into direct calls by vro.ko.
 * Included from <linux/vro.h>; see Documentation/vro-pv.rst.
 */
#ifndef _LINUX_VRO_PV_H
#define _LINUX_VRO_PV_H

#endif /* _LINUX_VRO_PV_H */
