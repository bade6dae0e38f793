// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_txn - vro_set_many(): several VROs, of this module and of
 * vro_t_def, changed in one batch or not at all.
 *
 * A pair of VROs holds x and ~x. One kthread per online CPU reads the pair
 * through two noipa functions inside preempt_disable() and counts the
 * reads where b != ~a, while this module's init flips the pair thousands of
 * times: with vro_set_many() no read may be torn; with two vro_set() calls
 * (two batches) the same readers must see torn pairs, which shows that the
 * check can fail. Then refused updates (a value out of its type, out of a
 * site, a VRO named twice, a sealed member) must leave every member
 * unchanged, in the code and in memory.
 *
 * The plain and const builds (vro_t_txn_plain, vro_t_txn_const) check the
 * counterparts: plain stores every member, const refuses every update.
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/vro.h>

#include "ktap.h"

#define TX_A0	0x12345678U

VRO_MODULE();
DEFINE_VRO(u32, tx_a, TX_A0);
DEFINE_VRO(u32, tx_b, ~TX_A0);
DEFINE_VRO_MOSTLY(u32, tx_m, 1);
DEFINE_VRO(u8, tx_small, 1);
DEFINE_VRO(u64, tx_wide, 0);
#if VRO_BUILD_MODE == VRO_BUILD_VRO
DECLARE_VRO(u32, vt_shared);	/* vro_t_def */
DECLARE_VRO(s64, vt_mostly);	/* vro_t_def, read-mostly */
#endif

static unsigned int flips = 2000;
#define TX_MIN_FLIPS	200U
module_param(flips, uint, 0444);
MODULE_PARM_DESC(flips, "updates of the pair per phase");

static noinline __noipa u32 tx_get_a(void) { return vro(tx_a); }
static noinline __noipa u32 tx_get_b(void) { return vro(tx_b); }
static noinline __noipa u32 tx_get_m(void) { return vro(tx_m); }
static noinline __noipa u8 tx_get_small(void) { return vro(tx_small); }
/* cmp $imm32 (sign-extended, R_X86_64_32S): holds [-2^31, 2^31) only */
static noinline __noipa bool tx_wide_is(u64 x) { return x == vro(tx_wide); }
#if VRO_BUILD_MODE == VRO_BUILD_VRO
static noinline __noipa u32 tx_get_shared(void) { return vro(vt_shared); }
static noinline __noipa s64 tx_get_mostly(void) { return vro(vt_mostly); }
#endif

struct tx_reader {
	struct task_struct *task;
	unsigned long reads;
	unsigned long torn;
};

static struct tx_reader *tx_readers;	/* [nr_cpu_ids] */

static int tx_reader_fn(void *data)
{
	struct tx_reader *r = data;
	unsigned int i;
	u32 a, b;

	while (!kthread_should_stop()) {
		for (i = 0; i < 256; i++) {
			preempt_disable();
			a = tx_get_a();
			b = tx_get_b();
			preempt_enable();
			if (a != ~b)
				r->torn++;
		}
		r->reads += 256;
		cond_resched();
	}
	return 0;
}

static unsigned int tx_start_readers(void)
{
	unsigned int cpu, n = 0;

	memset(tx_readers, 0, nr_cpu_ids * sizeof(*tx_readers));
	for_each_online_cpu(cpu) {
		struct task_struct *t;

		t = kthread_create(tx_reader_fn, &tx_readers[cpu],
				   "tx_reader/%u", cpu);
		if (IS_ERR(t))
			continue;
		kthread_bind(t, cpu);
		tx_readers[cpu].task = t;
		wake_up_process(t);
		n++;
	}
	msleep(20);
	return n;
}

static void tx_stop_readers(unsigned long *reads, unsigned long *torn)
{
	unsigned int cpu;

	*reads = 0;
	*torn = 0;
	for_each_online_cpu(cpu) {
		if (!tx_readers[cpu].task)
			continue;
		kthread_stop(tx_readers[cpu].task);
		tx_readers[cpu].task = NULL;
		*reads += tx_readers[cpu].reads;
		*torn += tx_readers[cpu].torn;
	}
}

static unsigned long tx_reads(void)
{
	unsigned long n = 0;
	unsigned int cpu;

	for_each_online_cpu(cpu)
		n += READ_ONCE(tx_readers[cpu].reads);
	return n;
}

/*
 * Flip the pair at least @flips times, and on until the readers have made
 * a million reads (60 s at most), atomically or as two vro_set() calls.
 */
