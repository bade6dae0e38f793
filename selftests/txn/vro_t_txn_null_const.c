// SPDX-License-Identifier: GPL-2.0
/* vro_t_txn_null built with VRO_BUILD=const. */
#define VRO_BUILD const
#include "vro_t_txn_null.c"
