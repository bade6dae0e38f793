// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_div - vro_div() in the patched kernel code: for a sample of
 * divisors set with vro_set() (each re-derives the magic number in the
 * same batch), the code's quotients and remainders must equal the C
 * division's for a sample of dividends; a divisor of 0 is refused. The
 * dividend of vro_div(), vro_mod() and vro_divmod() is evaluated once.
 * Readers on every CPU, preemptible (the guest script switches the kernel
 * to full preemption), compute vro_mod() and vro_divmod() on random
 * dividends while the divisor flips between 7 and 1000: every remainder
 * must be the remainder by one of them, and every (q, r) pair must satisfy
 * x == q * d + r, r < d for one of them. Built three ways; tools/vroperf
 * times tdv_div (vro_div: const divide in the const build, plain idiv in
 * the plain build) and tdv_idiv (x / vro(d)).
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/vro.h>

#include "ktap.h"
#include "vro_t_div.h"

VRO_MODULE();
DEFINE_VRO_DIVISOR(u32, tdv_d, 7);

/*
 * What a reader preempted between the two sites of vro_mod() can see
 * across a re-patch: a divisor and the magic number of another divisor.
 * Here the two are independent VROs, so the state can be set on purpose
 * (the rig cannot preempt between them: TCG takes interrupts only between
 * translation blocks, and the two reads are in one).
 */
DEFINE_VRO(u32, tdv_mix, 7);
DEFINE_VRO_WIDE(u64, tdv_mix_magic, VRO_DIV_MAGIC(7));

/* vroperf's benchmark functions: do not rename (selftests/txn/div.spec) */
noinline __noipa u32 tdv_div(u32 x) { return vro_div(x, tdv_d); }
noinline __noipa u32 tdv_idiv(u32 x) { return x / vro(tdv_d); }
noinline __noipa u32 tdv_mod(u32 x) { return vro_mod(x, tdv_d); }
static noinline __noipa u32 tdv_divmod(u32 x, u32 *q)
{
	return vro_divmod(x, tdv_d, q);
}

static noinline __noipa u32 tdv_mix_mod(u32 x) { return vro_mod(x, tdv_mix); }
static noinline __noipa u32 tdv_mix_divmod(u32 x, u32 *q)
{
	return vro_divmod(x, tdv_mix, q);
}

/* 64 dependent divisions: the divide's latency, not the call's. */
#define TDV_CHAIN	64
noinline __noipa u32 tdv_chain(u32 x)
{
	unsigned int i;

	for (i = 0; i < TDV_CHAIN; i++)
		x = vro_div(x, tdv_d) + 0x9e3779b9U;
	return x;
}

noinline __noipa u32 tdv_ichain(u32 x)
{
	unsigned int i;

	for (i = 0; i < TDV_CHAIN; i++)
		x = x / vro(tdv_d) + 0x9e3779b9U;
	return x;
}

static unsigned long tdv_checks, tdv_bad;

static void tdv_one(u32 x, u32 d)
{
	tdv_checks++;
	if (tdv_div(x) != x / d || tdv_mod(x) != x % d || tdv_idiv(x) != x / d) {
		if (tdv_bad++ < 5)
			pr_err("%u / %u: vro_div %u, vro_mod %u\n", x, d,
			       tdv_div(x), tdv_mod(x));
	}
}

static void tdv_dividends(u32 d, struct rnd_state *rs)
{
	u32 q = U32_MAX / d, k;

	for (k = 0; k < 8 && k <= q; k++) {
		tdv_one(k * d, d);
		tdv_one(k * d + d - 1, d);
		tdv_one((q - k) * d, d);
		if (q - k)
			tdv_one((q - k) * d - 1, d);
	}
	for (k = 0; k < 8; k++) {
		tdv_one(k, d);
		tdv_one(U32_MAX - k, d);
		tdv_one(prandom_u32_state(rs), d);
	}
}

/* ---- the dividend is evaluated once ---------------------------------- */

static unsigned int tdv_calls;

static noinline __noipa u32 tdv_arg(void)
{
	tdv_calls++;
	return 1000003;
}

