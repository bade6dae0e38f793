// SPDX-License-Identifier: GPL-2.0
/*
 * vro/pv.c - paravirt call patching.
 *
 * Every pv call site (VRO_KIND_CALL/JMP in a module's site table) is a 5-byte
 * "call/jmp rel32" that vrolink pointed at pv_tramp_<op>. Once the op's set
 * is registered, every site of the set is a direct call/jmp to the selected
 * backend's function, or, at module COMING only, the backend's inline
 * template padded with a NOP. Everything here runs under vro_lock().
 *
 * Rules (Documentation/vro-pv.rst):
 *  - A site that holds a call/jmp may be retargeted while live (stop_machine
 *    in vro_patch_text()); a site that holds a template, or a template that
 *    would replace a live call, is never written: that switch is -EBUSY.
 *  - The selected backend's module is pinned (try_module_get) unless it is
 *    the set's owner, so "rmmod" of a backend in use is refused.
 */
#include <linux/debugfs.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include "internal.h"

#define PV_CALL_OP	0xe8
#define PV_JMP_OP	0xe9

/**
 * struct pv_site - vro.ko's view of one pv call site
 * @addr: first byte of the 5-byte instruction
 * @name: the op's name (without __pv_)
 * @kind: VRO_KIND_CALL or VRO_KIND_JMP
 * @op: the op once its set is registered, else NULL
 * @set: the op's set, else NULL
 * @idx: the op's index in @set
 * @cur: the bytes the site holds now
 * @inlined: @cur is a template
 */
struct pv_site {
	u8 *addr;
	const char *name;
	u8 kind;
	const struct vro_pv_op *op;
	struct vro_pv_set *set;
	unsigned int idx;
	u8 cur[VRO_PV_SITE_LEN];
	bool inlined;
};

/**
 * struct pv_mod - the pv sites of one registered module
 * @vm: the registry's record
 * @nr: number of @sites
 * @list: on pv_mods
 * @sites: the sites
 */
struct pv_mod {
	struct vro_module *vm;
	unsigned int nr;
	struct list_head list;
	struct pv_site sites[];
};

static LIST_HEAD(pv_sets);
static LIST_HEAD(pv_mods);
static char pv_param[256];
static bool pv_ready;
static struct dentry *pv_debugfs;

/* ------------------------------------------------------------ selection */

/*
 * The backend vro.pv names for @set, copied into @buf: "set:name" entries
 * (comma separated) win over a bare "name", which applies to every set.
 */
static bool pv_wanted(const struct vro_pv_set *set, char *buf, size_t len)
{
	const char *p = pv_param;
	bool found = false;

	while (*p) {
		size_t n = strcspn(p, ",");
		const char *colon = memchr(p, ':', n);

		if (colon && colon - p == strlen(set->name) &&
		    !strncmp(p, set->name, colon - p)) {
			strscpy(buf, colon + 1, min(len, (size_t)(p + n - colon)));
			return true;
		}
		if (!colon && n && !found) {
			strscpy(buf, p, min(len, n + 1));
			found = true;
		}
		p += n + (p[n] == ',');
	}
	return found;
}

static struct vro_pv_backend *pv_find_backend(struct vro_pv_set *set,
					      const char *name)
{
	struct vro_pv_backend *b;

	list_for_each_entry(b, &set->backends, list)
		if (!strcmp(b->name, name))
			return b;
	return NULL;
}

/* The default rule: the registered backend of highest rating (> 0). */
static struct vro_pv_backend *pv_default(struct vro_pv_set *set)
{
	struct vro_pv_backend *b, *best = NULL;

	list_for_each_entry(b, &set->backends, list)
		if (b->rating > 0 && (!best || b->rating > best->rating))
			best = b;
	return best;
}

/*
 * What vro.pv and the default rule choose for @set. A name vro.pv gives
 * that @set lacks is logged if @warn, and sets *@missing.
 */
