// SPDX-License-Identifier: GPL-2.0
/* tcp_vcubic built with VRO_BUILD=plain: registers "vcubic_plain". */
#define VRO_BUILD plain
#include "tcp_vcubic.c"