static void tdv_once(void)
{
	unsigned int div, mod, dm;
	u32 q, r, q2, r2, d = vro_value(tdv_d);

	tdv_calls = 0;
	q = vro_div(tdv_arg(), tdv_d);
	div = tdv_calls;
	tdv_calls = 0;
	r = vro_mod(tdv_arg(), tdv_d);
	mod = tdv_calls;
	tdv_calls = 0;
	r2 = vro_divmod(tdv_arg(), tdv_d, &q2);
	dm = tdv_calls;
	vt_ok(div == 1 && mod == 1 && dm == 1 && q == 1000003 / d &&
	      r == 1000003 % d && q2 == q && r2 == r,
	      "the dividend is evaluated once: vro_div() %u, vro_mod() %u, vro_divmod() %u calls (d %u: q %u %u, r %u %u)",
	      div, mod, dm, d, q, q2, r, r2);
}

/* ---- a divisor with another divisor's magic ---------------------------- */

static void tdv_mixed(struct rnd_state *rs)
{
	static const u32 pairs[][2] = {	/* { magic of, divisor } */
		{ 7, 1000 }, { 1000, 7 }, { 1, 0xffffffff }, { 0xffffffff, 1 },
		{ 3, 2 }, { 2, 3 }, { 65536, 65537 }, { 0x80000001, 0x7fffffff },
	};
	bool is_const = VRO_BUILD_MODE == VRO_BUILD_CONST;
	unsigned long checks = 0, bad = 0;
	unsigned int i, k, fail = 0;
	u32 d, x, q, r, rm;

	for (i = 0; i < ARRAY_SIZE(pairs); i++) {
		d = is_const ? 7 : pairs[i][1];	/* const: the defaults */
		if (!is_const &&
		    vro_set_many(VRO_ITEM(tdv_mix, d),
				 VRO_ITEM(tdv_mix_magic,
					  VRO_DIV_MAGIC(pairs[i][0])))) {
			fail++;
			continue;
		}
		for (k = 0; k < 200; k++) {
			x = k == 0 ? 0 : k == 1 ? U32_MAX : k == 2 ? d :
			    prandom_u32_state(rs);
			rm = tdv_mix_mod(x);
			r = tdv_mix_divmod(x, &q);
			checks++;
			if (rm == x % d && r == x % d && q == x / d)
				continue;
			if (bad++ < 5)
				pr_err("magic of %u, divisor %u: x %u: vro_mod %u, vro_divmod q %u r %u\n",
				       pairs[i][0], d, x, rm, q, r);
		}
	}
	vt_ok(!bad && !fail,
	      "a divisor read with another divisor's magic (a reader preempted across a re-patch): vro_mod() and vro_divmod() exact for the divisor read, %lu checks over %zu pairs, %lu wrong, %u sets failed",
	      checks, ARRAY_SIZE(pairs), bad, fail);
}

/* ---- preemptible readers across re-patches of the divisor ------------- */

#define TDV_D1		7U
#define TDV_D2		1000U
#define TDV_FLIPS	2000

struct tdv_reader {
	struct task_struct *task;
	unsigned long reads, bad_mod, bad_pair;
	u32 x, q, r;		/* the first bad pair */
};

static bool tdv_is_rem(u32 x, u32 r, u32 d)
{
	return r == x % d;
}

static bool tdv_is_pair(u32 x, u32 q, u32 r, u32 d)
{
	return r < d && (u64)q * d + r == x;
}

/* No preempt_disable(): the reader may be stopped anywhere, as a task. */
static int tdv_reader_fn(void *data)
{
	struct tdv_reader *rd = data;
	struct rnd_state rs;
	u32 x, q, r;

	prandom_seed_state(&rs, (unsigned long)data);
	while (!kthread_should_stop()) {
		x = prandom_u32_state(&rs);
		r = tdv_mod(x);
		if (!tdv_is_rem(x, r, TDV_D1) && !tdv_is_rem(x, r, TDV_D2))
			rd->bad_mod++;
		r = tdv_divmod(x, &q);
		if (!tdv_is_pair(x, q, r, TDV_D1) &&
		    !tdv_is_pair(x, q, r, TDV_D2) && !rd->bad_pair++) {
			rd->x = x;
			rd->q = q;
			rd->r = r;
		}
		rd->reads++;
		if (!(rd->reads & 1023))
			cond_resched();
	}
	return 0;
}

