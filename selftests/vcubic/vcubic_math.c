// SPDX-License-Identifier: GPL-2.0
/*
 * vcubic_math - deterministic tests of tcp_vcubic's arithmetic in its three
 * builds (vcubic, vcubic_plain, vcubic_const), through the hooks each
 * exports. Expected values come from RFC 9438's formulas evaluated in
 * floating point on the host (vcubic_expect.py -> vcubic_expect.h), from
 * the defining property of a cube root, and from HyStart's rules worked by
 * hand; the builds must agree bit for bit on the same inputs.
 *
 * Results: /sys/kernel/debug/vcubic_math_tap (see selftests/lib/ktap.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/string.h>

#include "tcp_vcubic.h"
#include "ktap.h"
#include "vcubic_expect.h"

static bool expect_fc = true;
module_param(expect_fc, bool, 0444);
MODULE_PARM_DESC(expect_fc, "the builds run with fast_convergence on");

static const struct vcubic_hooks *const vx_builds[] = {
	&vcubic_hooks, &vcubic_hooks_plain, &vcubic_hooks_const,
};

static u64 vx_rnd_state;

/* xorshift64: a fixed sequence, the same on every run */
static u64 vx_rnd(void)
{
	vx_rnd_state ^= vx_rnd_state << 13;
	vx_rnd_state ^= vx_rnd_state >> 7;
	vx_rnd_state ^= vx_rnd_state << 17;
	return vx_rnd_state;
}

/* x = floor(cbrt(a)) iff x^3 <= a < (x+1)^3; computed without overflow. */
static bool vx_is_cbrt(u64 a, u64 x)
{
	if (x > 2642245)	/* 2642246^3 > 2^64 */
		return false;
	if (x * x * x > a)
		return false;
	return (x + 1) * (x + 1) * (x + 1) > a || x + 1 > 2642245;
}

static void vx_cbrt(const struct vcubic_hooks *h)
{
	u64 a, bad = 0, n = 0;
	u32 i;

	for (a = 0; a < 65536; a++, n++)
		if (!vx_is_cbrt(a, h->cbrt(a)) && !bad++)
			pr_err("%s: cbrt(%llu) = %u\n", h->name, a, h->cbrt(a));
	vx_rnd_state = 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < 200000; i++, n++) {
		a = vx_rnd() >> (2 + vx_rnd() % 62);
		if (!vx_is_cbrt(a, h->cbrt(a)) && !bad++)
			pr_err("%s: cbrt(%llu) = %u\n", h->name, a, h->cbrt(a));
	}
	vt_ok(!bad, "%s: cube root is floor(cbrt(a)) for all a < 2^16 and 200000 values to 2^62 (%llu of %llu wrong)",
	      h->name, bad, n);
}

static bool vx_near(u32 got, u32 want, u32 slack)
{
	return got + slack >= want && got <= want + slack;
}

/* W_cubic(t) and K against the RFC's formulas, for this build's tunables. */
static void vx_update_rfc(const struct vcubic_hooks *h)
{
	unsigned int i, n = 0, bad = 0;
	u32 beta, scale;

	h->tunables(&beta, &scale);
	for (i = 0; i < ARRAY_SIZE(vx_update); i++) {
		const struct vx_update *c = &vx_update[i];
		struct vcubic ca = { .w_max = c->w_max, .delay_min = c->dmin };

		if (c->beta != beta || c->scale != scale)
			continue;
		n++;
		h->update(&ca, c->cwnd, 1, 1000);
		h->update(&ca, c->cwnd, 1, 1000 + c->j);
		if (vx_near(ca.k, c->k, 1) &&
		    vx_near(ca.target, c->target, 1 + c->target / 1000))
			continue;
		if (!bad++)
			pr_err("%s: w_max %u cwnd %u +%u jiffies: K %u (RFC %u), W_cubic %u (RFC %u)\n",
			       h->name, c->w_max, c->cwnd, c->j, ca.k, c->k,
			       ca.target, c->target);
	}
	if (!n) {
		vt_ok(true, "%s: K and W_cubic(t) against RFC 9438 # SKIP no case for beta %u bic_scale %u",
		      h->name, beta, scale);
		return;
	}
	vt_ok(!bad, "%s: K and W_cubic(t) within 1 (and 0.1%%) of RFC 9438 in %u cases (beta %u, bic_scale %u; %u wrong)",
	      h->name, n, beta, scale, bad);
}

