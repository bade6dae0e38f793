// SPDX-License-Identifier: GPL-2.0
/*
 * vro_t_derive - derived VROs (DEFINE_VRO_DERIVED()): a table size and the
 * values derived from it (its mask, a 64-bit byte count read through a
 * cmp $imm32, a u8 scaled by a second base, a value derived from a derived
 * one). Changing a base must update every derived value in the same batch
 * (readers on every CPU check mask == size - 1 while the size flips), a
 * derived value that does not fit its type or a site must refuse the whole
 * update, and a derived VRO cannot be set directly.
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/vro.h>

#include "ktap.h"

VRO_MODULE();
DEFINE_VRO(u32, td_size, 16);
module_param_vro(td_size, 0644);
MODULE_PARM_DESC(td_size, "a table size; td_mask follows it");
DEFINE_VRO(u8, td_shift, 3);

#define td_mask_of(size)	((size) - 1)
DEFINE_VRO_DERIVED(u32, td_mask, 15, td_mask_of, td_size);
/* 2^30 at the default size; 2^31 (size 32) fits no cmp $imm32 */
#define td_big_of(size)		((u64)(size) << 26)
DEFINE_VRO_DERIVED(u64, td_big, 1ULL << 30, td_big_of, td_size);
/* a u32 result checked against a u8 VRO: 16 << 3 fits, 8 << 6 does not */
static u32 td_scaled_of(u32 size, u8 shift)
{
	return size << shift;
}
DEFINE_VRO_DERIVED(u8, td_scaled, 128, td_scaled_of, td_size, td_shift);
/* derived from a derived VRO */
#define td_chain_of(mask)	((mask) * 2)
DEFINE_VRO_DERIVED(u32, td_chain, 30, td_chain_of, td_mask);

static noinline __noipa u32 td_get_size(void) { return vro(td_size); }
static noinline __noipa u32 td_get_mask(void) { return vro(td_mask); }
static noinline __noipa bool td_big_is(u64 x) { return x == vro(td_big); }
static noinline __noipa u8 td_get_scaled(void) { return vro(td_scaled); }
static noinline __noipa u32 td_get_chain(void) { return vro(td_chain); }

/* The code reads size, shift and every derived value as expected. */
static bool td_reads(u32 size, u8 shift)
{
	return td_get_size() == size && vro_value(td_shift) == shift &&
	       td_get_mask() == size - 1 && vro_value(td_mask) == size - 1 &&
	       td_big_is((u64)size << 26) &&
	       td_get_scaled() == (u8)(size << shift) &&
	       td_get_chain() == (size - 1) * 2;
}

static struct task_struct *td_tasks[NR_CPUS];
static unsigned long td_nreads[NR_CPUS], td_ntorn[NR_CPUS];

static int td_reader(void *data)
{
	unsigned long cpu = (unsigned long)data;
	unsigned int i;
	u32 s, m;

	while (!kthread_should_stop()) {
		for (i = 0; i < 256; i++) {
			preempt_disable();
			s = td_get_size();
			m = td_get_mask();
			preempt_enable();
			if (m != s - 1)
				td_ntorn[cpu]++;
		}
		td_nreads[cpu] += 256;
		cond_resched();
	}
	return 0;
}

/* Readers check mask == size - 1 while the size flips @n times. */
static void td_torn(unsigned int n)
{
	unsigned long reads = 0, torn = 0, cpu;
	unsigned int i, bad = 0, nr = 0;

	for_each_online_cpu(cpu) {
		td_tasks[cpu] = kthread_create(td_reader, (void *)cpu,
					       "td_reader/%lu", cpu);
		if (IS_ERR(td_tasks[cpu])) {
			td_tasks[cpu] = NULL;
			continue;
		}
		kthread_bind(td_tasks[cpu], cpu);
		wake_up_process(td_tasks[cpu]);
		nr++;
	}
	msleep(20);
	for (i = 0; i < n; i++)
		if (vro_set(td_size, i & 1 ? 2 : 4))
			bad++;
	for_each_online_cpu(cpu) {
		if (!td_tasks[cpu])
			continue;
		kthread_stop(td_tasks[cpu]);
		reads += td_nreads[cpu];
		torn += td_ntorn[cpu];
	}
	vt_ok(!bad && !torn && nr > 1 && reads > 0,
	      "%u vro_set(td_size) with td_mask derived in the same batch: %lu torn of %lu (size, mask) reads on %u CPUs, %u failed",
	      n, torn, reads, nr, bad);
}

static void td_tests(void)
{
	u32 size;
	u8 shift;
	int ret;

	if (VRO_BUILD_MODE == VRO_BUILD_CONST) {
		ret = vro_set(td_size, 8);
		vt_ok(ret == -EPERM && td_reads(16, 3),
		      "const build: a base is a constant (-EPERM, %d)", ret);
		return;
	}
	if (vro_is_sealed()) {
		ret = vro_set(td_size, 8);
		vt_ok(ret == -EPERM && td_reads(16, 3),
		      "sealed: a base refuses (%d), the derived values stay", ret);
		return;
	}
	vt_ok(td_reads(16, 3),
	      "at load: mask, big, scaled and chain derived from the defaults");
	ret = vro_set(td_size, 8);
	vt_ok(!ret && td_reads(8, 3),
	      "vro_set(td_size, 8): td_mask 7, td_big 2^29, td_scaled 64, td_chain 14 (%d)",
	      ret);
	/* every build: a 64-bit VRO not defined wide holds [-2^31, 2^31) */
	ret = vro_set(td_size, 32);
	vt_ok(ret == -ERANGE && td_reads(8, 3),
	      "a derived value that fits its type but not the range of vro() (td_big = 2^31, cmp $imm32 in the vro build): -ERANGE (%d), base and every derived value unchanged",
	      ret);
	ret = vro_set(td_shift, 6);
	vt_ok(ret == -ERANGE && td_reads(8, 3),
	      "a derived value that does not fit its type (u8 td_scaled = 8 << 6): -ERANGE (%d), nothing changed",
	      ret);
	ret = vro_set(td_mask, 3);
	vt_ok(ret == -EPERM && td_reads(8, 3),
	      "vro_set() of a derived VRO: -EPERM (%d), nothing changed", ret);
	ret = vro_set_many(VRO_ITEM(td_size, 4), VRO_ITEM(td_mask, 3));
	vt_ok(ret == -EPERM && td_reads(8, 3),
	      "vro_set_many() naming a derived VRO: -EPERM (%d), nothing changed",
	      ret);
	ret = vro_set_many(VRO_ITEM(td_size, 4), VRO_ITEM(td_shift, 5));
	vt_ok(!ret && td_reads(4, 5),
	      "vro_set_many() of both bases of td_scaled: td_scaled 128, td_mask 3, td_chain 6 (%d)",
	      ret);
	if (VRO_BUILD_MODE == VRO_BUILD_VRO)
		td_torn(2000);
	size = 16;
	shift = 3;
	ret = vro_set_many(VRO_ITEM(td_size, size), VRO_ITEM(td_shift, shift));
	vt_ok(!ret && td_reads(size, shift), "back to the defaults (%d)", ret);
}

static int __init td_init(void)
{
	return vt_tap_run(td_tests);
}

static void __exit td_exit(void)
{
	vt_tap_exit();
}

module_init(td_init);
module_exit(td_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro selftest: derived VROs");
