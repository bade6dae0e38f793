/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcp_vcubic.h - the state of vcubic and the test hooks each of its three
 * builds exports (vcubic_hooks, vcubic_hooks_plain, vcubic_hooks_const), so
 * a test module can drive the arithmetic with fixed inputs.
 */
#ifndef _NET_TCP_VCUBIC_H
#define _NET_TCP_VCUBIC_H

#include <linux/types.h>

#define VCUBIC_BETA_ONE		1024	/* beta is in units of 1/1024 */
#define VCUBIC_T_SHIFT		10	/* time in the cubic is in 1/1024 s */
#define VCUBIC_TRAIN		0x1	/* hystart_detect: ACK train */
#define VCUBIC_DELAY		0x2	/* hystart_detect: delay increase */

/**
 * struct vcubic - per-connection state (lives in icsk_ca_priv)
 * @cnt: ACKs per one-packet cwnd increase (tcp_cong_avoid_ai())
 * @w_max: cwnd before the last reduction (RFC 9438 W_max)
 * @last_cwnd: cwnd at the last cubic computation
 * @last_time: jiffies of the last cubic computation
 * @origin: cwnd the cubic curve is centred on (W_max or cwnd)
 * @k: time from epoch start to @origin, in 1/1024 s (RFC 9438 K)
 * @epoch_start: jiffies when the current epoch began, 0 if none
 * @ack_cnt: packets ACKed since the Reno estimate last grew
 * @w_est: the Reno-friendly estimate of cwnd (RFC 9438 W_est)
 * @target: the cubic target of the last computation (for tests)
 * @delay_min: smallest RTT seen, in us
 * @round_start: HyStart: start of this round, in us
 * @end_seq: HyStart: snd_nxt at the start of this round
 * @last_ack: HyStart: time of the last ACK of a train, in us
 * @curr_rtt: HyStart: smallest RTT of this round, in us
 * @samples: HyStart: RTT samples in this round
 * @found: HyStart: the exit point was found (VCUBIC_TRAIN/VCUBIC_DELAY)
 */
struct vcubic {
	u32 cnt;
	u32 w_max;
	u32 last_cwnd;
	u32 last_time;
	u32 origin;
	u32 k;
	u32 epoch_start;
	u32 ack_cnt;
	u32 w_est;
	u32 target;
	u32 delay_min;
	u32 round_start;
	u32 end_seq;
	u32 last_ack;
	u32 curr_rtt;
	u8 samples;
	u8 found;
};

/**
 * struct vcubic_hooks - the arithmetic of one build, for tests
 * @name: the algorithm's name ("vcubic", "vcubic_plain", "vcubic_const")
 * @update: the per-ACK cubic update at time @now (jiffies)
 * @ssthresh: the reduction on loss: returns ssthresh, updates @w_max
 * @hystart: one HyStart step at @now_us for an RTT sample @delay_us;
 *	     returns the VCUBIC_* method that found the exit, or 0
 * @cbrt: the integer cube root used for K
 * @tunables: this build's current beta and bic_scale
 */
struct vcubic_hooks {
	const char *name;
	void (*update)(struct vcubic *ca, u32 cwnd, u32 acked, u32 now);
	u32 (*ssthresh)(struct vcubic *ca, u32 cwnd);
	u32 (*hystart)(struct vcubic *ca, u32 cwnd, u32 now_us, u32 delay_us,
		       u32 ack_delay_us, bool paced, bool in_slow_start);
	u32 (*cbrt)(u64 a);
	void (*tunables)(u32 *beta, u32 *bic_scale);
};

extern const struct vcubic_hooks vcubic_hooks;
extern const struct vcubic_hooks vcubic_hooks_plain;
extern const struct vcubic_hooks vcubic_hooks_const;

#endif /* _NET_TCP_VCUBIC_H */
