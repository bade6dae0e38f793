// SPDX-License-Identifier: GPL-2.0
/* vro_flowtab built with VRO_BUILD=plain: module vro_flowtab_plain. */
#define VRO_BUILD plain
#include "vro_flowtab.c"