/* RFC 9438 4.6/4.7: ssthresh = cwnd * beta; W_max with fast convergence. */
static void vx_reduce_rfc(const struct vcubic_hooks *h)
{
	unsigned int i, n = 0, bad = 0;
	u32 beta, scale, ss;

	h->tunables(&beta, &scale);
	for (i = 0; i < ARRAY_SIZE(vx_reduce); i++) {
		const struct vx_reduce *c = &vx_reduce[i];
		struct vcubic ca = { .w_max = c->w_max, .epoch_start = 5 };

		if (c->beta != beta)
			continue;
		n++;
		ss = h->ssthresh(&ca, c->cwnd);
		if (ss == c->ssthresh && !ca.epoch_start &&
		    ca.w_max == (expect_fc ? c->fc : c->nofc))
			continue;
		if (!bad++)
			pr_err("%s: reduce cwnd %u w_max %u: ssthresh %u (RFC %u) w_max %u (RFC %u)\n",
			       h->name, c->cwnd, c->w_max, ss, c->ssthresh,
			       ca.w_max, expect_fc ? c->fc : c->nofc);
	}
	vt_ok(!bad && n, "%s: ssthresh and W_max on loss exactly as RFC 9438 in %u cases (beta %u, fast_convergence %d; %u wrong)",
	      h->name, n, beta, expect_fc, bad);
}

/* HyStart with the default thresholds, worked by hand. */
static u32 vx_train(const struct vcubic_hooks *h, u32 cwnd, u32 gap,
		    unsigned int acks, bool paced)
{
	struct vcubic ca = { .delay_min = 10000, .curr_rtt = ~0U };
	unsigned int r;
	u32 found = 0;

	for (r = 0; r < acks && !found; r++)
		found = h->hystart(&ca, cwnd, gap * r, 10000, 0, paced, true);
	return found;
}

static u32 vx_delay(const struct vcubic_hooks *h, u32 rtt, unsigned int n,
		    bool in_ss)
{
	struct vcubic ca = { .delay_min = 10000, .curr_rtt = ~0U };
	unsigned int r;
	u32 found = 0;

	/* samples 100 ms apart: never an ACK train */
	for (r = 0; r < n && !found; r++)
		found = h->hystart(&ca, 20, 100000 * (r + 1), rtt, 0, false,
				   in_ss);
	return found;
}

static void vx_hystart(const struct vcubic_hooks *h)
{
	/* half of delay_min is 5 ms: the 5th ACK at 6 ms ends slow start */
	vt_ok(vx_train(h, 20, 1500, 5, false) == VCUBIC_TRAIN &&
	      !vx_train(h, 20, 1500, 4, false),
	      "%s: HyStart: an ACK train of 1.5 ms gaps fires at 6 ms > delay_min/2, not at 4.5 ms",
	      h->name);
	vt_ok(!vx_train(h, 20, 1500, 7, true) &&
	      vx_train(h, 20, 1500, 8, true) == VCUBIC_TRAIN,
	      "%s: HyStart: paced, the train must pass the whole delay_min: fires at 10.5 ms, not at 9 ms",
	      h->name);
	vt_ok(!vx_train(h, 15, 1500, 8, false),
	      "%s: HyStart: cwnd 15 < hystart_low_window 16: no detection",
	      h->name);
	vt_ok(!vx_train(h, 20, 2500, 8, false),
	      "%s: HyStart: ACKs 2.5 ms apart > hystart_ack_delta_us: no train",
	      h->name);
	vt_ok(vx_delay(h, 15000, 9, true) == VCUBIC_DELAY &&
	      !vx_delay(h, 15000, 8, true),
	      "%s: HyStart: RTT 15 ms > 10 + 4 ms fires on the 9th sample, not the 8th",
	      h->name);
	vt_ok(!vx_delay(h, 13000, 20, true) && !vx_delay(h, 15000, 20, false),
	      "%s: HyStart: RTT 13 ms < 14 ms, or not in slow start: no detection",
	      h->name);
}

