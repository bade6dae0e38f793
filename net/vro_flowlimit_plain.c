// SPDX-License-Identifier: GPL-2.0
/* The baseline build of vro_flowlimit: tunables as __read_mostly variables. */
#define FLOWLIMIT_PLAIN
#include "vro_flowlimit.c"
