// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of op sets and backends, and its exported API.
 */
#define pr_fmt(fmt) "vro: pv: " fmt

#include <linux/slab.h>
#include <linux/string.h>
#include "internal.h"

LIST_HEAD(vro_pv_sets);
LIST_HEAD(vro_pv_mods);

static struct vro_pv_set *vro_pv_find_set(const char *name)
{
	struct vro_pv_set *set;

	vro_assert_locked();
	list_for_each_entry(set, &vro_pv_sets, list)
		if (!strcmp(set->name, name))
			return set;
	return NULL;
}

static const struct vro_pv_op *vro_pv_find_op(const char *name,
					      struct vro_pv_set **setp,
					  unsigned int *idx)
{
	struct vro_pv_set *set;
	unsigned int i;

	vro_assert_locked();
	list_for_each_entry(set, &vro_pv_sets, list) {
		for (i = 0; i < set->nr_ops; i++) {
			if (!strcmp(set->ops[i]->name, name)) {
				*setp = set;
				*idx = i;
				return set->ops[i];
			}
		}
	}
	return NULL;
}

/* Attach @s to its op if the op's set is registered; check the bytes. */
int vro_pv_bind_site(struct vro_pv_site *s)
{
	struct vro_pv_set *set;
	unsigned int idx;
	const struct vro_pv_op *op = vro_pv_find_op(s->name, &set, &idx);

	vro_assert_locked();
	if (!op)
		return 0;
	if (vro_pv_decode_branch(s->cur, s->addr) != op->tramp) {
		pr_err("%pS: expected a %s to pv_tramp_%s, found %*ph\n",
		       s->addr, s->kind == VRO_KIND_JMP ? "jmp" : "call",
		       s->name, s->len, s->cur);
		return -EINVAL;
	}
	/* A plain 5-byte call is fine for any op; a long site must be its op's. */
	if (s->len != VRO_PV_SITE_LEN && s->len != vro_pv_op_len(op)) {
		pr_err("%pS: site of %s is %u bytes but the op's sites are %u: rebuild the module against the op's header\n",
		       s->addr, s->name, s->len, vro_pv_op_len(op));
		return -EINVAL;
	}
	s->op = op;
	s->set = set;
	s->idx = idx;
	return 0;
}

static int vro_pv_check_set(struct vro_pv_set *set)
{
	struct vro_pv_set *other;
	unsigned int i, j;

	vro_assert_locked();
	if (!set->name || !set->ops || !set->nr_ops)
		return -EINVAL;
	if (vro_pv_find_set(set->name)) {
		pr_err("op set '%s' is already registered\n",
		       set->name);
		return -EEXIST;
	}
	for (i = 0; i < set->nr_ops; i++) {
		const struct vro_pv_op *op = set->ops[i];

		if (!op->tramp || !op->target || !op->dflt ||
		    vro_pv_op_len(op) < VRO_PV_SITE_LEN ||
		    vro_pv_op_len(op) > VRO_PV_SITE_MAX) {
			pr_err("op set '%s': op '%s' is incomplete or its site length %u is not %d to %d\n",
			       set->name, op->name, vro_pv_op_len(op),
			       VRO_PV_SITE_LEN, VRO_PV_SITE_MAX);
			return -EINVAL;
		}
		if (!vro_pv_ibt_target_ok(op->dflt)) {
			pr_err("op set '%s': op '%s': fallback %ps has no ENDBR, and this kernel has X86_KERNEL_IBT (start a hand-written function with ASM_ENDBR)\n",
			       set->name, op->name, op->dflt);
			return -EINVAL;
		}
		if (vro_pv_find_op(op->name, &other, &j)) {
			pr_err("op '%s' of set '%s' is already in set '%s'\n",
			       op->name, set->name, other->name);
			return -EEXIST;
		}
	}
	return 0;
}

/*
 * Whether @set is registered. Compared by address, never through @set's
 * own list head: a set that was never registered has a zero one.
 */
static bool vro_pv_set_registered(const struct vro_pv_set *set)
{
	struct vro_pv_set *s;

	vro_assert_locked();
	list_for_each_entry(s, &vro_pv_sets, list)
		if (s == set)
			return true;
	return false;
}

static int vro_pv_add_backend(struct vro_pv_backend *b);