static unsigned int tx_flip(bool atomic, unsigned int *done, u64 *ns)
{
	unsigned long deadline = jiffies + 60 * HZ;
	unsigned int i, bad = 0;
	ktime_t t0 = ktime_get();
	int ret;

	for (i = 1; (i <= flips || tx_reads() < 1000000) &&
		    time_before(jiffies, deadline); i++) {
		u32 v = i * 0x9e3779b1U;

		if (atomic) {
			ret = vro_set_many(VRO_ITEM(tx_a, v), VRO_ITEM(tx_b, ~v));
		} else {
			ret = vro_set(tx_a, v);
			if (!ret)
				ret = vro_set(tx_b, ~v);
		}
		if (ret || tx_get_a() != v || tx_get_b() != ~v)
			bad++;
	}
	*ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	*done = i - 1;
	return bad;
}

static void tx_torn(void)
{
	unsigned long reads, torn;
	unsigned int nr, bad, done;
	u64 ns;

	nr = tx_start_readers();
	bad = tx_flip(true, &done, &ns);
	tx_stop_readers(&reads, &torn);
	vt_ok(nr == num_online_cpus() && nr > 1,
	      "%u reader kthreads, one per online CPU", nr);
	/*
	 * The 60-s limit ends the loop early on a loaded TCG host (917 of
	 * 2000 flips, 65 ms each, on stock 6.1 in one run); a few hundred
	 * flips already tear two plain vro_set() calls thousands of times
	 * (the check below), so TX_MIN_FLIPS of them are enough to judge.
	 */
	vt_ok(!bad && done >= min(flips, TX_MIN_FLIPS),
	      "%u vro_set_many() flips of the pair (x, ~x), each read back at once: %u failed (%llu us per update, TCG; %u wanted, at least %u within 60 s)",
	      done, bad, div_u64(ns, max(done, 1U) * 1000ULL), flips,
	      min(flips, TX_MIN_FLIPS));
	vt_ok(!torn && reads >= 1000000,
	      "vro_set_many(): %lu torn of %lu pair reads on %u CPUs during %u flips",
	      torn, reads, nr, done);

	nr = tx_start_readers();
	bad = tx_flip(false, &done, &ns);
	tx_stop_readers(&reads, &torn);
	vt_ok(!bad && torn > 0,
	      "two vro_set() calls per flip do tear (the check can fail): %lu torn of %lu pair reads during %u flips",
	      torn, reads, done);
}

/* Every member still holds what it held: in memory and in the code. */
static bool tx_unchanged(u32 a, u32 b, u32 m, u8 small, u64 wide)
{
	return vro_value(tx_a) == a && tx_get_a() == a &&
	       vro_value(tx_b) == b && tx_get_b() == b &&
	       vro_value(tx_m) == m && tx_get_m() == m &&
	       vro_value(tx_small) == small && tx_get_small() == small &&
	       vro_value(tx_wide) == wide && tx_wide_is(wide);
}

static void tx_refusals(void)
{
	u32 a = vro_value(tx_a), b = vro_value(tx_b), m = vro_value(tx_m);
	u8 small = vro_value(tx_small);
	u64 wide = vro_value(tx_wide);
	int ret;

	ret = vro_set_many(VRO_ITEM(tx_a, a + 1), VRO_ITEM(tx_b, ~(a + 1)),
			   VRO_ITEM(tx_small, 300));
	vt_ok(ret == -ERANGE && tx_unchanged(a, b, m, small, wide),
	      "a member out of its type (u8 = 300): -ERANGE (%d), every member unchanged",
	      ret);
	ret = vro_set_many(VRO_ITEM(tx_a, a + 1), VRO_ITEM(tx_b, ~(a + 1)),
			   VRO_ITEM(tx_small, -1));
	vt_ok(ret == -ERANGE && tx_unchanged(a, b, m, small, wide),
	      "a member negative for an unsigned type: -ERANGE (%d), every member unchanged",
	      ret);
	ret = vro_set_many(VRO_ITEM(tx_a, a + 1), VRO_ITEM(tx_a, a + 2));
	vt_ok(ret == -EINVAL && tx_unchanged(a, b, m, small, wide),
	      "a VRO named twice: -EINVAL (%d), every member unchanged", ret);
	/* every build: a 64-bit VRO not defined wide holds [-2^31, 2^31) */
	ret = vro_set_many(VRO_ITEM(tx_a, a + 1), VRO_ITEM(tx_b, ~(a + 1)),
			   VRO_ITEM(tx_wide, 1ULL << 31));
	vt_ok(ret == -ERANGE && tx_unchanged(a, b, m, small, wide),
	      "a member that fits its type (u64 2^31) but not the range of vro() (cmp $imm32 in the vro build): -ERANGE (%d), every member unchanged",
	      ret);
}