static struct vro_pv_backend *pv_choose(struct vro_pv_set *set, bool warn,
					bool *missing)
{
	struct vro_pv_backend *b, *dflt = pv_default(set);
	char name[64];

	*missing = false;
	if (!pv_wanted(set, name, sizeof(name)))
		return dflt;
	b = pv_find_backend(set, name);
	if (!b) {
		*missing = true;
		if (warn)
			pr_err("vro: pv: vro.pv selects backend '%s' for op set '%s', which has no such backend: default '%s' stays in force\n",
			       name, set->name,
			       dflt ? dflt->name : "(fallbacks)");
	}
	return b ?: dflt;
}

/* The function @b gives op @idx of its set; NULL @b: the op's fallback. */
static void *pv_fn(struct vro_pv_set *set, struct vro_pv_backend *b,
		   unsigned int idx)
{
	if (b && b->fns[idx])
		return b->fns[idx];
	return set->ops[idx]->dflt;
}

static const struct vro_pv_impl *pv_impl(struct vro_pv_backend *b,
					 const char *op)
{
	unsigned int i;

	if (!b)
		return NULL;
	for (i = 0; i < b->nr_impls; i++)
		if (!strcmp(b->impls[i].op, op))
			return &b->impls[i];
	return NULL;
}

/* ---------------------------------------------------------- site bytes */

static const u8 pv_nops[VRO_PV_SITE_LEN][VRO_PV_SITE_LEN] = {
	{ 0 },
	{ 0x90 },
	{ 0x66, 0x90 },
	{ 0x0f, 0x1f, 0x00 },
	{ 0x0f, 0x1f, 0x40, 0x00 },
};

static int pv_encode_branch(u8 *buf, const u8 *addr, u8 kind, void *fn)
{
	long rel = (long)fn - (long)(addr + VRO_PV_SITE_LEN);

	if (rel != (s32)rel)
		return -ERANGE;
	buf[0] = kind == VRO_KIND_JMP ? PV_JMP_OP : PV_CALL_OP;
	put_unaligned_le32((u32)rel, buf + 1);
	return 0;
}

/* The target of the call/jmp in @buf at @addr (NULL if not a call/jmp). */
static void *pv_decode_branch(const u8 *buf, const u8 *addr)
{
	if (buf[0] != PV_CALL_OP && buf[0] != PV_JMP_OP)
		return NULL;
	return (void *)(addr + VRO_PV_SITE_LEN +
			(s32)get_unaligned_le32(buf + 1));
}

/*
 * The bytes @s should hold with backend @b selected. @tmpl_ok: the site's
 * code cannot be running, so a template may go in.
 */
static int pv_site_bytes(struct pv_site *s, struct vro_pv_backend *b,
			 bool tmpl_ok, u8 *buf, bool *inlined)
{
	const struct vro_pv_impl *impl = pv_impl(b, s->name);

	*inlined = false;
	if (tmpl_ok && impl && impl->tmpl && s->kind == VRO_KIND_CALL) {
		memcpy(buf, impl->tmpl, impl->tmpl_len);
		memcpy(buf + impl->tmpl_len,
		       pv_nops[VRO_PV_SITE_LEN - impl->tmpl_len],
		       VRO_PV_SITE_LEN - impl->tmpl_len);
		*inlined = true;
		return 0;
	}
	if (pv_encode_branch(buf, s->addr, s->kind, pv_fn(s->set, b, s->idx))) {
		pr_err("vro: pv: %pS: %ps is out of rel32 reach\n",
		       s->addr, pv_fn(s->set, b, s->idx));
		return -ERANGE;
	}
	return 0;
}

/* ----------------------------------------------------------- switching */

/* A patch that replaces site @s's current bytes (its new bytes: caller). */
static void pv_patch_site(struct vro_patch *p, const struct pv_site *s)
{
	p->addr = s->addr;
	p->len = VRO_PV_SITE_LEN;
	memcpy(p->old, s->cur, VRO_PV_SITE_LEN);
}

