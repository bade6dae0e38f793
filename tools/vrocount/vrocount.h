/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrocount.h - what the plugin (vrocount.c), the mark tool (vromark.c) and
 * the report (report) share: the mark instruction's immediate and the
 * class bits of the result file.
 */
#ifndef VROCOUNT_H
#define VROCOUNT_H

#define VROCOUNT_FORMAT	1

/* "movabs $(VROCOUNT_MAGIC | cmd), %rax" in user code is a mark */
#define VROCOUNT_MAGIC	0x7672636e74000000ULL	/* "vrcnt" */
#define VC_MARK_START	1	/* zero every counter */
#define VC_MARK_STOP	2	/* freeze the counts (written to FILE.N now, FILE at exit) */
/* the next user movabs's immediate: a kernel address, a boundary */
#define VC_MARK_BOUNDARY 3
/* the next two: a data object's start and end (mem=on counts accesses in it) */
#define VC_MARK_OBJECT	4
#define VC_MAX_OBJECTS	32

/* class bits of an instruction (FLAGS in the result file, hex) */
#define VC_LOAD		0x01	/* reads a memory operand */
#define VC_STORE	0x02	/* writes a memory operand */
#define VC_RIP		0x04	/* that operand is RIP-relative: TARGET */
#define VC_GS		0x08	/* %gs: (per-CPU data) */
#define VC_PUSH		0x10	/* push, call: a stack store */
#define VC_POP		0x20	/* pop, ret, leave: a stack load */
#define VC_GUESSED	0x40	/* capstone gave no access: counted as a load */
#define VC_UNDECODED	0x80	/* capstone could not decode it */

#endif
