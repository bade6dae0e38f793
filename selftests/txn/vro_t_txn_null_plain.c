// SPDX-License-Identifier: GPL-2.0
/* vro_t_txn_null built with VRO_BUILD=plain. */
#define VRO_BUILD plain
#include "vro_t_txn_null.c"
