// SPDX-License-Identifier: GPL-2.0
/* vp_probe built with VRO_BUILD=plain. */
#define VRO_BUILD plain
#include "vp_probe.c"
