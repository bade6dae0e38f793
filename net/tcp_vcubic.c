// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_vcubic - CUBIC congestion control (RFC 9438) with HyStart slow-start
 * exit as Linux does it, whose tunables are VROs.
 *
 * Every tunable is a module parameter backed by a VRO: set it on the insmod
 * line, on the kernel command line (tcp_vcubic.beta=...) or through sysfs,
 * then set_very_readonly() makes it part of the instruction stream. The
 * per-ACK path then reads beta, bic_scale, the switches and the HyStart
 * thresholds as immediates instead of memory loads.
 *
 * One source, three builds (<linux/vro_build.h>): tcp_vcubic registers
 * "vcubic" (VROs), tcp_vcubic_plain "vcubic_plain" (__read_mostly
 * variables) and tcp_vcubic_const "vcubic_const" (compile-time constants);
 * the three load side by side.
 *
 * Units: cwnd in packets, time in jiffies or 1/1024 s inside the cubic
 * (RFC 9438 section 4.2: W_cubic(t) = C * (t - K)^3 + W_max), C =
 * bic_scale * 10 / 1024 (0.4 for 41), beta = beta / 1024 (717: 0.7).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <net/tcp.h>
#include <linux/vro.h>

#include "tcp_vcubic.h"

#define VCUBIC_NAME		"vcubic" VRO_BUILD_SUFFIX
#define VCUBIC_MIN_SAMPLES	8	/* RTT samples per round before deciding */
#define VCUBIC_DELAY_LO		4000U	/* HyStart delay threshold bounds, us */
#define VCUBIC_DELAY_HI		16000U
#define VCUBIC_RECALC		(HZ / 32)	/* recompute at least this often */

/* The defaults, and the constants derived from them (derived VROs). */
#define VCUBIC_BETA		717
#define VCUBIC_BIC_SCALE	41
/* cwnd / alpha_cubic, times 8 (RFC 9438 4.3: alpha = 3(1-beta)/(1+beta)) */
#define VCUBIC_BETA_SCALE(b)	(8 * (VCUBIC_BETA_ONE + (b)) / 3 /	\
				 (VCUBIC_BETA_ONE - (b)))
/* C in units of 2^-10 per (1/1024 s)^3 (a 100 ms RTT folded in, as Linux) */
#define VCUBIC_RTT_SCALE(s)	((s) * 10)
/* 2^40 / (C * 1024): K = cbrt(cube_factor * (W_max - cwnd)) in 1/1024 s */
#define VCUBIC_CUBE_FACTOR(s)	((1ULL << (10 + 3 * VCUBIC_T_SHIFT)) /	\
				 VCUBIC_RTT_SCALE(s))

VRO_MODULE();
DEFINE_VRO(u32, vcubic_beta, VCUBIC_BETA);
DEFINE_VRO(u32, vcubic_bic_scale, VCUBIC_BIC_SCALE);
DEFINE_VRO(bool, vcubic_fast_convergence, true);
DEFINE_VRO(bool, vcubic_tcp_friendliness, true);
DEFINE_VRO(bool, vcubic_hystart, true);
DEFINE_VRO(u32, vcubic_hystart_detect, VCUBIC_TRAIN | VCUBIC_DELAY);
DEFINE_VRO(u32, vcubic_hystart_low_window, 16);
DEFINE_VRO(u32, vcubic_hystart_ack_delta_us, 2000);

/* Derived VROs: recomputed and patched in the same batch as beta or
 * bic_scale whenever one changes (DEFINE_VRO_DERIVED()), never set
 * directly. A tunable out of range (possible through debugfs vro/set,
 * which skips the parameters' range check) gives a value the derived
 * VRO's type cannot hold, so the whole update is refused with -ERANGE.
 */
static u64 vcubic_beta_scale_of(u32 beta)
{
	if (!beta || beta >= VCUBIC_BETA_ONE)
		return U64_MAX;
	return VCUBIC_BETA_SCALE(beta);
}

static u64 vcubic_rtt_scale_of(u32 s)
{
	return s ? VCUBIC_RTT_SCALE((u64)s) : U64_MAX;
}

