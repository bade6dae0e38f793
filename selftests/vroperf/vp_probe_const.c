// SPDX-License-Identifier: GPL-2.0
/* vp_probe built with VRO_BUILD=const. */
#define VRO_BUILD const
#include "vp_probe.c"