static void tdv_stress(void)
{
	unsigned long reads = 0, bad_mod = 0, bad_pair = 0;
	struct tdv_reader *rd;
	unsigned int cpu, i, nr = 0, fail = 0;

	if (!vt_ok(!vro_set(tdv_d, TDV_D1), "divisor %u before the readers start",
		   TDV_D1))
		return;
	rd = kcalloc(nr_cpu_ids, sizeof(*rd), GFP_KERNEL);
	if (!vt_ok(rd, "allocate the readers"))
		return;
	for_each_online_cpu(cpu) {
		rd[cpu].task = kthread_create(tdv_reader_fn, &rd[cpu],
					      "tdv_reader/%u", cpu);
		if (IS_ERR(rd[cpu].task)) {
			rd[cpu].task = NULL;
			continue;
		}
		kthread_bind(rd[cpu].task, cpu);
		wake_up_process(rd[cpu].task);
		nr++;
	}
	for (i = 0; i < TDV_FLIPS; i++) {
		fail += !!vro_set(tdv_d, i & 1 ? TDV_D1 : TDV_D2);
		if (!(i & 63))
			usleep_range(100, 200);
	}
	for_each_online_cpu(cpu) {
		if (!rd[cpu].task)
			continue;
		kthread_stop(rd[cpu].task);
		reads += rd[cpu].reads;
		bad_mod += rd[cpu].bad_mod;
		if (rd[cpu].bad_pair && !bad_pair)
			pr_err("vro_divmod(%u) = q %u, r %u: not a quotient and remainder by %u or %u\n",
			       rd[cpu].x, rd[cpu].q, rd[cpu].r, TDV_D1, TDV_D2);
		bad_pair += rd[cpu].bad_pair;
	}
	kfree(rd);
	vt_ok(!fail && nr > 1 && reads > 0 && !bad_mod && !bad_pair,
	      "%u re-patches of the divisor (%u <-> %u) under %lu preemptible vro_mod()/vro_divmod() reads on %u CPUs: %lu remainders wrong, %lu (q, r) pairs wrong, %u sets failed",
	      TDV_FLIPS, TDV_D1, TDV_D2, reads, nr, bad_mod, bad_pair, fail);
}

static void tdv_tests(void)
{
	static const u32 fixed[] = {
		1, 2, 3, 5, 7, 10, 641, 1000, 65535, 65536, 65537,
		0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
	};
	struct rnd_state rs;
	unsigned int i, nd = 0, fail = 0;
	u32 d;
	int ret;

	prandom_seed_state(&rs, 42);
	tdv_once();
	tdv_mixed(&rs);
	if (VRO_BUILD_MODE == VRO_BUILD_CONST) {
		for (i = 0; i < 1000; i++)
			tdv_one(prandom_u32_state(&rs), 7);
		ret = vro_set(tdv_d, 3);
		vt_ok(ret == -EPERM && !tdv_bad,
		      "const build: vro_div() by the constant 7 agrees on %lu dividends, the divisor refuses writes (%d)",
		      tdv_checks, ret);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(fixed) + 200; i++) {
		d = i < ARRAY_SIZE(fixed) ? fixed[i] :
		    prandom_u32_state(&rs) >> (i % 32);
		if (!d)
			continue;
		if (vro_set(tdv_d, d) || vro_value(tdv_d) != d) {
			fail++;
			continue;
		}
		nd++;
		tdv_dividends(d, &rs);
	}
	vt_ok(!fail && !tdv_bad && nd > 200,
	      "vro_div(), vro_mod() and x / vro(d) in the patched code equal C's / and %% for %u divisors set with vro_set() x ~56 dividends: %lu checks, %lu wrong, %u sets failed",
	      nd, tdv_checks, tdv_bad, fail);
	d = vro_value(tdv_d);
	ret = vro_set(tdv_d, 0);
	vt_ok(ret == -EDOM && vro_value(tdv_d) == d && tdv_div(U32_MAX) == U32_MAX / d,
	      "a divisor of 0 is refused with -EDOM (%d); divisor and magic unchanged",
	      ret);
	tdv_stress();
	vt_ok(!vro_set(tdv_d, 7), "back to the default divisor 7");
}

static int __init tdv_init(void)
{
	return vt_tap_run(tdv_tests);
}

static void __exit tdv_exit(void)
{
	vt_tap_exit();
}

module_init(tdv_init);
module_exit(tdv_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: division by a VRO divisor");