static unsigned int pv_count_sites(struct vro_pv_set *set)
{
	struct pv_mod *pm;
	unsigned int i, n = 0;

	list_for_each_entry(pm, &pv_mods, list)
		for (i = 0; i < pm->nr; i++)
			n += pm->sites[i].set == set;
	return n;
}

/*
 * Make every live site of @set reach backend @b: build one batch, refuse
 * it with -EBUSY if a template would change, write it under stop_machine.
 */
static int pv_retarget(struct vro_pv_set *set, struct vro_pv_backend *b)
{
	unsigned int i, n = 0, max = pv_count_sites(set);
	struct pv_site **who;
	struct vro_patch *p;
	struct pv_mod *pm;
	bool inl;
	int ret = 0;

	if (!max)
		return 0;
	p = kcalloc(max, sizeof(*p), GFP_KERNEL);
	who = kcalloc(max, sizeof(*who), GFP_KERNEL);
	if (!p || !who) {
		ret = -ENOMEM;
		goto out_free;
	}
	list_for_each_entry(pm, &pv_mods, list) {
		for (i = 0; i < pm->nr; i++) {
			struct pv_site *s = &pm->sites[i];

			if (s->set != set)
				continue;
			ret = pv_site_bytes(s, b, false, p[n].new, &inl);
			if (ret)
				goto out_free;
			if (!memcmp(p[n].new, s->cur, VRO_PV_SITE_LEN))
				continue;
			if (s->inlined) {
				pr_err("vro: pv: %s: cannot switch to '%s': site %pS holds an inline template of %s and its module is live\n",
				       set->name, b ? b->name : "(fallbacks)",
				       s->addr, s->name);
				ret = -EBUSY;
				goto out_free;
			}
			pv_patch_site(&p[n], s);
			who[n++] = s;
		}
	}
	ret = n ? vro_patch_text(p, n, true) : 0;
	if (ret)
		goto out_free;
	/* Commit: the sites now hold p[].new. */
	for (i = 0; i < n; i++)
		memcpy(who[i]->cur, p[i].new, VRO_PV_SITE_LEN);
out_free:
	kfree(who);
	kfree(p);
	return ret;
}

static bool pv_needs_ref(struct vro_pv_backend *b)
{
	return b && b->owner && b->owner != b->set->owner;
}

/*
 * Select @b for @set: pin its module, retarget the trampolines (so code that
 * is between a site and the trampoline lands on @b too) and every site.
 */
static int pv_switch(struct vro_pv_set *set, struct vro_pv_backend *b)
{
	struct vro_pv_backend *old = set->cur;
	unsigned int i;
	int ret;

	if (b == old)
		return 0;
	if (pv_needs_ref(b) && !try_module_get(b->owner)) {
		pr_err("vro: pv: %s: backend '%s' is going away\n",
		       set->name, b->name);
		return -ENOENT;
	}
	ret = pv_retarget(set, b);
	if (ret) {
		if (pv_needs_ref(b))
			module_put(b->owner);
		return ret;
	}
	for (i = 0; i < set->nr_ops; i++)
		WRITE_ONCE(*set->ops[i]->target, pv_fn(set, b, i));
	set->cur = b;
	if (pv_needs_ref(old)) {
		/*
		 * A task preempted inside the old backend's functions, or in a
		 * trampoline after loading the old pointer, must move on
		 * before the old backend's module may be unloaded.
		 */
		synchronize_rcu_tasks();
		module_put(old->owner);
	}
	pr_info("vro: pv: op set '%s' uses backend '%s'\n",
		set->name, b ? b->name : "(fallbacks)");
	return 0;
}

/* ---------------------------------------------------------- op sets */

static struct vro_pv_set *pv_find_set(const char *name)
{
	struct vro_pv_set *set;

	list_for_each_entry(set, &pv_sets, list)
		if (!strcmp(set->name, name))
			return set;
	return NULL;
}