/* A random but valid state and ACK. */
static void vx_random(struct vcubic *ca, u32 *cwnd, u32 *acked, u32 *now)
{
	memset(ca, 0, sizeof(*ca));
	*cwnd = 2 + vx_rnd() % 50000;
	*acked = 1 + vx_rnd() % 64;
	*now = 100000 + vx_rnd() % 100000;
	ca->w_max = vx_rnd() % 2 ? 0 : *cwnd + vx_rnd() % 20000 - 5000;
	if (vx_rnd() % 2) {
		ca->epoch_start = *now - vx_rnd() % 5000;
		ca->k = vx_rnd() % 30000;
		ca->origin = max(ca->w_max, *cwnd);
		ca->w_est = *cwnd - vx_rnd() % 2 * (*cwnd / 4);
		ca->ack_cnt = vx_rnd() % 100000;
		ca->last_time = *now - vx_rnd() % 40;
		ca->last_cwnd = vx_rnd() % 2 ? *cwnd : 0;
	}
	ca->delay_min = vx_rnd() % 200000;
	ca->round_start = *now * 4000 - vx_rnd() % 20000;
	ca->last_ack = ca->round_start + vx_rnd() % 10000;
	ca->curr_rtt = ~0U;
}

/* Builds @a and @b get the same 100000 inputs and must return the same. */
static void vx_agree(const struct vcubic_hooks *a, const struct vcubic_hooks *b)
{
	struct vcubic s, x, y;
	u32 cwnd, acked, now, i, bad = 0;

	vx_rnd_state = 0x2545f4914f6cdd1dULL;
	for (i = 0; i < 100000; i++) {
		vx_random(&s, &cwnd, &acked, &now);
		x = s;
		y = s;
		a->update(&x, cwnd, acked, now);
		b->update(&y, cwnd, acked, now);
		if (a->ssthresh(&x, cwnd) != b->ssthresh(&y, cwnd))
			bad++;
		if (a->hystart(&x, cwnd, now * 4000, s.delay_min + i % 30000,
			       i % 900, i & 1, true) !=
		    b->hystart(&y, cwnd, now * 4000, s.delay_min + i % 30000,
			       i % 900, i & 1, true))
			bad++;
		if (memcmp(&x, &y, sizeof(x)))
			bad++;
		if (bad == 1 && !i)
			pr_err("%s/%s differ at input %u\n", a->name, b->name, i);
	}
	vt_ok(!bad, "%s and %s agree on 100000 random states (update, reduce, HyStart; %u differ)",
	      a->name, b->name, bad);
}

static bool vx_same_tunables(const struct vcubic_hooks *a,
			     const struct vcubic_hooks *b)
{
	u32 ba, sa, bb, sb;

	a->tunables(&ba, &sa);
	b->tunables(&bb, &sb);
	return ba == bb && sa == sb;
}

static int __init vx_init(void)
{
	unsigned int i, j;
	int err;

	err = vt_tap_init();
	if (err)
		return err;
	if (HZ != VCUBIC_EXPECT_HZ)
		vt_ok(true, "vcubic: RFC tables # SKIP made for HZ=%d, kernel has %d",
		      VCUBIC_EXPECT_HZ, HZ);
	for (i = 0; i < ARRAY_SIZE(vx_builds); i++) {
		vx_cbrt(vx_builds[i]);
		if (HZ == VCUBIC_EXPECT_HZ)
			vx_update_rfc(vx_builds[i]);
		vx_reduce_rfc(vx_builds[i]);
		vx_hystart(vx_builds[i]);
	}
	for (i = 0; i < ARRAY_SIZE(vx_builds); i++)
		for (j = i + 1; j < ARRAY_SIZE(vx_builds); j++)
			if (vx_same_tunables(vx_builds[i], vx_builds[j]))
				vx_agree(vx_builds[i], vx_builds[j]);
	vt_tap_publish();
	return 0;
}

static void __exit vx_exit(void)
{
	vt_tap_exit();
}

module_init(vx_init);
module_exit(vx_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("tests of tcp_vcubic's arithmetic in its three builds");
