// SPDX-License-Identifier: GPL-2.0
/* vro_flowtab built with VRO_BUILD=const: module vro_flowtab_const. */
#define VRO_BUILD const
#include "vro_flowtab.c"
