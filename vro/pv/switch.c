// SPDX-License-Identifier: GPL-2.0
/*
 * Switching an op set's sites and trampolines to a backend.
 */
#define pr_fmt(fmt) "vro: pv: " fmt

#include <linux/delay.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include "internal.h"

/* How long a going module's sweep waits before it writes a site again. */
#define VRO_PV_RETRY_MS	10

/**
 * struct vro_pv_put - a module reference to drop after an RCU-tasks wait
 * @list: on vro_pv_puts
 * @mod: the module
 * @by: the task that queued it: it drops it in its vro_unlock()
 */
struct vro_pv_put {
	struct list_head list;
	struct module *mod;
	struct task_struct *by;
};

static LIST_HEAD(vro_pv_puts);
static DEFINE_SPINLOCK(vro_pv_puts_lock);

/* A patch that replaces site @s's current bytes (its new bytes: caller). */
void vro_pv_patch_site(struct vro_patch *p, const struct vro_pv_site *s)
{
	vro_assert_locked();
	p->addr = s->addr;
	p->len = s->len;
	memcpy(p->old, s->cur, s->len);
}

static unsigned int vro_pv_count_sites(struct vro_pv_set *set)
{
	struct vro_pv_mod *pm;
	unsigned int i, n = 0;

	vro_assert_locked();
	list_for_each_entry(pm, &vro_pv_mods, list)
		for (i = 0; i < pm->nr; i++)
			n += pm->sites[i].set == set;
	return n;
}

/*
 * The bytes site @s of @set gets for backend @b (or, with VRO_PV_UNBIND, its
 * trampoline) in @p->new, and @p's other fields. Return: 1 if the site
 * stays as it is (already there, or a template kept with VRO_PV_KEEP_TMPL: a
 * template is self-contained, it never refers to its backend's module),
 * 0 if @p is to be written, -EBUSY if a template would change.
 */
static int vro_pv_retarget_site(struct vro_pv_set *set, struct vro_pv_backend *b,
				unsigned int how, struct vro_pv_site *s,
			    struct vro_patch *p)
{
	bool inl;
	int ret;

	vro_assert_locked();
	if (how & VRO_PV_UNBIND)
		ret = vro_pv_site_branch(s, s->op->tramp, p->new);
	else
		ret = vro_pv_site_bytes(s, b, false, p->new, &inl);
	if (ret)
		return ret;
	if (!memcmp(p->new, s->cur, s->len))
		return 1;
	if (s->inlined && (how & VRO_PV_KEEP_TMPL)) {
		pr_warn("%s: site %pS keeps its inline template of %s (self-contained) while its module is live\n",
			set->name, s->addr, s->name);
		return 1;
	}
	if (s->inlined) {
		pr_err("%s: cannot switch to '%s': site %pS holds an inline template of %s and its module is live\n",
		       set->name, b ? b->name : "(fallbacks)", s->addr,
		       s->name);
		return -EBUSY;
	}
	vro_pv_patch_site(p, s);
	return 0;
}

/*
 * Write one patch of a going module's sweep: retry for as long as there is
 * no memory (the text alias's arrays, its vmap()), since the sweep must
 * not leave a site calling text that is freed next. Other errors (the site
 * was changed by another text patcher) are returned.
 */
static int vro_pv_write_nofail(struct vro_patch *p)
{
	bool logged = false;
	int ret;

	vro_assert_locked();
	while ((ret = vro_patch_text(p, 1, true)) == -ENOMEM) {
		if (!logged)
			pr_warn("%pS: no memory to write the site: retrying until it is written\n",
				p->addr);
		logged = true;
		msleep(VRO_PV_RETRY_MS);
	}
	return ret;
}

/*
 * vro_pv_retarget() without memory of its own, for VRO_PV_NOFAIL when its batch
 * cannot be allocated or written for lack of memory: one site at a time,
 * each in its own stop_machine(), the patch on the stack, each retried
 * until there is memory. Meanwhile some sites reach the old backend and
 * some the new one; each site reaches one of them at any time. A site that
 * cannot be written for another reason is skipped (the others are still
 * moved) and the first such error returned.
 */