/* Sealed: a read-mostly member with a sealed one refuses the update. */
static void tx_sealed(void)
{
	u32 a = vro_value(tx_a), b = vro_value(tx_b), m = vro_value(tx_m);
	u8 small = vro_value(tx_small);
	u64 wide = vro_value(tx_wide);
	int ret;

	ret = vro_set_many(VRO_ITEM(tx_m, m + 1), VRO_ITEM(tx_a, a + 1));
	vt_ok(ret == -EPERM && tx_unchanged(a, b, m, small, wide),
	      "sealed: a read-mostly member with a sealed one (tx_a): -EPERM (%d), every member unchanged",
	      ret);
	ret = vro_set_many(VRO_ITEM(tx_m, m + 1));
	vt_ok(!ret && tx_unchanged(a, b, m + 1, small, wide),
	      "sealed: a read-mostly member alone is written (%d)", ret);
}

static void tx_accepted(void)
{
	u32 a = vro_value(tx_a) + 1;
	int ret;

	ret = vro_set_many(VRO_ITEM(tx_a, a), VRO_ITEM(tx_b, ~a),
			   VRO_ITEM(tx_small, 200), VRO_ITEM(tx_m, 77),
			   VRO_ITEM(tx_wide, 0x7fffffffULL));
	vt_ok(!ret && tx_unchanged(a, ~a, 77, 200, 0x7fffffffULL),
	      "five members of four types in one update: all written (%d)", ret);
}

#if VRO_BUILD_MODE == VRO_BUILD_VRO
static void tx_modules(bool sealed)
{
	u32 m = vro_value(tx_m), sh = vro_value(vt_shared);
	s64 mo = vro_value(vt_mostly);
	int ret;

	if (!sealed) {
		ret = vro_set_many(VRO_ITEM(tx_m, m + 1),
				   VRO_ITEM(vt_shared, sh + 1));
		vt_ok(!ret && tx_get_m() == m + 1 &&
		      tx_get_shared() == sh + 1 && vro_value(vt_shared) == sh + 1,
		      "members of two modules (tx_m, vro_t_def's vt_shared) in one update (%d)",
		      ret);
		return;
	}
	ret = vro_set_many(VRO_ITEM(tx_m, m + 1), VRO_ITEM(vt_shared, sh + 1));
	vt_ok(ret == -EPERM && tx_get_m() == m && vro_value(tx_m) == m &&
	      tx_get_shared() == sh && vro_value(vt_shared) == sh,
	      "sealed: a read-mostly member with a sealed one (vt_shared): -EPERM (%d), both unchanged",
	      ret);
	ret = vro_set_many(VRO_ITEM(tx_m, m + 1), VRO_ITEM(vt_mostly, mo - 1));
	vt_ok(!ret && tx_get_m() == m + 1 && tx_get_mostly() == mo - 1,
	      "sealed: two read-mostly members of two modules still update together (%d)",
	      ret);
}
#endif

static void tx_const(void)
{
	u32 a = vro_value(tx_a), b = vro_value(tx_b), m = vro_value(tx_m);
	int ret;

	ret = vro_set_many(VRO_ITEM(tx_a, a + 1), VRO_ITEM(tx_b, ~(a + 1)));
	vt_ok(ret == -EPERM && tx_unchanged(a, b, m, vro_value(tx_small),
					    vro_value(tx_wide)),
	      "const build: vro_set_many() is refused with -EPERM (%d), nothing changes",
	      ret);
}

static int __init tx_init(void)
{
	bool sealed = vro_is_sealed();
	int ret;

	ret = vt_tap_init();
	if (ret)
		return ret;
	if (VRO_BUILD_MODE == VRO_BUILD_CONST) {
		tx_const();
		goto publish;
	}
	if (!sealed && VRO_BUILD_MODE == VRO_BUILD_VRO) {
		tx_readers = kcalloc(nr_cpu_ids, sizeof(*tx_readers),
				     GFP_KERNEL);
		if (tx_readers)
			tx_torn();
		kfree(tx_readers);
	}
	if (sealed) {
		tx_sealed();
	} else {
		tx_refusals();
		tx_accepted();
	}
#if VRO_BUILD_MODE == VRO_BUILD_VRO
	tx_modules(sealed);
#endif
publish:
	vt_tap_publish();
	return 0;
}

static void __exit tx_exit(void)
{
	vt_tap_exit();
}

module_init(tx_init);
module_exit(tx_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: several VROs changed in one batch");
