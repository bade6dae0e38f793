// SPDX-License-Identifier: GPL-2.0
/*
 * Paravirt call patching.
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
#define pr_fmt(fmt) "vro: pv: " fmt

#include <linux/debugfs.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/nops.h>
#include <asm/text-patching.h>
#include <asm/unaligned.h>
#include "internal.h"

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

/* ------------------------------------------------------------ vro.pv */

/* Longest op set or backend name vro.pv may give, with its NUL. */
#define PV_NAME_MAX	64

/**
 * struct pv_entry - one comma-separated entry of vro.pv
 * @text: the entry as written
 * @len: its length
 * @set: the op set it names, NULL for a bare backend name
 * @set_len: length of @set
 * @name: the backend's name
 * @name_len: length of @name
 * @why: NULL if the entry is well formed, else what is wrong with it
 */
struct pv_entry {
	const char *text;
	size_t len;
	const char *set;
	size_t set_len;
	const char *name;
	size_t name_len;
	const char *why;
};

/*
 * The next entry of the vro.pv text at *@pp into @e; false at the end. A
 * well formed entry is "<backend>" or "<set>:<backend>", both names non-empty
 * and shorter than PV_NAME_MAX.
 */
static bool pv_next_entry(const char **pp, struct pv_entry *e)
{
	const char *p = *pp, *colon;
	size_t n;

	if (!*p)
		return false;
	n = strcspn(p, ",");
	*pp = p + n + (p[n] == ',');
	memset(e, 0, sizeof(*e));
	e->text = p;
	e->len = n;
	colon = memchr(p, ':', n);
	e->name = colon ? colon + 1 : p;
	e->name_len = p + n - e->name;
	if (colon) {
		e->set = p;
		e->set_len = colon - p;
	}
	if (!n)
		e->why = "empty";
	else if (colon && memchr(e->name, ':', e->name_len))
		e->why = "more than one ':'";
	else if (colon && !e->set_len)
		e->why = "no op set name before ':'";
	else if (!e->name_len)
		e->why = "no backend name";
	else if (e->set_len >= PV_NAME_MAX || e->name_len >= PV_NAME_MAX)
		e->why = "a name of 64 bytes or more";
	return true;
}

static bool pv_entry_names(const struct pv_entry *e,
			   const struct vro_pv_set *set)
{
	return e->set && e->set_len == strlen(set->name) &&
	       !strncmp(e->set, set->name, e->set_len);
}

/* The registered op set a well formed "set:backend" entry names, or NULL. */
static struct vro_pv_set *pv_entry_set(const struct pv_entry *e)
{
	struct vro_pv_set *set;

	vro_assert_locked();
	list_for_each_entry(set, &pv_sets, list)
		if (pv_entry_names(e, set))
			return set;
	return NULL;
}

/*
 * The backend vro.pv text @text names for @set, copied into @buf (of
 * PV_NAME_MAX bytes): a "set:name" entry wins over a bare "name", which
 * applies to every set. Malformed entries name nothing.
 */
static bool pv_wanted(const char *text, const struct vro_pv_set *set,
		      char *buf)
{
	struct pv_entry e;
	bool found = false;

	while (pv_next_entry(&text, &e)) {
		if (e.why || (e.set && !pv_entry_names(&e, set)) ||
		    (!e.set && found))
			continue;
		memcpy(buf, e.name, e.name_len);
		buf[e.name_len] = '\0';
		if (e.set)
			return true;
		found = true;
	}
	return found;
}

/*
 * Log each entry of vro.pv that is malformed (@bad) or names an op set that
 * is not registered (@unmatched).
 */
static void pv_log_entries(bool bad, bool unmatched)
{
	const char *p = pv_param;
	struct pv_entry e;

	while (pv_next_entry(&p, &e)) {
		if (e.why && bad)
			pr_err("vro.pv entry '%.*s' is malformed (%s): want <backend> or <set>:<backend>; it is ignored\n",
			       (int)e.len, e.text, e.why);
		else if (!e.why && e.set && unmatched && !pv_entry_set(&e))
			pr_err("vro.pv entry '%.*s' names op set '%.*s', which is not registered (op set names are case-sensitive); it is ignored until such a set registers\n",
			       (int)e.len, e.text, (int)e.set_len, e.set);
	}
}