static int vro_pv_retarget_each(struct vro_pv_set *set, struct vro_pv_backend *b,
				unsigned int how)
{
	struct vro_patch p;
	struct vro_pv_mod *pm;
	unsigned int i;
	int ret, err = 0;

	vro_assert_locked();
	pr_warn("%s: no memory for one batch: moving its sites one at a time\n",
		set->name);
	list_for_each_entry(pm, &vro_pv_mods, list) {
		for (i = 0; i < pm->nr; i++) {
			struct vro_pv_site *s = &pm->sites[i];

			if (s->set != set)
				continue;
			memset(&p, 0, sizeof(p));
			ret = vro_pv_retarget_site(set, b, how, s, &p);
			if (ret > 0)
				continue;
			if (!ret)
				ret = vro_pv_write_nofail(&p);
			if (!ret)
				memcpy(s->cur, p.new, s->len);
			else if (!err)
				err = ret;
		}
	}
	return err;
}

/*
 * Make every live site of @set reach backend @b (or, with VRO_PV_UNBIND, its
 * trampoline): build one batch, refuse it with -EBUSY if a template would
 * change (with VRO_PV_KEEP_TMPL, leave that site as it is), write it under
 * stop_machine. With VRO_PV_NOFAIL (a going module's backend, whose text is
 * freed next), a batch that cannot be allocated or written for lack of
 * memory is written site by site, each retried until there is memory.
 */
int vro_pv_retarget(struct vro_pv_set *set, struct vro_pv_backend *b,
		    unsigned int how)
{
	unsigned int i, n = 0, max = vro_pv_count_sites(set);
	struct vro_pv_site **who;
	struct vro_patch *p;
	struct vro_pv_mod *pm;
	int ret = 0;

	vro_assert_locked();
	if (!max)
		return 0;
	p = vro_test_fail_alloc() ? NULL : kcalloc(max, sizeof(*p), GFP_KERNEL);
	who = vro_test_fail_alloc() ? NULL :
	      kcalloc(max, sizeof(*who), GFP_KERNEL);
	if (!p || !who) {
		ret = -ENOMEM;
		if (how & VRO_PV_NOFAIL)
			ret = vro_pv_retarget_each(set, b, how);
		goto out_free;
	}
	list_for_each_entry(pm, &vro_pv_mods, list) {
		for (i = 0; i < pm->nr; i++) {
			struct vro_pv_site *s = &pm->sites[i];

			ret = s->set == set ?
			      vro_pv_retarget_site(set, b, how, s, &p[n]) : 1;
			if (ret < 0)
				goto out_free;
			if (!ret)
				who[n++] = s;
		}
	}
	ret = n ? vro_patch_text(p, n, true) : 0;
	if (ret == -ENOMEM && (how & VRO_PV_NOFAIL)) {
		/* Nothing was written: site by site. */
		ret = vro_pv_retarget_each(set, b, how);
		goto out_free;
	}
	if (ret)
		goto out_free;
	/* Commit: the sites now hold p[].new. */
	for (i = 0; i < n; i++)
		memcpy(who[i]->cur, p[i].new, who[i]->len);
out_free:
	kfree(who);
	kfree(p);
	return ret;
}

static bool vro_pv_needs_ref(struct vro_pv_backend *b)
{
	return b && b->owner && b->owner != b->set->owner;
}

/* Does a site of @set call a function of @b (not a fallback, a template)? */
static bool vro_pv_called(struct vro_pv_set *set, struct vro_pv_backend *b)
{
	struct vro_pv_mod *pm;
	unsigned int i;

	vro_assert_locked();
	list_for_each_entry(pm, &vro_pv_mods, list) {
		for (i = 0; i < pm->nr; i++) {
			struct vro_pv_site *s = &pm->sites[i];

			if (s->set == set && !s->inlined && b->fns[s->idx] &&
			    vro_pv_decode_branch(s->cur, s->addr) == b->fns[s->idx])
				return true;
		}
	}
	return false;
}

