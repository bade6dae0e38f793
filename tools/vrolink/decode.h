/* SPDX-License-Identifier: GPL-2.0 */
/*
 * decode.h - the instruction check of vrolink (decode.c): the one user of
 * the Capstone decoder, whose header stays inside decode.c.
 */
#ifndef _VROLINK_DECODE_H
#define _VROLINK_DECODE_H

struct vfile;

int decode_sites(struct vfile *f);

#endif /* _VROLINK_DECODE_H */
