// SPDX-License-Identifier: GPL-2.0
/* vro_forms built with VRO_BUILD=plain. */
#define VRO_BUILD plain
#include "vro_forms.c"