static u64 vcubic_cube_factor_of(u32 s)
{
	return s ? VCUBIC_CUBE_FACTOR((u64)s) : 0;	/* 0: refused above */
}

DEFINE_VRO_DERIVED(u32, vcubic_beta_scale, VCUBIC_BETA_SCALE(VCUBIC_BETA),
		   vcubic_beta_scale_of, vcubic_beta);
DEFINE_VRO_DERIVED(u32, vcubic_cube_rtt_scale,
		   VCUBIC_RTT_SCALE(VCUBIC_BIC_SCALE), vcubic_rtt_scale_of,
		   vcubic_bic_scale);
DEFINE_VRO_DERIVED_WIDE(u64, vcubic_cube_factor,
		   VCUBIC_CUBE_FACTOR(VCUBIC_BIC_SCALE), vcubic_cube_factor_of,
		   vcubic_bic_scale);

/* Parameters with a range: check, then set (derived values follow). */
static int vcubic_param_set(const char *val, const struct kernel_param *kp,
			    u32 lo, u32 hi)
{
	u32 v;
	int err;

	err = kstrtou32(val, 0, &v);
	if (!err && (v < lo || v > hi))
		err = -ERANGE;
	if (err) {
		pr_err("parameter %s=%.*s refused: want an integer in [%u, %u]\n",
		       kp->name, (int)strcspn(val, "\n"), val, lo, hi);
		return err;
	}
	return VRO_PARAM_OPS->set(val, kp);
}

static int vcubic_beta_set(const char *val, const struct kernel_param *kp)
{
	return vcubic_param_set(val, kp, 1, VCUBIC_BETA_ONE - 1);
}

static int vcubic_scale_set(const char *val, const struct kernel_param *kp)
{
	return vcubic_param_set(val, kp, 1, 10000);
}

static int vcubic_detect_set(const char *val, const struct kernel_param *kp)
{
	return vcubic_param_set(val, kp, 0, VCUBIC_TRAIN | VCUBIC_DELAY);
}

static int vcubic_param_get(char *buf, const struct kernel_param *kp)
{
	return VRO_PARAM_OPS->get(buf, kp);
}

#define VCUBIC_PARAM_OPS(n, setfn)					\
	static const struct kernel_param_ops n = {			\
		.set = setfn,						\
		.get = vcubic_param_get,				\
	}
VCUBIC_PARAM_OPS(vcubic_beta_ops, vcubic_beta_set);
VCUBIC_PARAM_OPS(vcubic_scale_ops, vcubic_scale_set);
VCUBIC_PARAM_OPS(vcubic_detect_ops, vcubic_detect_set);

module_param_cb(beta, &vcubic_beta_ops, VRO_PARAM_ARG(vcubic_beta), 0644);
MODULE_PARM_DESC(beta, "multiplicative decrease factor, in 1/1024 (1..1023)");
module_param_cb(bic_scale, &vcubic_scale_ops, VRO_PARAM_ARG(vcubic_bic_scale),
		0644);
MODULE_PARM_DESC(bic_scale, "cubic scale C, in 10/1024 (1..10000)");
module_param_vro_named(fast_convergence, vcubic_fast_convergence, 0644);
MODULE_PARM_DESC(fast_convergence, "lower W_max further on repeated losses");
module_param_vro_named(tcp_friendliness, vcubic_tcp_friendliness, 0644);
MODULE_PARM_DESC(tcp_friendliness, "grow at least as fast as Reno");
module_param_vro_named(hystart, vcubic_hystart, 0644);
MODULE_PARM_DESC(hystart, "hybrid slow start");
module_param_cb(hystart_detect, &vcubic_detect_ops,
		VRO_PARAM_ARG(vcubic_hystart_detect), 0644);
MODULE_PARM_DESC(hystart_detect, "HyStart methods: 1 ACK train, 2 delay, 3 both");
module_param_vro_named(hystart_low_window, vcubic_hystart_low_window, 0644);
MODULE_PARM_DESC(hystart_low_window, "smallest cwnd HyStart acts on");
module_param_vro_named(hystart_ack_delta_us, vcubic_hystart_ack_delta_us,
		       0644);
