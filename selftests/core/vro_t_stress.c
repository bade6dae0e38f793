// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_stress - re-patch VROs while every CPU runs the patched code.
 *
 * One kthread per online CPU calls functions that read two VROs, in a loop,
 * while this module's init calls vro_set() thousands of times. Every value
 * written has equal 16-bit lanes, so a torn or half-patched immediate shows
 * as unequal lanes. After each vro_set() the writer must read the new value
 * at once. Once sealed, only the read-mostly VRO is re-patched (that is the
 * stop_machine() path after set_very_readonly()) and the other must refuse.
 */
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/vro.h>

#include "ktap.h"

VRO_MODULE();

DEFINE_VRO(u32, vt_stress, 0);
DEFINE_VRO_WIDE_MOSTLY(u64, vt_stress_wide, 0);

static unsigned int iterations = 2000;
module_param(iterations, uint, 0444);
MODULE_PARM_DESC(iterations, "vro_set() rounds (each sets both VROs)");

static unsigned int max_seconds = 60;
module_param(max_seconds, uint, 0444);
MODULE_PARM_DESC(max_seconds, "stop after this long (fails with fewer than a tenth of the rounds done)");

struct vt_reader {
	struct task_struct *task;
	unsigned long reads;
	unsigned long torn;
};

static struct vt_reader *vt_readers;	/* [nr_cpu_ids] */

static noinline __attribute__((__noipa__)) u32 vt_read(void)
{
	return vro(vt_stress);
}

static noinline __attribute__((__noipa__)) u64 vt_read_wide(void)
{
	return vro_wide(vt_stress_wide);
}

static noinline __attribute__((__noipa__)) u32 vt_read_and(u32 x)
{
	return x & vro(vt_stress);
}

static bool vt_lanes_equal(u64 v, unsigned int lanes)
{
	unsigned int i;

	for (i = 1; i < lanes; i++)
		if (((v >> (16 * i)) & 0xffff) != (v & 0xffff))
			return false;
	return true;
}

static int vt_reader_fn(void *data)
{
	struct vt_reader *r = data;

	while (!kthread_should_stop()) {
		u32 v = vt_read();
		u32 a = vt_read_and(0xffffffff);

		if (!vt_lanes_equal(v, 2) || !vt_lanes_equal(a, 2) ||
		    !vt_lanes_equal(vt_read_wide(), 4))
			r->torn++;
		r->reads++;
		cond_resched();
	}
	return 0;
}

static unsigned int vt_start_readers(void)
{
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu) {
		struct task_struct *t;

		t = kthread_create(vt_reader_fn, &vt_readers[cpu],
				   "vt_reader/%u", cpu);
		if (IS_ERR(t))
			continue;
		kthread_bind(t, cpu);
		vt_readers[cpu].task = t;
		wake_up_process(t);
		n++;
	}
	return n;
}

static void vt_stop_readers(unsigned long *reads, unsigned long *torn)
{
	unsigned int cpu;

	*reads = 0;
	*torn = 0;
	for_each_online_cpu(cpu) {
		if (!vt_readers[cpu].task)
			continue;
		kthread_stop(vt_readers[cpu].task);
		vt_readers[cpu].task = NULL;
		*reads += vt_readers[cpu].reads;
		*torn += vt_readers[cpu].torn;
	}
}

/* Set both VROs @rounds times; count sets that failed or were not seen. */
static unsigned int vt_hammer(bool sealed, unsigned int *done, u64 *ns)
{
	unsigned long deadline = jiffies + max_seconds * HZ;
	unsigned int i, bad = 0;
	ktime_t t0 = ktime_get();

	for (i = 1; i <= iterations && time_before(jiffies, deadline); i++) {
		u32 v = (i & 0xffff) * 0x10001U;
		u64 w = (u64)(i & 0xffff) * 0x0001000100010001ULL;

		if (!sealed && (vro_set(vt_stress, v) || vt_read() != v))
			bad++;
		if (vro_set(vt_stress_wide, w) || vt_read_wide() != w)
			bad++;
	}
	*ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	*done = i - 1;
	return bad;
}

static int __init vt_stress_init(void)
{
	bool sealed = vro_is_sealed();
	unsigned long reads, torn;
	unsigned int nr, done, bad, sets;
	u64 ns;
	int ret;

	ret = vt_tap_init();
	if (ret)
		return ret;
	vt_readers = kcalloc(nr_cpu_ids, sizeof(*vt_readers), GFP_KERNEL);
	if (!vt_readers) {
		vt_tap_exit();
		return -ENOMEM;
	}
	if (sealed)
		vt_ok(vro_set(vt_stress, 0x10001) == -EPERM,
		      "sealed: vro_set() of a plain VRO is refused with -EPERM");
	nr = vt_start_readers();
	msleep(20);
	bad = vt_hammer(sealed, &done, &ns);
	vt_stop_readers(&reads, &torn);
	kfree(vt_readers);
	sets = done * (sealed ? 1 : 2);
	vt_ok(nr == num_online_cpus() && nr > 1,
	      "%u reader kthreads, one per online CPU", nr);
	/*
	 * The rounds are the load, not the figure under test: a guest that
	 * shares the host's cores with another may reach the time limit
	 * first, and passes with a tenth of them done.
	 */
	vt_ok(done * 10 >= iterations && !bad,
	      "%s%u vro_set() calls (%u of %u rounds, %us limit) each seen at once by the writer: %u failed (%llu us per vro_set, TCG)",
	      sealed ? "sealed, read-mostly: " : "", sets, done, iterations,
	      max_seconds, bad, sets ? div_u64(ns, sets * 1000ULL) : 0);
	vt_ok(!torn && reads > done,
	      "%lu reads on %u CPUs during re-patching: %lu torn values",
	      reads, nr, torn);
	vt_tap_publish();
	return 0;
}

static void __exit vt_stress_exit(void)
{
	vt_tap_exit();
}

module_init(vt_stress_init);
module_exit(vt_stress_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: re-patching while every CPU runs the code");