static void vro_pv_free_backend(struct vro_pv_backend *b)
{
	vro_assert_locked();
	kfree(b->fns);
	b->fns = NULL;
}

/*
 * Drop @set, its backends and its sites' bindings. Every site goes back to
 * its trampoline and the trampolines to the fallbacks, so nothing reaches a
 * backend any more; only then, after synchronize_rcu_tasks(), is the pin on
 * the selected backend's module dropped. If the sites cannot be written
 * (no memory), the pin stays, so that module can never unload while a site
 * still calls it.
 */
void vro_pv_forget_set(struct vro_pv_set *set)
{
	struct vro_pv_backend *b, *tmp, *old = set->cur;
	struct vro_pv_mod *pm;
	unsigned int i;
	int ret;

	vro_assert_locked();
	ret = vro_pv_retarget(set, NULL, VRO_PV_UNBIND | VRO_PV_KEEP_TMPL | VRO_PV_NOFAIL);
	if (ret)
		pr_err("op set '%s': cannot put its sites back on their trampolines (%pe); backend '%s' stays pinned\n",
		       set->name, ERR_PTR(ret), old ? old->name : "(fallbacks)");
	for (i = 0; i < set->nr_ops; i++)
		WRITE_ONCE(*set->ops[i]->target, set->ops[i]->dflt);
	set->cur = NULL;
	set->sel = NULL;
	if (!ret)
		vro_pv_unpin(old);
	list_for_each_entry_safe(b, tmp, &set->backends, list) {
		list_del(&b->list);
		vro_pv_free_backend(b);
	}
	list_for_each_entry(pm, &vro_pv_mods, list) {
		for (i = 0; i < pm->nr; i++) {
			if (pm->sites[i].set == set) {
				pm->sites[i].op = NULL;
				pm->sites[i].set = NULL;
			}
		}
	}
	list_del(&set->list);
}

/**
 * vro_pv_register_set() - make an op set and its owner's backends known
 * @set: a set defined with DEFINE_PV_SET()
 * @backends: the owner's backends of @set (may be NULL)
 * @nr: number of @backends
 *
 * Binds every registered site of the set's ops, registers @backends, then
 * selects what vro.pv names for the set or else the default (the backend of
 * highest rating; the ops' fallbacks if there is none). A name vro.pv gives
 * that is not among the backends is logged as an error and the default
 * stays in force until a backend of that name registers. The first set to
 * register also logs every vro.pv entry that names no registered set.
 *
 * Return: 0, -EEXIST if the set or one of its ops is known, -EINVAL, -E2BIG
 * or -ENOMEM for a bad set or backend, or a patching error. On error nothing
 * is registered and every site of the set is back on its trampoline.
 */
int vro_pv_register_set(struct vro_pv_set *set,
			struct vro_pv_backend *const *backends, unsigned int nr)
{
	static bool logged;
	struct vro_pv_mod *pm;
	unsigned int i;
	int ret;

	vro_lock();
	ret = vro_pv_check_set(set);
	if (ret)
		goto out_unlock;
	INIT_LIST_HEAD(&set->backends);
	set->cur = NULL;
	set->sel = NULL;
	list_add_tail(&set->list, &vro_pv_sets);
	list_for_each_entry(pm, &vro_pv_mods, list) {
		for (i = 0; i < pm->nr; i++) {
			ret = pm->sites[i].op ? 0 : vro_pv_bind_site(&pm->sites[i]);
			if (ret)
				goto out_forget;
		}
	}
	for (i = 0; i < nr; i++) {
		ret = backends[i]->set == set ? vro_pv_add_backend(backends[i])
					      : -EINVAL;
		if (ret)
			goto out_forget;
	}
	ret = vro_pv_retarget(set, NULL, 0);
	if (ret)
		goto out_forget;
	pr_info("op set '%s' registered (%u ops, %u backends)\n",
		set->name, set->nr_ops, nr);
	if (!logged)
		vro_pv_log_entries(false, true);
	logged = true;
	ret = vro_pv_switch(set, vro_pv_choose(set, true), 0);
	if (ret)
		goto out_forget;
	goto out_unlock;

out_forget:
	vro_pv_forget_set(set);
out_unlock:
	vro_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vro_pv_register_set);

