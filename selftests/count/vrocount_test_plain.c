// SPDX-License-Identifier: GPL-2.0
/* vrocount_test built with VRO_BUILD=plain: module vrocount_test_plain. */
#define VRO_BUILD plain
#include "vrocount_test.c"
