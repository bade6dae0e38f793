/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vro_flow.h - the "flow" pv op set: flow hashing and a cheap timestamp for
 * network users, patched by vro.ko into direct calls to one backend.
 * Defined in net/vro_flow.c; see Documentation/vro-pv.rst.
 *
 * Backends (vro.pv=flow:<name>):
 *	crc32c	 SSE4.2 crc32 instruction; flow_stamp is an inline rdtsc
 *		 (push %rdx; rdtsc; pop %rdx: see flow_stamp below).
 *		 Registered only when the CPU has SSE4.2 and a TSC. Rating 300.
 *	jhash	 Bob Jenkins' hash (as the stack's flow dissector); the stamp
 *		 is local_clock() in ns. Rating 200.
 *	siphash	 SipHash-2-4 with a boot-time random key: resists hash
 *		 flooding by remote senders. Rating 100.
 *	trace	 (net/vro_flow_trace.ko) counts calls per op and forwards to
 *		 the default backend. Rating 0: only when named.
 */
#ifndef _NET_VRO_FLOW_H
#define _NET_VRO_FLOW_H

#include <linux/types.h>
#include <linux/vro.h>

/**
 * struct vro_flow_tuple - the key of an IPv4 flow
 * @saddr: source address
 * @daddr: destination address
 * @sport: source port (0 if the protocol has none)
 * @dport: destination port
 * @proto: IP protocol
 */
struct vro_flow_tuple {
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
	u8 proto;
};

/* flow_hash_u32 - hash one 32-bit key with a seed */
DECLARE_PV_OP(u32, flow_hash_u32, u32 key, u32 seed);
/* flow_hash_tuple - hash a flow's 5-tuple with a seed */
DECLARE_PV_OP(u32, flow_hash_tuple, const struct vro_flow_tuple *t, u32 seed);
/* flow_stamp - a free-running 32-bit stamp for short intervals on one CPU.
 * Its unit is the backend's (TSC cycles for crc32c, ns otherwise): compare
 * stamps of one backend only. A callee-save op with 5-byte sites: a caller
 * keeps every register but %rax live across it, which suits a per-packet
 * hook whose best stamp is one instruction. Its rdtsc template saves %rdx
 * around rdtsc (4 bytes) so the one convention holds for every function.
 */
DECLARE_PV_OP_CALLEE_SAVE(u32, flow_stamp, 5, void);

DECLARE_PV_SET(flow);

/* Two backends' functions, exported for direct-call benchmarks only. */
u32 flow_jhash_u32(u32 key, u32 seed);
u32 flow_crc32c_u32(u32 key, u32 seed);
/* crc32c's flow_stamp, hand-written for the callee-save convention */
u32 flow_tsc_stamp(void) __pv_callee_save;

#endif /* _NET_VRO_FLOW_H */
