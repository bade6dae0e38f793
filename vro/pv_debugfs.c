// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/vro/pv: vro.pv, the op sets, their backends and sites.
 */
#define pr_fmt(fmt) "vro: pv: " fmt

#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include "pv_internal.h"

static struct dentry *pv_debugfs;

#ifdef VRO_TEST_HOOKS
/* The fault injector of a going module's sweep (test hook). */
static u64 pv_fail_mask;
static u32 pv_allocs;
static bool pv_sweeping;

/**
 * vro_test_fail_alloc() - should this allocation of the switch path fail?
 *
 * Test hook, built only with VRO_TEST_HOOKS. Every allocation that a switch
 * of a going module's sweep makes (pv_retarget()'s batch arrays, the text
 * alias's page arrays and its vmap()) calls it first, and fails as if out
 * of memory when it returns true. Outside a sweep it counts nothing and
 * returns false. In a sweep, allocation number N (from 1; debugfs
 * vro/pv_allocs reads how many the last sweep made) fails when bit N - 1
 * of debugfs vro/pv_fail_mask is set; those after the 64th never fail.
 * Caller holds vro_lock().
 *
 * Return: true if the caller must behave as if its allocation failed.
 */
bool vro_test_fail_alloc(void)
{
	vro_assert_locked();
	if (!pv_sweeping)
		return false;
	pv_allocs++;
	return pv_allocs <= 64 &&
	       (READ_ONCE(pv_fail_mask) >> (pv_allocs - 1)) & 1;
}

/**
 * pv_test_sweep() - a going module's sweep begins or ends
 * @on: true at its start (the allocation count restarts), false at its end
 *
 * Test hook: the allocations vro_test_fail_alloc() counts are the sweep's.
 */
void pv_test_sweep(bool on)
{
	vro_assert_locked();
	if (on)
		pv_allocs = 0;
	pv_sweeping = on;
}

static void pv_test_hooks_init(void)
{
	debugfs_create_x64("pv_fail_mask", 0600, vro_debugfs_dir(),
			   &pv_fail_mask);
	debugfs_create_u32("pv_allocs", 0400, vro_debugfs_dir(), &pv_allocs);
}

static void pv_test_hooks_exit(void)
{
	debugfs_lookup_and_remove("pv_fail_mask", vro_debugfs_dir());
	debugfs_lookup_and_remove("pv_allocs", vro_debugfs_dir());
}
#else
static void pv_test_hooks_init(void) { }
static void pv_test_hooks_exit(void) { }
#endif

/* " -> fn" of a target; a checking slot shows the function it calls. */
static void pv_show_target(struct seq_file *m, void *t)
{
	void *fn = vro_pv_checked_fn(t);

	if (fn)
		seq_printf(m, " -> %pS (checked by %ps)", fn, t);
	else
		seq_printf(m, " -> %pS", t);
}

static void pv_show_site(struct seq_file *m, struct pv_mod *pm,
			 struct pv_site *s)
{
	vro_assert_locked();
	if (s->inlined)
		seq_printf(m, "  site %pS inline %s: %*ph%s\n",
			   s->addr, s->name, s->len, s->cur,
			   s->set ? "" : " (op set not registered)");
	else if (!s->set)
		seq_printf(m, "  site %pS %s %s -> %pS (op set not registered)\n",
			   s->addr, s->kind == VRO_KIND_JMP ? "jmp" : "call",
			   s->name, pv_decode_branch(s->cur, s->addr));
	else {
		seq_printf(m, "  site %pS %s", s->addr,
			   s->kind == VRO_KIND_JMP ? "jmp" : "call");
		pv_show_target(m, pv_decode_branch(s->cur, s->addr));
		seq_putc(m, '\n');
	}
}

static int pv_show(struct seq_file *m, void *v)
{
	struct vro_pv_backend *b;
	struct vro_pv_set *set;
	struct pv_entry e;
	struct pv_mod *pm;
	const char *p;
	unsigned int i;

	vro_lock();
	seq_printf(m, "vro.pv=%s\n", pv_param);
	for (p = pv_param; pv_next_entry(&p, &e);) {
		if (e.why)
			seq_printf(m, "vro.pv entry '%.*s' ignored: malformed (%s)\n",
				   (int)e.len, e.text, e.why);
		else if (e.set && !pv_entry_set(&e))
			seq_printf(m, "vro.pv entry '%.*s' ignored: no op set '%.*s' is registered\n",
				   (int)e.len, e.text, (int)e.set_len, e.set);
	}
	list_for_each_entry(set, &pv_sets, list) {
		seq_printf(m, "set %s backend %s\n", set->name,
			   set->cur ? set->cur->name : "(fallbacks)");
		list_for_each_entry(b, &set->backends, list)
			seq_printf(m, "  backend %s rating %d%s\n", b->name,
				   b->rating, b == set->cur ? " selected" : "");
		for (i = 0; i < set->nr_ops; i++) {
			seq_printf(m, "  op %s trampoline", set->ops[i]->name);
			pv_show_target(m, READ_ONCE(*set->ops[i]->target));
			seq_putc(m, '\n');
		}
	}
	list_for_each_entry(pm, &pv_mods, list) {
		seq_printf(m, "module %s\n", vro_owner_name(pm->vm->mod));
		for (i = 0; i < pm->nr; i++)
			pv_show_site(m, pm, &pm->sites[i]);
	}
	vro_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pv);

void pv_debugfs_init(void)
{
	pv_debugfs = debugfs_create_file("pv", 0444, vro_debugfs_dir(), NULL,
					 &pv_fops);
	pv_test_hooks_init();
}

void pv_debugfs_exit(void)
{
	pv_test_hooks_exit();
	debugfs_remove(pv_debugfs);
}