/**
 * vro_pv_unregister_set() - forget an op set (from its owner's exit)
 * @set: a registered set
 *
 * Its users are gone (they depend on the owner). Its remaining sites (the
 * owner's own) go back to their trampolines, the trampolines to the
 * fallbacks, and its backends are dropped; the pin on a selected backend
 * from another module is dropped after synchronize_rcu_tasks().
 *
 * Return: 0, or -ENOENT (logged) if @set is not registered.
 */
int vro_pv_unregister_set(struct vro_pv_set *set)
{
	int ret = 0;

	vro_lock();
	if (vro_pv_set_registered(set)) {
		vro_pv_forget_set(set);
	} else {
		pr_err("%s(): op set '%s' is not registered\n",
		       __func__, set->name);
		ret = -ENOENT;
	}
	vro_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vro_pv_unregister_set);

static int vro_pv_check_impl(struct vro_pv_backend *b,
			     const struct vro_pv_impl *impl)
{
	struct vro_pv_set *set = b->set;
	unsigned int i;

	for (i = 0; i < set->nr_ops; i++)
		if (!strcmp(set->ops[i]->name, impl->op))
			break;
	if (i == set->nr_ops) {
		pr_err("backend '%s': op set '%s' has no op '%s'\n",
		       b->name, set->name, impl->op);
		return -EINVAL;
	}
	if (b->fns[i]) {
		pr_err("backend '%s': op '%s' implemented twice\n",
		       b->name, impl->op);
		return -EINVAL;
	}
	if (!impl->fn) {
		pr_err("backend '%s': op '%s' has no function\n",
		       b->name, impl->op);
		return -EINVAL;
	}
	if (set->ops[i]->callee_save && !(impl->flags & VRO_PV_IMPL_CS)) {
		pr_err("backend '%s': op '%s' is callee-save but %ps is a C function: give its thunk (DEFINE_PV_THUNK(), PV_IMPL_THUNK()) or a hand-written function (PV_IMPL_CALLEE_SAVE())\n",
		       b->name, impl->op, impl->fn);
		return -EINVAL;
	}
	if (!vro_pv_ibt_target_ok(impl->fn)) {
		pr_err("backend '%s': op '%s': %ps has no ENDBR, and this kernel has X86_KERNEL_IBT: the op's trampoline would fault jumping to it (start a hand-written function with ASM_ENDBR)\n",
		       b->name, impl->op, impl->fn);
		return -EINVAL;
	}
	if (impl->tmpl && (!impl->tmpl_len ||
			   impl->tmpl_len > vro_pv_op_len(set->ops[i]))) {
		pr_err("backend '%s': inline template of op '%s' is %u bytes; its call sites have %u\n",
		       b->name, impl->op, impl->tmpl_len,
		       vro_pv_op_len(set->ops[i]));
		return -E2BIG;
	}
	b->fns[i] = impl->fn;
	return 0;
}

/* Check every implementation of @b, then add it to its set. */
static int vro_pv_add_backend(struct vro_pv_backend *b)
{
	struct vro_pv_set *set = b->set;
	unsigned int i;
	int ret;

	vro_assert_locked();
	if (vro_pv_find_backend(set, b->name)) {
		pr_err("op set '%s' already has a backend '%s'\n",
		       set->name, b->name);
		return -EEXIST;
	}
	b->fns = kcalloc(set->nr_ops, sizeof(*b->fns), GFP_KERNEL);
	if (!b->fns)
		return -ENOMEM;
	for (i = 0; i < b->nr_impls; i++) {
		ret = vro_pv_check_impl(b, &b->impls[i]);
		if (ret)
			goto out_free;
	}
	list_add_tail(&b->list, &set->backends);
	pr_info("op set '%s': backend '%s' registered (rating %d)\n",
		set->name, b->name, b->rating);
	return 0;

out_free:
	kfree(b->fns);
	b->fns = NULL;
	return ret;
}

/* @b's op set, or NULL (logged, naming @what) if it is not registered. */
static struct vro_pv_set *vro_pv_backend_set(struct vro_pv_backend *b,
					     const char *what)
{
	if (b->set && vro_pv_set_registered(b->set))
		return b->set;
	pr_err("%s(): backend '%s': its op set is not registered\n",
	       what, b->name);
	return NULL;
}