static const struct vro_pv_op *pv_find_op(const char *name,
					  struct vro_pv_set **setp,
					  unsigned int *idx)
{
	struct vro_pv_set *set;
	unsigned int i;

	list_for_each_entry(set, &pv_sets, list) {
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
static int pv_bind_site(struct pv_site *s)
{
	struct vro_pv_set *set;
	unsigned int idx;
	const struct vro_pv_op *op = pv_find_op(s->name, &set, &idx);

	if (!op)
		return 0;
	if (pv_decode_branch(s->cur, s->addr) != op->tramp) {
		pr_err("vro: pv: %pS: expected a %s to pv_tramp_%s, found %*ph\n",
		       s->addr, s->kind == VRO_KIND_JMP ? "jmp" : "call",
		       s->name, VRO_PV_SITE_LEN, s->cur);
		return -EINVAL;
	}
	s->op = op;
	s->set = set;
	s->idx = idx;
	return 0;
}

static int pv_check_set(struct vro_pv_set *set)
{
	struct vro_pv_set *other;
	unsigned int i, j;

	if (!set->name || !set->ops || !set->nr_ops)
		return -EINVAL;
	if (pv_find_set(set->name)) {
		pr_err("vro: pv: op set '%s' is already registered\n",
		       set->name);
		return -EEXIST;
	}
	for (i = 0; i < set->nr_ops; i++) {
		const struct vro_pv_op *op = set->ops[i];

		if (!op->tramp || !op->target || !op->dflt) {
			pr_err("vro: pv: op set '%s': op '%s' is incomplete\n",
			       set->name, op->name);
			return -EINVAL;
		}
		if (pv_find_op(op->name, &other, &j)) {
			pr_err("vro: pv: op '%s' of set '%s' is already in set '%s'\n",
			       op->name, set->name, other->name);
			return -EEXIST;
		}
	}
	return 0;
}

static int pv_add_backend(struct vro_pv_backend *b);

/* Drop @set, its backends and its sites' bindings; trampolines to fallbacks. */
static void pv_forget_set(struct vro_pv_set *set)
{
	struct vro_pv_backend *b, *tmp;
	struct pv_mod *pm;
	unsigned int i;

	if (pv_needs_ref(set->cur))
		module_put(set->cur->owner);
	set->cur = NULL;
	for (i = 0; i < set->nr_ops; i++)
		WRITE_ONCE(*set->ops[i]->target, set->ops[i]->dflt);
	list_for_each_entry_safe(b, tmp, &set->backends, list) {
		list_del(&b->list);
		kfree(b->fns);
		b->fns = NULL;
	}
	list_for_each_entry(pm, &pv_mods, list) {
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
 * stays in force until a backend of that name registers.
 *
 * Return: 0, -EEXIST if the set or one of its ops is known, -EINVAL, -E2BIG
 * or -ENOMEM for a bad set or backend, or a patching error. On error nothing
 * is registered.
 */
int vro_pv_register_set(struct vro_pv_set *set,
			struct vro_pv_backend *const *backends, unsigned int nr)
{
	struct pv_mod *pm;
	unsigned int i;
	bool missing;
	int ret;

	vro_lock();
	ret = pv_check_set(set);
	if (ret)
		goto out_unlock;
	INIT_LIST_HEAD(&set->backends);
	set->cur = NULL;
	list_add_tail(&set->list, &pv_sets);
	list_for_each_entry(pm, &pv_mods, list) {
		for (i = 0; i < pm->nr; i++) {
			ret = pm->sites[i].op ? 0 : pv_bind_site(&pm->sites[i]);
			if (ret)
				goto out_unbind;
		}
	}
	for (i = 0; i < nr; i++) {
		ret = backends[i]->set == set ? pv_add_backend(backends[i])
					      : -EINVAL;
		if (ret)
			goto out_unbind;
	}
	ret = pv_retarget(set, NULL);
	if (ret)
		goto out_unbind;
	pr_info("vro: pv: op set '%s' registered (%u ops, %u backends)\n",
		set->name, set->nr_ops, nr);
	ret = pv_switch(set, pv_choose(set, true, &missing));
	if (ret)
		goto out_unbind;
	goto out_unlock;

out_unbind:
	pv_forget_set(set);
out_unlock:
	vro_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vro_pv_register_set);

/**
 * vro_pv_unregister_set() - forget an op set (from its owner's exit)
 * @set: a registered set
 *
 * Its users are gone (they depend on the owner); its backends are dropped
 * and its remaining sites (the owner's own) are left as they are.
 */
void vro_pv_unregister_set(struct vro_pv_set *set)
{
	vro_lock();
	if (pv_find_set(set->name) == set)
		pv_forget_set(set);
	vro_unlock();
}
EXPORT_SYMBOL_GPL(vro_pv_unregister_set);

/* ---------------------------------------------------------- backends */

static int pv_check_impl(struct vro_pv_backend *b,
			 const struct vro_pv_impl *impl)
{
	struct vro_pv_set *set = b->set;
	unsigned int i;

	for (i = 0; i < set->nr_ops; i++)
		if (!strcmp(set->ops[i]->name, impl->op))
			break;
	if (i == set->nr_ops) {
		pr_err("vro: pv: backend '%s': op set '%s' has no op '%s'\n",
		       b->name, set->name, impl->op);
		return -EINVAL;
	}
	if (b->fns[i]) {
		pr_err("vro: pv: backend '%s': op '%s' implemented twice\n",
		       b->name, impl->op);
		return -EINVAL;
	}
	if (!impl->fn) {
		pr_err("vro: pv: backend '%s': op '%s' has no function\n",
		       b->name, impl->op);
		return -EINVAL;
	}
	if (impl->tmpl && (!impl->tmpl_len ||
			   impl->tmpl_len > VRO_PV_SITE_LEN)) {
		pr_err("vro: pv: backend '%s': inline template of op '%s' is %u bytes; a call site has %d\n",
		       b->name, impl->op, impl->tmpl_len, VRO_PV_SITE_LEN);
		return -E2BIG;
	}
	b->fns[i] = impl->fn;
	return 0;
}

/* Check every implementation of @b, then add it to its set. */
static int pv_add_backend(struct vro_pv_backend *b)
{
	struct vro_pv_set *set = b->set;
	unsigned int i;
	int ret;

	if (pv_find_backend(set, b->name)) {
		pr_err("vro: pv: op set '%s' already has a backend '%s'\n",
		       set->name, b->name);
		return -EEXIST;
	}
	b->fns = kcalloc(set->nr_ops, sizeof(*b->fns), GFP_KERNEL);
	if (!b->fns)
		return -ENOMEM;
	for (i = 0; i < b->nr_impls; i++) {
		ret = pv_check_impl(b, &b->impls[i]);
		if (ret)
			goto out_free;
	}
	list_add_tail(&b->list, &set->backends);
	pr_info("vro: pv: op set '%s': backend '%s' registered (rating %d)\n",
		set->name, b->name, b->rating);
	return 0;

out_free:
	kfree(b->fns);
	b->fns = NULL;
	return ret;
}

/**
 * vro_pv_register_backend() - offer a backend for an op set from any module
 * @b: a backend (see PV_BACKEND()) of a registered set
 *
 * Every implementation is checked first (known op, no duplicate, template
 * no longer than a call site); a bad one refuses the whole backend. If
 * vro.pv or the default rule now chooses @b, the set's live sites are
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
	struct vro_pv_set *set = b->set;
	bool missing;
	int ret;

	vro_lock();
	if (!set || pv_find_set(set->name) != set) {
		pr_err("vro: pv: backend '%s': its op set is not registered\n",
		       b->name);
		ret = -ENOENT;
		goto out_unlock;
	}
	ret = pv_add_backend(b);
	if (ret)
		goto out_unlock;
	ret = pv_switch(set, pv_choose(set, false, &missing));
	if (ret) {
		list_del(&b->list);
		kfree(b->fns);
		b->fns = NULL;
	}
out_unlock:
	vro_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vro_pv_register_backend);

/**
 * vro_pv_unregister_backend() - withdraw a backend (from its module's exit)
 * @b: a registered backend
 *
 * A selected backend from another module than the set's owner is pinned,
 * so this runs for it only when it is not selected. If it is selected (the
 * owner withdrawing its own), the set switches to the next choice first; if
 * that switch fails (-EBUSY: a live site holds @b's inline template), @b
 * stays registered and selected, and vro_pv_unregister_set() drops it.
 */
void vro_pv_unregister_backend(struct vro_pv_backend *b)
{
	struct vro_pv_set *set = b->set;
	bool missing;

	vro_lock();
	if (!b->fns)
		goto out_unlock;
	list_del(&b->list);
	if (set->cur == b && pv_switch(set, pv_choose(set, false, &missing))) {
		/* The sites still reach @b: keep it selected and registered. */
		pr_err("vro: pv: %s: backend '%s' cannot be withdrawn while selected; it stays\n",
		       set->name, b->name);
		list_add_tail(&b->list, &set->backends);
		goto out_unlock;
	}
	kfree(b->fns);
	b->fns = NULL;
out_unlock:
	vro_unlock();
}
EXPORT_SYMBOL_GPL(vro_pv_unregister_backend);

/**
 * vro_pv_select() - switch an op set to a backend at run time
 * @setname: the op set
 * @backend: a registered backend's name
 *
 * Only call-to-call retargeting is done live; a switch that would change a
 * site holding an inline template is refused.
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
	set = pv_find_set(setname);
	b = set ? pv_find_backend(set, backend) : NULL;
	if (b)
		ret = pv_switch(set, b);
	else
		pr_err("vro: pv: no backend '%s' in op set '%s'\n",
		       backend, setname);
	vro_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vro_pv_select);

/**
 * vro_pv_default_fn() - what the default rule would call for an op
 * @set: a registered op set
 * @op: the op's name
 *
 * For forwarding backends such as "trace": the function of the registered
 * backend of highest rating, or the op's fallback.
 *
 * Return: the function, or NULL if @set has no op @op.
 */
void *vro_pv_default_fn(struct vro_pv_set *set, const char *op)
{
	void *fn = NULL;
	unsigned int i;

	vro_lock();
	for (i = 0; i < set->nr_ops; i++)
		if (!strcmp(set->ops[i]->name, op))
			fn = pv_fn(set, pv_default(set), i);
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
	struct pv_mod *pm;
	unsigned int i;
	int ret = -ENOENT;

	vro_lock();
	list_for_each_entry(pm, &pv_mods, list) {
		if (pm->vm->mod != mod)
			continue;
		for (ret = 0, i = 0; i < pm->nr && !ret; i++) {
			struct pv_site *s = &pm->sites[i];

			si.addr = s->addr;
			si.op = s->name;
			si.kind = s->kind;
			si.target = s->set ? pv_fn(s->set, s->set->cur, s->idx)
					   : NULL;
			si.inlined = s->inlined;
			ret = fn(&si, arg);
		}
	}
	vro_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vro_pv_for_each_site);

/* ------------------------------------------------------ registry hooks */

/*
 * A pv site vro.ko tracks: a call/jmp outside init text. Init text is freed
 * when the module goes live, so its sites are never written: they keep
 * calling the trampoline, which always reaches the selected backend.
 */
static bool pv_tracked(struct vro_module *vm, const struct vro_site *vs)
{
	if (vs->kind != VRO_KIND_CALL && vs->kind != VRO_KIND_JMP)
		return false;
	return !within_module_init((unsigned long)vro_site_addr(vs), vm->mod);
}

static unsigned int pv_nr_sites(struct vro_module *vm)
{
	unsigned int i, n = 0;

	for (i = 0; i < vm->desc->nr_sites; i++)
		n += pv_tracked(vm, &vm->sites[i]);
	return n;
}

/* Fill @s from site-table entry @vs; refuse a site that is not a rel32. */
static int pv_init_site(struct pv_mod *pm, struct pv_site *s,
			const struct vro_site *vs)
{
	const char *name = vro_site_name(pm->vm, vs);

	if (vs->insn_off != 1 || vs->insn_len != VRO_PV_SITE_LEN ||
	    strncmp(name, VRO_PV_PREFIX, strlen(VRO_PV_PREFIX))) {
		pr_err("vro: %s: pv site of %s is not a 5-byte call/jmp\n",
		       pm->vm->mod->name, name);
		return -EINVAL;
	}
	s->addr = (u8 *)vro_site_addr(vs) - 1;
	s->name = name + strlen(VRO_PV_PREFIX);
	s->kind = vs->kind;
	memcpy(s->cur, s->addr, VRO_PV_SITE_LEN);
	if (s->cur[0] != (s->kind == VRO_KIND_JMP ? PV_JMP_OP : PV_CALL_OP)) {
		pr_err("vro: %s: %pS: pv site of %s is %*ph, not a %s\n",
		       pm->vm->mod->name, s->addr, s->name, VRO_PV_SITE_LEN,
		       s->cur, s->kind == VRO_KIND_JMP ? "jmp" : "call");
		return -EINVAL;
	}
	return pv_bind_site(s);
}

/* First write of a new module's bound sites (templates only if !live). */
static int pv_patch_new(struct pv_mod *pm, bool live)
{
	struct vro_patch *p;
	bool *inl;
	unsigned int i, n = 0;
	int ret = 0;

	p = kcalloc(pm->nr, sizeof(*p), GFP_KERNEL);
	inl = kcalloc(pm->nr, sizeof(*inl), GFP_KERNEL);
	if (!p || !inl) {
		ret = -ENOMEM;
		goto out_free;
	}
	for (i = 0; i < pm->nr; i++) {
		struct pv_site *s = &pm->sites[i];

		if (!s->set)
			continue;
		ret = pv_site_bytes(s, s->set->cur, !live, p[n].new, &inl[n]);
		if (ret)
			goto out_free;
		pv_patch_site(&p[n++], s);
	}
	ret = n ? vro_patch_text(p, n, live) : 0;
	if (ret)
		goto out_free;
	for (i = 0, n = 0; i < pm->nr; i++) {
		struct pv_site *s = &pm->sites[i];

		if (!s->set)
			continue;
		memcpy(s->cur, p[n].new, VRO_PV_SITE_LEN);
		s->inlined = inl[n++];
	}
out_free:
	kfree(inl);
	kfree(p);
	return ret;
}

int vro_pv_module_coming(struct vro_module *vm, bool live)
{
	unsigned int i, n = pv_nr_sites(vm);
	struct pv_mod *pm;
	int ret;

	if (!n)
		return 0;
	pm = kzalloc(struct_size(pm, sites, n), GFP_KERNEL);
	if (!pm)
		return -ENOMEM;
	pm->vm = vm;
	for (i = 0; i < vm->desc->nr_sites; i++) {
		const struct vro_site *vs = &vm->sites[i];

		if (!pv_tracked(vm, vs))
			continue;
		ret = pv_init_site(pm, &pm->sites[pm->nr++], vs);
		if (ret)
			goto out_free;
	}
	ret = pv_patch_new(pm, live);
	if (ret)
		goto out_free;
	list_add_tail(&pm->list, &pv_mods);
	return 0;

out_free:
	kfree(pm);
	return ret;
}

void vro_pv_module_going(struct vro_module *vm)
{
	struct pv_mod *pm;

	list_for_each_entry(pm, &pv_mods, list) {
		if (pm->vm == vm) {
			list_del(&pm->list);
			kfree(pm);
			return;
		}
	}
}

/* ------------------------------------------------- vro.pv and debugfs */

/* Re-select every set after a run-time write of vro.pv. */
static int pv_param_apply(void)
{
	struct vro_pv_set *set;
	struct vro_pv_backend *b;
	bool missing;
	int ret = 0, err;

	list_for_each_entry(set, &pv_sets, list) {
		b = pv_choose(set, false, &missing);
		if (missing)
			pr_err("vro: pv: vro.pv: op set '%s' has no such backend: write refused\n",
			       set->name);
		err = missing ? -ENOENT : pv_switch(set, b);
		if (err && !ret)
			ret = err;
	}
	return ret;
}

/*
 * vro.pv=<backend> or vro.pv=<set>:<backend>[,<set>:<backend>...]. At load
 * it is only remembered (sets register later); written at run time through
 * /sys/module/vro/parameters/pv it switches now, or fails with nothing
 * changed but the remembered text restored.
 */
static int pv_param_set(const char *val, const struct kernel_param *kp)
{
	char old[sizeof(pv_param)];
	size_t len;
	int ret;

	len = val ? strcspn(val, "\n") : 0;
	if (!val || len >= sizeof(pv_param)) {
		pr_err("vro: pv: vro.pv needs a value of at most %zu bytes: <backend> or <set>:<backend>[,...]%s\n",
		       sizeof(pv_param) - 1,
		       pv_ready ? "" : "; ignored, the defaults are in force");
		/* At load, a bad vro.pv must not keep vro.ko out. */
		return pv_ready ? -EINVAL : 0;
	}
	if (!pv_ready) {
		strscpy(pv_param, val, len + 1);
		return 0;
	}
	vro_lock();
	memcpy(old, pv_param, sizeof(old));
	strscpy(pv_param, val, len + 1);
	ret = pv_param_apply();
	if (ret) {
		memcpy(pv_param, old, sizeof(old));
		pv_param_apply();
	}
	vro_unlock();
	return ret;
}

static int pv_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", pv_param);
}

static const struct kernel_param_ops pv_param_ops = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,	/* "vro.pv" alone: logged */
	.set = pv_param_set,
	.get = pv_param_get,
};
module_param_cb(pv, &pv_param_ops, NULL, 0644);
MODULE_PARM_DESC(pv, "pv backend: <backend> or <set>:<backend>[,...]");

static void pv_show_site(struct seq_file *m, struct pv_mod *pm,
			 struct pv_site *s)
{
	if (!s->set)
		seq_printf(m, "  site %pS %s %s -> trampoline (op set not registered)\n",
			   s->addr, s->kind == VRO_KIND_JMP ? "jmp" : "call",
			   s->name);
	else if (s->inlined)
		seq_printf(m, "  site %pS inline %s: %*ph\n",
			   s->addr, s->name, VRO_PV_SITE_LEN, s->cur);
	else
		seq_printf(m, "  site %pS %s -> %pS\n", s->addr,
			   s->kind == VRO_KIND_JMP ? "jmp" : "call",
			   pv_decode_branch(s->cur, s->addr));
}

static int pv_show(struct seq_file *m, void *v)
{
	struct vro_pv_backend *b;
	struct vro_pv_set *set;
	struct pv_mod *pm;
	unsigned int i;

	vro_lock();
	seq_printf(m, "vro.pv=%s\n", pv_param);
	list_for_each_entry(set, &pv_sets, list) {
		seq_printf(m, "set %s backend %s\n", set->name,
			   set->cur ? set->cur->name : "(fallbacks)");
		list_for_each_entry(b, &set->backends, list)
			seq_printf(m, "  backend %s rating %d%s\n", b->name,
				   b->rating, b == set->cur ? " selected" : "");
		for (i = 0; i < set->nr_ops; i++)
			seq_printf(m, "  op %s trampoline -> %pS\n",
				   set->ops[i]->name,
				   READ_ONCE(*set->ops[i]->target));
	}
	list_for_each_entry(pm, &pv_mods, list) {
		seq_printf(m, "module %s\n", pm->vm->mod->name);
		for (i = 0; i < pm->nr; i++)
			pv_show_site(m, pm, &pm->sites[i]);
	}
	vro_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pv);

int vro_pv_init(void)
{
	pv_ready = true;
	pv_debugfs = debugfs_create_file("pv", 0444, vro_debugfs_dir(), NULL,
					 &pv_fops);
	return 0;
}

void vro_pv_exit(void)
{
	debugfs_remove(pv_debugfs);
}