MODULE_PARM_DESC(hystart_ack_delta_us, "largest ACK spacing of a train, us");

/* Exact integer cube root: Newton's method from above, floor(cbrt(a)). */
static u32 vcubic_cbrt(u64 a)
{
	u64 x, y;

	if (a < 8)
		return a ? 1 : 0;
	/* 2^ceil(bits/3) >= cbrt(a): Newton then decreases monotonically */
	x = 1ULL << DIV_ROUND_UP(fls64(a), 3);
	for (;;) {
		y = (2 * x + div64_u64(a, x * x)) / 3;
		if (y >= x)
			return x;
		x = y;
	}
}

/* Start an epoch at @now: the curve starts at @cwnd and reaches W_max at K. */
static void vcubic_epoch(struct vcubic *ca, u32 cwnd, u32 acked, u32 now)
{
	ca->epoch_start = now;
	ca->ack_cnt = acked;
	ca->w_est = cwnd;
	if (cwnd >= ca->w_max) {
		ca->k = 0;
		ca->origin = cwnd;
	} else {
		ca->k = vcubic_cbrt(vro_wide(vcubic_cube_factor) *
				    (ca->w_max - cwnd));
		ca->origin = ca->w_max;
	}
}

/* RFC 9438 4.2: W_cubic at @now, in packets. */
static u32 vcubic_target(const struct vcubic *ca, u32 now)
{
	u64 t, d, off;
	u32 delta;

	/* time since epoch start plus one minimum RTT, in 1/1024 s */
	t = (s32)(now - ca->epoch_start) +
	    DIV_ROUND_UP(ca->delay_min, USEC_PER_SEC / HZ);
	t = (t << VCUBIC_T_SHIFT) / HZ;
	off = t < ca->k ? ca->k - t : t - ca->k;
	d = (u64)vro(vcubic_cube_rtt_scale) * off * off * off;
	delta = d >> (10 + 3 * VCUBIC_T_SHIFT);
	return t < ca->k ? ca->origin - delta : ca->origin + delta;
}

/* RFC 9438 4.3: the Reno-friendly estimate caps cnt when Reno is faster. */
static void vcubic_friendly(struct vcubic *ca, u32 cwnd)
{
	u32 per = max_t(u32, (cwnd * vro(vcubic_beta_scale)) >> 3, 1);

	while (ca->ack_cnt > per) {
		ca->ack_cnt -= per;
		ca->w_est++;
	}
	if (ca->w_est > cwnd)
		ca->cnt = min(ca->cnt, cwnd / (ca->w_est - cwnd));
}

/**
 * vcubic_update() - the per-ACK cubic update (the hot path)
 * @ca: the connection's state
 * @cwnd: current congestion window
 * @acked: packets this ACK acknowledged
 * @now: jiffies
 *
 * Sets @ca->cnt, the number of ACKs after which cwnd grows by one.
 */
static noinline void vcubic_update(struct vcubic *ca, u32 cwnd, u32 acked,
				   u32 now)
{
	ca->ack_cnt += acked;
	if (ca->last_cwnd == cwnd && (s32)(now - ca->last_time) <= VCUBIC_RECALC)
		return;
	/* the curve moves at most once per jiffy; a reduction restarts it */
	if (!ca->epoch_start || now != ca->last_time) {
		ca->last_cwnd = cwnd;
		ca->last_time = now;
		if (!ca->epoch_start)
			vcubic_epoch(ca, cwnd, acked, now);
		ca->target = vcubic_target(ca, now);
		if (ca->target > cwnd)
			ca->cnt = cwnd / (ca->target - cwnd);
		else
			ca->cnt = 100 * cwnd;	/* at or above the curve: creep */
		/* no W_max yet: grow at least 5% per RTT */
		if (!ca->w_max && ca->cnt > 20)
			ca->cnt = 20;
	}
	if (vro(vcubic_tcp_friendliness))
		vcubic_friendly(ca, cwnd);
	/* at most one packet per two ACKed: 1.5x per RTT */
	ca->cnt = max(ca->cnt, 2U);
}

