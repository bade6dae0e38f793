// SPDX-License-Identifier: GPL-2.0
/* vro_t_derive built with VRO_BUILD=const. */
#define VRO_BUILD const
#include "vro_t_derive.c"