/* ------------------------------------------------------------ selection */

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
 * What @set should use, by precedence: the backend vro_pv_select() chose,
 * else the one vro.pv names, else the default rule. A name vro.pv gives
 * that @set lacks is logged if @warn.
 */
static struct vro_pv_backend *pv_choose(struct vro_pv_set *set, bool warn)
{
	struct vro_pv_backend *b, *dflt;
	char name[PV_NAME_MAX];

	vro_assert_locked();
	if (set->sel)
		return set->sel;
	dflt = pv_default(set);
	if (!pv_wanted(pv_param, set, name))
		return dflt;
	b = pv_find_backend(set, name);
	if (!b && warn)
		pr_err("vro.pv selects backend '%s' for op set '%s', which has no such backend: default '%s' stays in force\n",
		       name, set->name, dflt ? dflt->name : "(fallbacks)");
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

/*
 * The padding after an inline template: the kernel's own NOPs of 1 to 4
 * bytes (<asm/nops.h>). The kernel's table of them, x86_nops[], is not
 * exported to modules, so the table is built here from the same
 * BYTES_NOPn macros.
 */
static const u8 pv_nops[VRO_PV_SITE_LEN][VRO_PV_SITE_LEN] = {
	{ },
	{ BYTES_NOP1 },
	{ BYTES_NOP2 },
	{ BYTES_NOP3 },
	{ BYTES_NOP4 },
};

/* A site's call/jmp rel32 is exactly the kernel's CALL/JMP32 instruction. */
static_assert(VRO_PV_SITE_LEN == CALL_INSN_SIZE);
static_assert(VRO_PV_SITE_LEN == JMP32_INSN_SIZE);

static u8 pv_opcode(u8 kind)
{
	return kind == VRO_KIND_JMP ? JMP32_INSN_OPCODE : CALL_INSN_OPCODE;
}

/* "call/jmp @fn" at @addr into @buf, by <asm/text-patching.h>. */
static int pv_encode_branch(u8 *buf, const u8 *addr, u8 kind, void *fn)
{
	long rel = (long)fn - (long)(addr + VRO_PV_SITE_LEN);

	if (rel != (s32)rel)
		return -ERANGE;
	__text_gen_insn(buf, pv_opcode(kind), addr, fn, VRO_PV_SITE_LEN);
	return 0;
}

/* The target of the call/jmp in @buf at @addr (NULL if not a call/jmp). */
static void *pv_decode_branch(const u8 *buf, const u8 *addr)
{
	if (buf[0] != CALL_INSN_OPCODE && buf[0] != JMP32_INSN_OPCODE)
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
		pr_err("%pS: %ps is out of rel32 reach\n",
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

/* How pv_retarget() and pv_switch() treat the sites of a set. */
enum {
	PV_UNBIND	= 1 << 0,	/* back to the trampolines, @b ignored */
	PV_KEEP_TMPL	= 1 << 1,	/* leave a live template, not -EBUSY */
};

/*
 * Make every live site of @set reach backend @b (or, with PV_UNBIND, its
 * trampoline): build one batch, refuse it with -EBUSY if a template would
 * change (with PV_KEEP_TMPL, leave that site as it is: a template is
 * self-contained, it never refers to its backend's module), write it under
 * stop_machine.
 */
static int pv_retarget(struct vro_pv_set *set, struct vro_pv_backend *b,
		       unsigned int how)
{
	unsigned int i, n = 0, max = pv_count_sites(set);
	struct pv_site **who;
	struct vro_patch *p;
	struct pv_mod *pm;
	bool inl;
	int ret = 0;

	vro_assert_locked();
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
			if (how & PV_UNBIND)
				ret = pv_encode_branch(p[n].new, s->addr,
						       s->kind, s->op->tramp);
			else
				ret = pv_site_bytes(s, b, false, p[n].new, &inl);
			if (ret)
				goto out_free;
			if (!memcmp(p[n].new, s->cur, VRO_PV_SITE_LEN))
				continue;
			if (s->inlined && (how & PV_KEEP_TMPL)) {
				pr_warn("%s: site %pS keeps its inline template of %s (self-contained) while its module is live\n",
					set->name, s->addr, s->name);
				continue;
			}
			if (s->inlined) {
				pr_err("%s: cannot switch to '%s': site %pS holds an inline template of %s and its module is live\n",
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
 * Drop the pin on @old, the backend @set used before, once nothing can be
 * running its code any more: a task preempted inside its functions, or in a
 * trampoline after loading the old pointer, must move on first.
 */
static void pv_unpin(struct vro_pv_backend *old)
{
	if (!pv_needs_ref(old))
		return;
	synchronize_rcu_tasks();
	module_put(old->owner);
}

/*
 * Select @b for @set: pin its module, retarget the trampolines (so code that
 * is between a site and the trampoline lands on @b too) and every site.
 */
static int pv_switch(struct vro_pv_set *set, struct vro_pv_backend *b,
		     unsigned int how)
{
	struct vro_pv_backend *old = set->cur;
	unsigned int i;
	int ret;

	vro_assert_locked();
	if (b == old)
		return 0;
	if (pv_needs_ref(b) && !try_module_get(b->owner)) {
		pr_err("%s: backend '%s' is going away\n",
		       set->name, b->name);
		return -ENOENT;
	}
	ret = pv_retarget(set, b, how);
	if (ret) {
		if (pv_needs_ref(b))
			module_put(b->owner);
		return ret;
	}
	for (i = 0; i < set->nr_ops; i++)
		WRITE_ONCE(*set->ops[i]->target, pv_fn(set, b, i));
	set->cur = b;
	pv_unpin(old);
	pr_info("op set '%s' uses backend '%s'\n",
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
		pr_err("%pS: expected a %s to pv_tramp_%s, found %*ph\n",
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
		pr_err("op set '%s' is already registered\n",
		       set->name);
		return -EEXIST;
	}
	for (i = 0; i < set->nr_ops; i++) {
		const struct vro_pv_op *op = set->ops[i];

		if (!op->tramp || !op->target || !op->dflt) {
			pr_err("op set '%s': op '%s' is incomplete\n",
			       set->name, op->name);
			return -EINVAL;
		}
		if (pv_find_op(op->name, &other, &j)) {
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
static bool pv_set_registered(const struct vro_pv_set *set)
{
	struct vro_pv_set *s;

	vro_assert_locked();
	list_for_each_entry(s, &pv_sets, list)
		if (s == set)
			return true;
	return false;
}

static int pv_add_backend(struct vro_pv_backend *b);

static void pv_free_backend(struct vro_pv_backend *b)
{
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
static void pv_forget_set(struct vro_pv_set *set)
{
	struct vro_pv_backend *b, *tmp, *old = set->cur;
	struct pv_mod *pm;
	unsigned int i;
	int ret;

	vro_assert_locked();
	ret = pv_retarget(set, NULL, PV_UNBIND | PV_KEEP_TMPL);
	if (ret)
		pr_err("op set '%s': cannot put its sites back on their trampolines (%pe); backend '%s' stays pinned\n",
		       set->name, ERR_PTR(ret), old ? old->name : "(fallbacks)");
	for (i = 0; i < set->nr_ops; i++)
		WRITE_ONCE(*set->ops[i]->target, set->ops[i]->dflt);
	set->cur = NULL;
	set->sel = NULL;
	if (!ret)
		pv_unpin(old);
	list_for_each_entry_safe(b, tmp, &set->backends, list) {
		list_del(&b->list);
		pv_free_backend(b);
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
	struct pv_mod *pm;
	unsigned int i;
	int ret;

	vro_lock();
	ret = pv_check_set(set);
	if (ret)
		goto out_unlock;
	INIT_LIST_HEAD(&set->backends);
	set->cur = NULL;
	set->sel = NULL;
	list_add_tail(&set->list, &pv_sets);
	list_for_each_entry(pm, &pv_mods, list) {
		for (i = 0; i < pm->nr; i++) {
			ret = pm->sites[i].op ? 0 : pv_bind_site(&pm->sites[i]);
			if (ret)
				goto out_forget;
		}
	}
	for (i = 0; i < nr; i++) {
		ret = backends[i]->set == set ? pv_add_backend(backends[i])
					      : -EINVAL;
		if (ret)
			goto out_forget;
	}
	ret = pv_retarget(set, NULL, 0);
	if (ret)
		goto out_forget;
	pr_info("op set '%s' registered (%u ops, %u backends)\n",
		set->name, set->nr_ops, nr);
	if (!logged)
		pv_log_entries(false, true);
	logged = true;
	ret = pv_switch(set, pv_choose(set, true), 0);
	if (ret)
		goto out_forget;
	goto out_unlock;

out_forget:
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
	if (pv_set_registered(set)) {
		pv_forget_set(set);
	} else {
		pr_err("%s(): op set '%s' is not registered\n",
		       __func__, set->name);
		ret = -ENOENT;
	}
	vro_unlock();
	return ret;
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
	if (impl->tmpl && (!impl->tmpl_len ||
			   impl->tmpl_len > VRO_PV_SITE_LEN)) {
		pr_err("backend '%s': inline template of op '%s' is %u bytes; a call site has %d\n",
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
		pr_err("op set '%s' already has a backend '%s'\n",
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
	pr_info("op set '%s': backend '%s' registered (rating %d)\n",
		set->name, b->name, b->rating);
	return 0;

out_free:
	kfree(b->fns);
	b->fns = NULL;
	return ret;
}

/* @b's op set, or NULL (logged, naming @what) if it is not registered. */
static struct vro_pv_set *pv_backend_set(struct vro_pv_backend *b,
					 const char *what)
{
	if (b->set && pv_set_registered(b->set))
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
	set = pv_backend_set(b, __func__);
	ret = -ENOENT;
	if (!set)
		goto out_unlock;
	ret = pv_add_backend(b);
	if (ret)
		goto out_unlock;
	ret = pv_switch(set, pv_choose(set, false), 0);
	if (ret) {
		list_del(&b->list);
		pv_free_backend(b);
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
static int pv_drop_backend(struct vro_pv_backend *b, bool going)
{
	struct vro_pv_set *set = b->set;
	struct vro_pv_backend *sel = set->sel;
	unsigned int i, how = going ? PV_KEEP_TMPL : 0;
	int ret = 0;

	vro_assert_locked();
	list_del(&b->list);
	if (sel == b)
		set->sel = NULL;
	if (set->cur == b) {
		ret = pv_switch(set, pv_choose(set, false), how);
		if (ret && going)
			ret = pv_switch(set, NULL, how);
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
	pv_free_backend(b);
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
	set = pv_backend_set(b, __func__);
	if (!set)
		goto out_unlock;
	if (!b->fns || pv_find_backend(set, b->name) != b) {
		pr_err("%s(): backend '%s' is not registered\n",
		       __func__, b->name);
		goto out_unlock;
	}
	ret = pv_drop_backend(b, false);
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
		ret = pv_switch(set, b, 0);
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
 *
 * For forwarding backends such as "trace": the function of the registered
 * backend of highest rating, or the op's fallback.
 *
 * Return: the function; NULL (logged) if @set is not registered or has no
 * op @op.
 */
void *vro_pv_default_fn(struct vro_pv_set *set, const char *op)
{
	void *fn = NULL;
	unsigned int i;

	vro_lock();
	if (!pv_set_registered(set)) {
		pr_err("%s(): op set '%s' is not registered\n",
		       __func__, set->name);
		goto out_unlock;
	}
	for (i = 0; i < set->nr_ops; i++)
		if (!strcmp(set->ops[i]->name, op))
			fn = pv_fn(set, pv_default(set), i);
	if (!fn)
		pr_err("%s(): op set '%s' has no op '%s'\n",
		       __func__, set->name, op);
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
		pr_err("%s: pv site of %s is not a 5-byte call/jmp\n",
		       pm->vm->mod->name, name);
		return -EINVAL;
	}
	s->addr = (u8 *)vro_site_addr(vs) - 1;
	s->name = name + strlen(VRO_PV_PREFIX);
	s->kind = vs->kind;
	memcpy(s->cur, s->addr, VRO_PV_SITE_LEN);
	if (s->cur[0] != pv_opcode(s->kind)) {
		pr_err("%s: %pS: pv site of %s is %*ph, not a %s\n",
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

/**
 * vro_pv_module_gone() - drop what a going module left registered
 * @mod: a module at MODULE_STATE_GOING (its memory is freed next)
 *
 * A module whose init fails after registering an op set or a backend, or
 * that forgets to unregister them in its exit, would leave its memory on
 * vro.ko's lists. Like static_call_del_module(), sweep by owner: each set it
 * owns is forgotten (sites back on their trampolines), each backend of it is
 * withdrawn (sites switched away first, a live template left in place), and
 * one warning names the module. Caller holds vro_lock(), after dropping the
 * module's own sites.
 */
void vro_pv_module_gone(struct module *mod)
{
	struct vro_pv_backend *b, *btmp;
	struct vro_pv_set *set, *tmp;
	unsigned int nr_sets = 0, nr_backends = 0;

	vro_assert_locked();
	list_for_each_entry_safe(set, tmp, &pv_sets, list) {
		if (set->owner == mod) {
			pr_info("%s: dropping op set '%s'\n",
				mod->name, set->name);
			pv_forget_set(set);
			nr_sets++;
			continue;
		}
		list_for_each_entry_safe(b, btmp, &set->backends, list) {
			if (b->owner != mod)
				continue;
			pr_info("%s: dropping backend '%s' of op set '%s'\n",
				mod->name, b->name, set->name);
			pv_drop_backend(b, true);
			nr_backends++;
		}
	}
	if (nr_sets || nr_backends)
		pr_warn("module %s went away with %u op set(s) and %u backend(s) still registered; dropped them: unregister them on every error path of its init and in its exit\n",
			mod->name, nr_sets, nr_backends);
}

/* ------------------------------------------------- vro.pv and debugfs */

/*
 * Check vro.pv text @text against the registered op sets before anything
 * is stored: -EINVAL for a malformed entry or one that names an op set that
 * is not registered, -ENOENT for a backend that a set it applies to lacks.
 * The culprit is logged.
 */
static int pv_param_check(const char *text)
{
	char name[PV_NAME_MAX];
	struct vro_pv_set *set;
	const char *p = text;
	struct pv_entry e;

	while (pv_next_entry(&p, &e)) {
		if (e.why) {
			pr_err("vro.pv entry '%.*s' is malformed (%s): want <backend> or <set>:<backend>; write refused\n",
			       (int)e.len, e.text, e.why);
			return -EINVAL;
		}
		if (e.set && !pv_entry_set(&e)) {
			pr_err("vro.pv entry '%.*s' names op set '%.*s', which is not registered (op set names are case-sensitive); write refused\n",
			       (int)e.len, e.text, (int)e.set_len, e.set);
			return -EINVAL;
		}
	}
	list_for_each_entry(set, &pv_sets, list) {
		if (pv_wanted(text, set, name) && !pv_find_backend(set, name)) {
			pr_err("vro.pv: op set '%s' has no backend '%s': write refused\n",
			       set->name, name);
			return -ENOENT;
		}
	}
	return 0;
}

/**
 * struct pv_undo - what an op set used before a run-time write of vro.pv
 * @set: the set
 * @cur: its selected backend
 * @sel: its explicit selection
 */
struct pv_undo {
	struct vro_pv_set *set;
	struct vro_pv_backend *cur;
	struct vro_pv_backend *sel;
};

/*
 * A run-time write of vro.pv: check it, store it, re-select every set (a
 * set it names loses its explicit selection). If a switch fails, the old
 * text, the explicit selections and the backends each set used before come
 * back; a set that cannot switch back is logged by name.
 */
static int pv_param_write(const char *text)
{
	char old[sizeof(pv_param)], name[PV_NAME_MAX];
	struct vro_pv_set *set;
	struct pv_undo *undo;
	unsigned int i, n = 0;
	int ret, err;

	vro_assert_locked();
	ret = pv_param_check(text);
	if (ret)
		return ret;
	list_for_each_entry(set, &pv_sets, list)
		n++;
	undo = kcalloc(max(n, 1U), sizeof(*undo), GFP_KERNEL);
	if (!undo)
		return -ENOMEM;
	memcpy(old, pv_param, sizeof(old));
	strscpy(pv_param, text, sizeof(pv_param));
	n = 0;
	list_for_each_entry(set, &pv_sets, list) {
		undo[n].set = set;
		undo[n].cur = set->cur;
		undo[n++].sel = set->sel;
		if (pv_wanted(text, set, name))
			set->sel = NULL;
		ret = pv_switch(set, pv_choose(set, false), 0);
		if (ret)
			break;
	}
	if (!ret)
		goto out_free;
	pr_err("vro.pv=%s refused (%pe): restoring the previous selection\n",
	       text, ERR_PTR(ret));
	memcpy(pv_param, old, sizeof(old));
	for (i = 0; i < n; i++) {
		set = undo[i].set;
		set->sel = undo[i].sel;
		err = pv_switch(set, undo[i].cur, 0);
		if (err)
			pr_err("rolling back vro.pv: op set '%s' stays on backend '%s' instead of '%s' (%pe)\n",
			       set->name, set->cur ? set->cur->name : "(fallbacks)",
			       undo[i].cur ? undo[i].cur->name : "(fallbacks)",
			       ERR_PTR(err));
	}
out_free:
	kfree(undo);
	return ret;
}

/*
 * vro.pv=<backend> or vro.pv=<set>:<backend>[,<set>:<backend>...]. At load
 * it is only remembered (sets register later; a malformed entry is logged
 * and ignored); written at run time through /sys/module/vro/parameters/pv
 * it is checked against the registered sets, then switches now, or fails
 * with nothing changed.
 */
static int pv_param_set(const char *val, const struct kernel_param *kp)
{
	char text[sizeof(pv_param)];
	size_t len;
	int ret;

	len = val ? strcspn(val, "\n") : 0;
	if (!val || len >= sizeof(pv_param)) {
		pr_err("vro.pv needs a value of at most %zu bytes: <backend> or <set>:<backend>[,...]%s\n",
		       sizeof(pv_param) - 1,
		       pv_ready ? "" : "; ignored, the defaults are in force");
		/* At load, a bad vro.pv must not keep vro.ko out. */
		return pv_ready ? -EINVAL : 0;
	}
	memcpy(text, val, len);
	text[len] = '\0';
	if (!pv_ready) {
		strscpy(pv_param, text, sizeof(pv_param));
		pv_log_entries(true, false);
		return 0;
	}
	vro_lock();
	ret = pv_param_write(text);
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
	if (s->inlined)
		seq_printf(m, "  site %pS inline %s: %*ph%s\n",
			   s->addr, s->name, VRO_PV_SITE_LEN, s->cur,
			   s->set ? "" : " (op set not registered)");
	else if (!s->set)
		seq_printf(m, "  site %pS %s %s -> %pS (op set not registered)\n",
			   s->addr, s->kind == VRO_KIND_JMP ? "jmp" : "call",
			   s->name, pv_decode_branch(s->cur, s->addr));
	else
		seq_printf(m, "  site %pS %s -> %pS\n", s->addr,
			   s->kind == VRO_KIND_JMP ? "jmp" : "call",
			   pv_decode_branch(s->cur, s->addr));
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