/* RFC 9438 4.6 and 4.7: multiplicative decrease and fast convergence. */
static noinline u32 vcubic_reduce(struct vcubic *ca, u32 cwnd)
{
	ca->epoch_start = 0;
	if (cwnd < ca->w_max && vro(vcubic_fast_convergence))
		ca->w_max = cwnd * (VCUBIC_BETA_ONE + vro(vcubic_beta)) /
			    (2 * VCUBIC_BETA_ONE);
	else
		ca->w_max = cwnd;
	return max(cwnd * vro(vcubic_beta) / VCUBIC_BETA_ONE, 2U);
}

/* One HyStart step for an RTT sample: an ACK train longer than half the
 * minimum RTT (the whole RTT when paced), or a round whose smallest RTT
 * grew by an eighth (clamped to 4..16 ms), ends slow start. Returns the
 * method that fired, or 0.
 */
static noinline u32 vcubic_hystart(struct vcubic *ca, u32 cwnd, u32 now_us,
				   u32 delay_us, u32 ack_delay_us, bool paced,
				   bool in_slow_start)
{
	u32 lim, fired = 0;

	if (ca->found || !in_slow_start || !vro(vcubic_hystart))
		return 0;
	if (cwnd < vro(vcubic_hystart_low_window))
		return 0;
	if ((vro(vcubic_hystart_detect) & VCUBIC_TRAIN) &&
	    (s32)(now_us - ca->last_ack) <= (s32)vro(vcubic_hystart_ack_delta_us)) {
		ca->last_ack = now_us;
		lim = ca->delay_min + ack_delay_us;
		if (!paced)
			lim >>= 1;
		if ((s32)(now_us - ca->round_start) > (s32)lim)
			fired = VCUBIC_TRAIN;
	}
	if (!fired && (vro(vcubic_hystart_detect) & VCUBIC_DELAY)) {
		ca->curr_rtt = min(ca->curr_rtt, delay_us);
		if (ca->samples < VCUBIC_MIN_SAMPLES)
			ca->samples++;
		else if (ca->curr_rtt > ca->delay_min +
			 clamp(ca->delay_min >> 3, VCUBIC_DELAY_LO,
			       VCUBIC_DELAY_HI))
			fired = VCUBIC_DELAY;
	}
	ca->found = fired;
	return fired;
}

/* ---- struct tcp_congestion_ops ---------------------------------------- */

static void vcubic_round_reset(struct sock *sk)
{
	struct vcubic *ca = inet_csk_ca(sk);

	ca->round_start = tcp_sk(sk)->tcp_mstamp;
	ca->last_ack = ca->round_start;
	ca->end_seq = tcp_sk(sk)->snd_nxt;
	ca->curr_rtt = ~0U;
	ca->samples = 0;
}

static void vcubic_init(struct sock *sk)
{
	memset(inet_csk_ca(sk), 0, sizeof(struct vcubic));
	if (vro(vcubic_hystart))
		vcubic_round_reset(sk);
}

static void vcubic_cong_avoid(struct sock *sk, u32 ack, u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct vcubic *ca = inet_csk_ca(sk);

	if (!tcp_is_cwnd_limited(sk))
		return;
	if (tcp_in_slow_start(tp)) {
		acked = tcp_slow_start(tp, acked);
		if (!acked)
			return;
	}
	vcubic_update(ca, tcp_snd_cwnd(tp), acked, tcp_jiffies32);
	tcp_cong_avoid_ai(tp, ca->cnt, acked);
}

static u32 vcubic_ssthresh(struct sock *sk)
{
	return vcubic_reduce(inet_csk_ca(sk), tcp_snd_cwnd(tcp_sk(sk)));
}

static void vcubic_set_state(struct sock *sk, u8 new_state)
{
	if (new_state != TCP_CA_Loss)
		return;
	memset(inet_csk_ca(sk), 0, sizeof(struct vcubic));
	vcubic_round_reset(sk);
}

