// SPDX-License-Identifier: GPL-2.0
/*
 * vro_a_hdr_use - the file of vro_a_hdr that only includes the header and
 * reads the VROs (the definitions are in vro_a_hdr_def.c).
 */
#include <linux/compiler.h>
#include "vro_a_hdr.h"

DECLARE_VRO(u32, a_hdr_val);	/* a second declaration is fine too */

noinline __attribute__((__noipa__)) u32 vro_a_hdr_read(void)
{
	return vro(a_hdr_val);
}

noinline __attribute__((__noipa__)) const char *vro_a_hdr_name(void)
{
	return vro(a_hdr_name);
}
