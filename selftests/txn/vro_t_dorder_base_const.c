// SPDX-License-Identifier: GPL-2.0
/* vro_t_dorder_base built with VRO_BUILD=const. */
#define VRO_BUILD const
#include "vro_t_dorder_base.c"