/**
 * vro_pv_register_backend() - offer a backend for an op set from any module
 * @b: a backend (see PV_BACKEND()) of a registered set
 *
 * Every implementation is checked first (known op, no duplicate, template
 * no longer than a call site); a bad one refuses the whole backend. If the
 * selection now chooses @b (it is not overridden by vro_pv_select(), and
 * vro.pv names it or it has the highest rating), the set's live sites are
 * retargeted to it (call-to-call, under stop_machine) and @b's module is
 * pinned while selected.
 *
 * Return: 0; -ENOENT (set not registered), -EEXIST (name taken), -EINVAL
 * or -E2BIG (bad implementation), -ENOMEM; or the switch's error (-EBUSY
 * if a live inline template would have to change), and then @b is not
 * registered.
 */
int vro_pv_register_backend(struct vro_pv_backend *b)
{
	struct vro_pv_set *set;
	int ret;

	vro_lock();
	set = vro_pv_backend_set(b, __func__);
	ret = -ENOENT;
	if (!set)
		goto out_unlock;
	ret = vro_pv_add_backend(b);
	if (ret)
		goto out_unlock;
	ret = vro_pv_switch(set, vro_pv_choose(set, false), 0);
	if (ret) {
		list_del(&b->list);
		vro_pv_free_backend(b);
	}
out_unlock:
	vro_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vro_pv_register_backend);

/*
 * Withdraw registered backend @b. If it is selected, switch to the next
 * choice first; @going: @b's module is going away whatever happens, so a
 * live template of @b stays (it is self-contained) and a failed switch
 * falls back to the fallbacks. Returns the switch's error, and then (if not
 * @going) @b stays registered and selected.
 */
int vro_pv_drop_backend(struct vro_pv_backend *b, bool going)
{
	struct vro_pv_set *set = b->set;
	struct vro_pv_backend *sel = set->sel;
	unsigned int i, how = going ? VRO_PV_KEEP_TMPL | VRO_PV_NOFAIL : 0;
	int ret = 0;

	vro_assert_locked();
	list_del(&b->list);
	if (sel == b)
		set->sel = NULL;
	if (set->cur == b) {
		ret = vro_pv_switch(set, vro_pv_choose(set, false), how);
		if (ret && going)
			ret = vro_pv_switch(set, NULL, how);
	}
	if (ret && !going) {
		/* The sites still reach @b: keep it selected and registered. */
		list_add_tail(&b->list, &set->backends);
		set->sel = sel;
		return ret;
	}
	if (ret) {
		pr_err("%s: cannot switch away from backend '%s' of a going module (%pe): its sites may still call it\n",
		       set->name, b->name, ERR_PTR(ret));
		for (i = 0; i < set->nr_ops; i++)
			WRITE_ONCE(*set->ops[i]->target, set->ops[i]->dflt);
		set->cur = NULL;
	}
	vro_pv_free_backend(b);
	return ret;
}

/**
 * vro_pv_unregister_backend() - withdraw a backend (from its module's exit)
 * @b: a registered backend
 *
 * A selected backend from another module than the set's owner is pinned,
 * so this runs for it only when it is not selected. If it is selected (the
 * owner withdrawing its own), the set switches to the next choice first; if
 * that switch fails (-EBUSY: a live site holds @b's inline template), @b
 * stays registered and selected, and vro_pv_unregister_set() drops it. A
 * vro_pv_select() of @b ends with it.
 *
 * Return: 0; -ENOENT (logged) if @b or its set is not registered; or the
 * switch's error, and then @b stays.
 */
int vro_pv_unregister_backend(struct vro_pv_backend *b)
{
	struct vro_pv_set *set;
	int ret = -ENOENT;

	vro_lock();
	set = vro_pv_backend_set(b, __func__);
	if (!set)
		goto out_unlock;
	if (!b->fns || vro_pv_find_backend(set, b->name) != b) {
		pr_err("%s(): backend '%s' is not registered\n",
		       __func__, b->name);
		goto out_unlock;
	}
	ret = vro_pv_drop_backend(b, false);
	if (ret)
		pr_err("%s: backend '%s' cannot be withdrawn while selected (%pe); it stays\n",
		       set->name, b->name, ERR_PTR(ret));
out_unlock:
	vro_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vro_pv_unregister_backend);

