// SPDX-License-Identifier: GPL-2.0
/* vro_forms built with VRO_BUILD=const. */
#define VRO_BUILD const
#include "vro_forms.c"