static void vcubic_cwnd_event(struct sock *sk, enum tcp_ca_event ev)
{
	struct vcubic *ca = inet_csk_ca(sk);
	u32 now = tcp_jiffies32;
	s32 idle = now - tcp_sk(sk)->lsndtime;

	/* after an application-limited pause, keep to the same curve */
	if (ev != CA_EVENT_TX_START || !ca->epoch_start || idle <= 0)
		return;
	ca->epoch_start += idle;
	if (after(ca->epoch_start, now))
		ca->epoch_start = now;
}

/* Let GRO/TSO aggregation delay the ACKs of a train by up to 1 ms. */
static u32 vcubic_ack_delay(const struct sock *sk)
{
	unsigned long rate = READ_ONCE(sk->sk_pacing_rate);

	if (!rate)
		return 0;
	return min_t(u64, USEC_PER_MSEC,
		     div64_ul((u64)sk->sk_gso_max_size * 4 * USEC_PER_SEC, rate));
}

static void vcubic_acked(struct sock *sk, const struct ack_sample *sample)
{
	struct tcp_sock *tp = tcp_sk(sk);
	struct vcubic *ca = inet_csk_ca(sk);
	u32 delay, fired;

	if (sample->rtt_us < 0)
		return;
	/* the first second after a reduction gives distorted samples */
	if (ca->epoch_start && (s32)(tcp_jiffies32 - ca->epoch_start) < HZ)
		return;
	delay = max_t(u32, sample->rtt_us, 1);
	if (!ca->delay_min || ca->delay_min > delay)
		ca->delay_min = delay;
	if (ca->found || !tcp_in_slow_start(tp) || !vro(vcubic_hystart))
		return;
	if (after(tp->snd_una, ca->end_seq))
		vcubic_round_reset(sk);
	fired = vcubic_hystart(ca, tcp_snd_cwnd(tp), tp->tcp_mstamp, delay,
			       vcubic_ack_delay(sk),
			       sk->sk_pacing_status != SK_PACING_NONE, true);
	if (!fired)
		return;
	NET_INC_STATS(sock_net(sk), fired == VCUBIC_TRAIN ?
		      LINUX_MIB_TCPHYSTARTTRAINDETECT :
		      LINUX_MIB_TCPHYSTARTDELAYDETECT);
	NET_ADD_STATS(sock_net(sk), fired == VCUBIC_TRAIN ?
		      LINUX_MIB_TCPHYSTARTTRAINCWND :
		      LINUX_MIB_TCPHYSTARTDELAYCWND, tcp_snd_cwnd(tp));
	tp->snd_ssthresh = tcp_snd_cwnd(tp);
}

static struct tcp_congestion_ops vcubic_ops __read_mostly = {
	.init		= vcubic_init,
	.ssthresh	= vcubic_ssthresh,
	.cong_avoid	= vcubic_cong_avoid,
	.set_state	= vcubic_set_state,
	.undo_cwnd	= tcp_reno_undo_cwnd,
	.cwnd_event	= vcubic_cwnd_event,
	.pkts_acked	= vcubic_acked,
	.owner		= THIS_MODULE,
	.name		= VCUBIC_NAME,
};

/* ---- test hooks and introspection -------------------------------------- */

#if VRO_BUILD_MODE == VRO_BUILD_PLAIN
#define VCUBIC_HOOKS	vcubic_hooks_plain
#elif VRO_BUILD_MODE == VRO_BUILD_CONST
#define VCUBIC_HOOKS	vcubic_hooks_const
#else
#define VCUBIC_HOOKS	vcubic_hooks
#endif

static void vcubic_tunables(u32 *beta, u32 *bic_scale)
{
	*beta = vro_value(vcubic_beta);
	*bic_scale = vro_value(vcubic_bic_scale);
}

/**
 * DOC: vcubic_hooks - this build's arithmetic, for the test module
 *
 * One of vcubic_hooks, vcubic_hooks_plain, vcubic_hooks_const.
 */
