// SPDX-License-Identifier: GPL-2.0
/* vro_t_dorder_base built with VRO_BUILD=plain. */
#define VRO_BUILD plain
#include "vro_t_dorder_base.c"
