/* SPDX-License-Identifier: GPL-2.0 */
/* vro_a_inc.h - found only through the consumer's own ccflags-y. */
#ifndef _VRO_A_INC_H
#define _VRO_A_INC_H

#define VRO_A_INC_DEFAULT	23

#endif /* _VRO_A_INC_H */