/*
 * Drop module reference @mod once no task can be running code that no site
 * and no trampoline reaches any more: a task preempted inside it, or in a
 * trampoline after loading the old pointer, must move on first. That wait
 * (synchronize_rcu_tasks()) can take as long as some task keeps running
 * without sleeping, so it is not made under vro_lock(): the reference is
 * queued and the task that queued it drops it in its vro_unlock(), after
 * releasing the lock. Without memory for the queue, the wait is made here.
 */
static void vro_pv_put_later(struct module *mod)
{
	struct vro_pv_put *put;

	vro_assert_locked();
	put = kmalloc(sizeof(*put), GFP_KERNEL);
	if (!put) {
		synchronize_rcu_tasks();
		module_put(mod);
		return;
	}
	put->mod = mod;
	put->by = current;
	spin_lock(&vro_pv_puts_lock);
	list_add_tail(&put->list, &vro_pv_puts);
	spin_unlock(&vro_pv_puts_lock);
}

/**
 * vro_pv_unlocked() - drop the module references this task's switches freed
 *
 * Called by vro_unlock() after it released the lock: if the task switched
 * an op set away from a pinned backend while it held the lock, wait for
 * RCU-tasks (no task still in the old backend's functions or in a
 * trampoline holding the old pointer), then drop those references. The
 * lock is free meanwhile, so module loads, vro_set() and other switches do
 * not wait for tasks that keep calling the old backend.
 */
void vro_pv_unlocked(void)
{
	struct vro_pv_put *put, *tmp;
	LIST_HEAD(mine);

	spin_lock(&vro_pv_puts_lock);
	list_for_each_entry_safe(put, tmp, &vro_pv_puts, list)
		if (put->by == current)
			list_move_tail(&put->list, &mine);
	spin_unlock(&vro_pv_puts_lock);
	if (list_empty(&mine))
		return;
	synchronize_rcu_tasks();
	list_for_each_entry_safe(put, tmp, &mine, list) {
		module_put(put->mod);
		kfree(put);
	}
}

/*
 * Drop the pin on @old, the backend @set used before, once nothing can be
 * running its code any more (vro_pv_put_later()). Caller has moved every site
 * and trampoline of @set off @old.
 */
void vro_pv_unpin(struct vro_pv_backend *old)
{
	vro_assert_locked();
	if (vro_pv_needs_ref(old))
		vro_pv_put_later(old->owner);
}

/*
 * Select @b for @set: pin its module, retarget the trampolines (so code that
 * is between a site and the trampoline lands on @b too) and every site.
 */
int vro_pv_switch(struct vro_pv_set *set, struct vro_pv_backend *b,
		  unsigned int how)
{
	struct vro_pv_backend *old = set->cur;
	unsigned int i;
	int ret;

	vro_assert_locked();
	if (b == old)
		return 0;
	if (vro_pv_needs_ref(b) && !try_module_get(b->owner)) {
		pr_err("%s: backend '%s' is going away\n",
		       set->name, b->name);
		return -ENOENT;
	}
	ret = vro_pv_retarget(set, b, how);
	if (ret) {
		/* VRO_PV_NOFAIL may have moved some sites to @b: keep its pin. */
		if (vro_pv_needs_ref(b) && vro_pv_called(set, b))
			pr_err("%s: switch to '%s' stopped after moving some sites (%pe): its module stays pinned\n",
			       set->name, b->name, ERR_PTR(ret));
		else if (vro_pv_needs_ref(b))
			module_put(b->owner);
		return ret;
	}
	for (i = 0; i < set->nr_ops; i++)
		WRITE_ONCE(*set->ops[i]->target, vro_pv_site_fn(set, b, i));
	set->cur = b;
	vro_pv_unpin(old);
	pr_info("op set '%s' uses backend '%s'\n",
		set->name, b ? b->name : "(fallbacks)");
	return 0;
}