/**
 * vro_pv_select() - switch an op set to a backend at run time
 * @setname: the op set
 * @backend: a registered backend's name
 *
 * An explicit selection: it takes precedence over vro.pv and the ratings,
 * so a backend registered later does not undo it. It lasts until the next
 * vro_pv_select() of the set, a run-time write of vro.pv that names the set,
 * or the withdrawal of @backend. Only call-to-call retargeting is done live;
 * a switch that would change a site holding an inline template is refused.
 * The old backend's module, if pinned, is unpinned before this returns,
 * after an RCU-tasks wait made with vro.ko's lock released.
 *
 * Return: 0, -ENOENT (no such set or backend), -EBUSY with the reason in
 * the log, or another patching error (nothing is then changed).
 */
int vro_pv_select(const char *setname, const char *backend)
{
	struct vro_pv_set *set;
	struct vro_pv_backend *b;
	int ret = -ENOENT;

	vro_lock();
	set = vro_pv_find_set(setname);
	b = set ? vro_pv_find_backend(set, backend) : NULL;
	if (b)
		ret = vro_pv_switch(set, b, 0);
	else
		pr_err("no backend '%s' in op set '%s'\n",
		       backend, setname);
	if (!ret)
		set->sel = b;
	vro_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vro_pv_select);

/**
 * vro_pv_default_fn() - what the default rule would call for an op
 * @set: a registered op set
 * @op: the op's name
 * @pin: set to the module that holds the returned function, now pinned
 *	 (a module reference), or to NULL when the function is @set's own
 *	 (its fallback)
 *
 * For forwarding backends such as "trace": the function of the backend the
 * selection rule picks, or the op's fallback. The function's module cannot
 * be unloaded while the caller may call it: drop the reference with
 * module_put(*@pin) once it no longer does (module_put(NULL) does nothing).
 *
 * Return: the function; NULL (logged, *@pin NULL) if @set is not
 * registered, has no op @op, or the backend's module is going away.
 */
void *vro_pv_default_fn(struct vro_pv_set *set, const char *op,
			struct module **pin)
{
	struct vro_pv_backend *b;
	void *fn = NULL;
	unsigned int i;

	*pin = NULL;
	vro_lock();
	if (!vro_pv_set_registered(set)) {
		pr_err("%s(): op set '%s' is not registered\n",
		       __func__, set->name);
		goto out_unlock;
	}
	b = vro_pv_default(set);
	for (i = 0; i < set->nr_ops; i++)
		if (!strcmp(set->ops[i]->name, op))
			fn = vro_pv_fn(set, b, i);
	if (!fn) {
		pr_err("%s(): op set '%s' has no op '%s'\n",
		       __func__, set->name, op);
		goto out_unlock;
	}
	if (b && b->owner != set->owner) {
		if (!try_module_get(b->owner)) {
			pr_err("%s(): backend '%s' of op set '%s' is going away\n",
			       __func__, b->name, set->name);
			fn = NULL;
			goto out_unlock;
		}
		*pin = b->owner;
	}
out_unlock:
	vro_unlock();
	return fn;
}
EXPORT_SYMBOL_GPL(vro_pv_default_fn);

/**
 * vro_pv_for_each_site() - report the pv sites of a module
 * @mod: the module
 * @fn: called for each site; a non-zero return stops the walk
 * @arg: passed to @fn
 *
 * Return: -ENOENT if @mod has no pv sites registered, else what the last
 * @fn call returned.
 */
int vro_pv_for_each_site(struct module *mod,
			 int (*fn)(const struct vro_pv_site_info *si, void *arg),
			 void *arg)
{
	struct vro_pv_site_info si;
	struct vro_pv_mod *pm;
	unsigned int i;
	int ret = -ENOENT;

	vro_lock();
	list_for_each_entry(pm, &vro_pv_mods, list) {
		if (pm->vmod->mod != mod)
			continue;
		for (ret = 0, i = 0; i < pm->nr && !ret; i++) {
			struct vro_pv_site *s = &pm->sites[i];

			si.addr = s->addr;
			si.op = s->name;
			si.kind = s->kind;
			si.len = s->len;
			si.target = s->set ? vro_pv_fn(s->set, s->set->cur, s->idx)
					   : NULL;
			si.inlined = s->inlined;
			ret = fn(&si, arg);
		}
	}
	vro_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vro_pv_for_each_site);

int vro_pv_init(void)
{
	vro_pv_param_ready();
	vro_pv_debugfs_init();
	vro_pv_note_call_depth();
	return 0;
}

void vro_pv_exit(void)
{
	vro_pv_debugfs_exit();
}
