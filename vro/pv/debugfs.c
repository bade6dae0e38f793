// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/vro/pv: vro.pv, the op sets, their backends and sites.
 */
#define pr_fmt(fmt) "vro: pv: " fmt

#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include "internal.h"

static struct dentry *vro_pv_debugfs;

/* " -> fn" of a target; a checking slot shows the function it calls. */
static void vro_pv_show_target(struct seq_file *m, void *t)
{
	void *fn = vro_pv_checked_fn(t);

	if (fn)
		seq_printf(m, " -> %pS (checked by %ps)", fn, t);
	else
		seq_printf(m, " -> %pS", t);
}

static void vro_pv_show_site(struct seq_file *m, struct vro_pv_mod *pm,
			     struct vro_pv_site *s)
{
	vro_assert_locked();
	if (s->inlined)
		seq_printf(m, "  site %pS inline %s: %*ph%s\n",
			   s->addr, s->name, s->len, s->cur,
			   s->set ? "" : " (op set not registered)");
	else if (!s->set)
		seq_printf(m, "  site %pS %s %s -> %pS (op set not registered)\n",
			   s->addr, s->kind == VRO_KIND_JMP ? "jmp" : "call",
			   s->name, vro_pv_decode_branch(s->cur, s->addr));
	else {
		seq_printf(m, "  site %pS %s", s->addr,
			   s->kind == VRO_KIND_JMP ? "jmp" : "call");
		vro_pv_show_target(m, vro_pv_decode_branch(s->cur, s->addr));
		seq_putc(m, '\n');
	}
}

static int vro_pv_show(struct seq_file *m, void *v)
{
	struct vro_pv_backend *b;
	struct vro_pv_set *set;
	struct vro_pv_entry e;
	struct vro_pv_mod *pm;
	const char *p;
	unsigned int i;

	vro_lock();
	seq_printf(m, "vro.pv=%s\n", vro_pv_param);
	for (p = vro_pv_param; vro_pv_next_entry(&p, &e);) {
		if (e.why)
			seq_printf(m, "vro.pv entry '%.*s' ignored: malformed (%s)\n",
				   (int)e.len, e.text, e.why);
		else if (e.set && !vro_pv_entry_set(&e))
			seq_printf(m, "vro.pv entry '%.*s' ignored: no op set '%.*s' is registered\n",
				   (int)e.len, e.text, (int)e.set_len, e.set);
	}
	list_for_each_entry(set, &vro_pv_sets, list) {
		seq_printf(m, "set %s backend %s\n", set->name,
			   set->cur ? set->cur->name : "(fallbacks)");
		list_for_each_entry(b, &set->backends, list)
			seq_printf(m, "  backend %s rating %d%s\n", b->name,
				   b->rating, b == set->cur ? " selected" : "");
		for (i = 0; i < set->nr_ops; i++) {
			seq_printf(m, "  op %s trampoline", set->ops[i]->name);
			vro_pv_show_target(m, READ_ONCE(*set->ops[i]->target));
			seq_putc(m, '\n');
		}
	}
	list_for_each_entry(pm, &vro_pv_mods, list) {
		seq_printf(m, "module %s\n", vro_owner_name(pm->vmod->mod));
		for (i = 0; i < pm->nr; i++)
			vro_pv_show_site(m, pm, &pm->sites[i]);
	}
	vro_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vro_pv);

void vro_pv_debugfs_init(void)
{
	vro_pv_debugfs = debugfs_create_file("pv", 0444, vro_debugfs_dir(), NULL,
					     &vro_pv_fops);
	vro_test_fault_debugfs(vro_debugfs_dir(), true);
}

void vro_pv_debugfs_exit(void)
{
	vro_test_fault_debugfs(vro_debugfs_dir(), false);
	debugfs_remove(vro_pv_debugfs);
}
