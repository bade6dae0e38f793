// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection for the tests (built only with VRO_TEST_HOOKS): make
 * chosen allocations of a window fail as if memory were short. The pv
 * half opens the window around a going module's sweep; the text writer's
 * and the switch path's allocations ask vro_test_fail_alloc() first.
 * debugfs vro/pv_fail_mask chooses, vro/pv_allocs counts
 * (Documentation/vro-pv.rst).
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/debugfs.h>
#include <linux/kernel.h>

#include "internal.h"

static u64 vro_fail_mask;
static u32 vro_fail_allocs;
static bool vro_fail_window;

/**
 * vro_test_fail_alloc() - should this allocation fail?
 *
 * Every allocation that a switch of a going module's sweep makes (the pv
 * half's batch arrays, the text alias's page arrays and its vmap()) calls
 * it first, and fails as if out of memory when it returns true. Outside
 * the window (vro_test_fault_window()) it counts nothing and returns
 * false. Inside, allocation number N (from 1; debugfs vro/pv_allocs reads
 * how many the last window made) fails when bit N - 1 of debugfs
 * vro/pv_fail_mask is set; those after the 64th never fail. Caller holds
 * vro_lock().
 *
 * Return: true if the caller must behave as if its allocation failed.
 */
bool vro_test_fail_alloc(void)
{
	vro_assert_locked();
	if (!vro_fail_window)
		return false;
	vro_fail_allocs++;
	return vro_fail_allocs <= 64 &&
	       (READ_ONCE(vro_fail_mask) >> (vro_fail_allocs - 1)) & 1;
}

/**
 * vro_test_fault_window() - open or close the window of counted allocations
 * @on: true at its start (the count restarts), false at its end
 *
 * Caller holds vro_lock().
 */
void vro_test_fault_window(bool on)
{
	vro_assert_locked();
	if (on)
		vro_fail_allocs = 0;
	vro_fail_window = on;
}

/**
 * vro_test_fault_debugfs() - add or remove the injector's debugfs files
 * @dir: vro's debugfs directory
 * @add: true to add pv_fail_mask and pv_allocs, false to remove them
 */
void vro_test_fault_debugfs(struct dentry *dir, bool add)
{
	if (add) {
		debugfs_create_x64("pv_fail_mask", 0600, dir, &vro_fail_mask);
		debugfs_create_u32("pv_allocs", 0400, dir, &vro_fail_allocs);
		return;
	}
	debugfs_lookup_and_remove("pv_fail_mask", dir);
	debugfs_lookup_and_remove("pv_allocs", dir);
}
