// SPDX-License-Identifier: GPL-2.0
/* tcp_vcubic built with VRO_BUILD=const: registers "vcubic_const". */
#define VRO_BUILD const
#include "tcp_vcubic.c"