const struct vcubic_hooks VCUBIC_HOOKS = {
	.name = VCUBIC_NAME,
	.update = vcubic_update,
	.ssthresh = vcubic_reduce,
	.hystart = vcubic_hystart,
	.cbrt = vcubic_cbrt,
	.tunables = vcubic_tunables,
};
EXPORT_SYMBOL_GPL(VCUBIC_HOOKS);

static struct dentry *vcubic_dir;

/* Fixed scenarios whose outcome depends on every tunable: the same text
 * from the three builds with the same settings, a different text after
 * each tunable changes.
 */
static int vcubic_probe_show(struct seq_file *m, void *v)
{
	struct vcubic ca = {};
	u32 r;

	seq_printf(m, "tunables beta=%u bic_scale=%u fc=%d tf=%d hystart=%d detect=%u low_window=%u ack_delta_us=%u\n",
		   vro(vcubic_beta), vro(vcubic_bic_scale),
		   vro(vcubic_fast_convergence), vro(vcubic_tcp_friendliness),
		   vro(vcubic_hystart), vro(vcubic_hystart_detect),
		   vro(vcubic_hystart_low_window),
		   vro(vcubic_hystart_ack_delta_us));
	seq_printf(m, "derived beta_scale=%u cube_rtt_scale=%u cube_factor=%llu\n",
		   vro(vcubic_beta_scale), vro(vcubic_cube_rtt_scale),
		   vro_wide(vcubic_cube_factor));
	ca.w_max = 200;
	r = vcubic_reduce(&ca, 100);
	seq_printf(m, "reduce cwnd=100 w_max=200: ssthresh=%u w_max=%u\n",
		   r, ca.w_max);
	memset(&ca, 0, sizeof(ca));
	ca.w_max = 200;
	vcubic_update(&ca, 140, 1, 1000);
	vcubic_update(&ca, 140, 1, 1000 + HZ);
	seq_printf(m, "update w_max=200 cwnd=140 +1s: k=%u target=%u cnt=%u\n",
		   ca.k, ca.target, ca.cnt);
	memset(&ca, 0, sizeof(ca));
	ca.w_max = 200;
	vcubic_update(&ca, 140, 1, 1000);
	vcubic_update(&ca, 140, 4000, 1000 + HZ / 8);
	seq_printf(m, "update many ACKs: w_est=%u cnt=%u\n", ca.w_est, ca.cnt);
	/* an ACK train 1.5 ms apart reaching past half of a 10 ms RTT */
	memset(&ca, 0, sizeof(ca));
	ca.delay_min = 10000;
	ca.curr_rtt = ~0U;
	for (r = 0; r <= 4; r++)
		ca.found = vcubic_hystart(&ca, 20, 1500 * r, 10000, 0, false,
					  true);
	seq_printf(m, "hystart train cwnd=20: found=%u\n", ca.found);
	/* a round whose RTT grew from 10 ms to 15 ms */
	memset(&ca, 0, sizeof(ca));
	ca.delay_min = 10000;
	ca.curr_rtt = ~0U;
	ca.last_ack = 0;
	for (r = 0; r <= VCUBIC_MIN_SAMPLES; r++)
		ca.found = vcubic_hystart(&ca, 20, 100000 * (r + 1), 15000, 0,
					  false, true);
	seq_printf(m, "hystart delay cwnd=20: found=%u\n", ca.found);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vcubic_probe);

static int __init vcubic_register(void)
{
	BUILD_BUG_ON(sizeof(struct vcubic) > ICSK_CA_PRIV_SIZE);
	vcubic_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("probe", 0444, vcubic_dir, NULL, &vcubic_probe_fops);
	return tcp_register_congestion_control(&vcubic_ops);
}

static void __exit vcubic_unregister(void)
{
	tcp_unregister_congestion_control(&vcubic_ops);
	debugfs_remove(vcubic_dir);
}

module_init(vcubic_register);
module_exit(vcubic_unregister);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("CUBIC (RFC 9438) with HyStart, tunables as VROs");
