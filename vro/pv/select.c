// SPDX-License-Identifier: GPL-2.0
/*
 * Which backend an op set uses, and what it gives each op.
 */
#define pr_fmt(fmt) "vro: pv: " fmt

#include <linux/string.h>
#include "internal.h"

struct vro_pv_backend *vro_pv_find_backend(struct vro_pv_set *set,
					   const char *name)
{
	struct vro_pv_backend *b;

	vro_assert_locked();
	list_for_each_entry(b, &set->backends, list)
		if (!strcmp(b->name, name))
			return b;
	return NULL;
}

/* The default rule: the registered backend of highest rating (> 0). */
struct vro_pv_backend *vro_pv_default(struct vro_pv_set *set)
{
	struct vro_pv_backend *b, *best = NULL;

	vro_assert_locked();
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
struct vro_pv_backend *vro_pv_choose(struct vro_pv_set *set, bool warn)
{
	struct vro_pv_backend *b, *dflt;
	char name[VRO_PV_NAME_MAX];

	vro_assert_locked();
	if (set->sel)
		return set->sel;
	dflt = vro_pv_default(set);
	if (!vro_pv_wanted(vro_pv_param, set, name))
		return dflt;
	b = vro_pv_find_backend(set, name);
	if (!b && warn)
		pr_err("vro.pv selects backend '%s' for op set '%s', which has no such backend: default '%s' stays in force\n",
		       name, set->name, dflt ? dflt->name : "(fallbacks)");
	return b ?: dflt;
}

/* The function @b gives op @idx of its set; NULL @b: the op's fallback. */
void *vro_pv_fn(struct vro_pv_set *set, struct vro_pv_backend *b,
		unsigned int idx)
{
	vro_assert_locked();
	if (b && b->fns[idx])
		return b->fns[idx];
	return set->ops[idx]->dflt;
}

/*
 * What sites and the trampoline of op @idx reach for @b: vro_pv_fn(), or with
 * vro.pv_check_cs=1 and a callee-save op, the checking slot that calls it.
 */
void *vro_pv_site_fn(struct vro_pv_set *set, struct vro_pv_backend *b,
		     unsigned int idx)
{
	return vro_pv_check_fn(set, b, idx, vro_pv_fn(set, b, idx));
}

const struct vro_pv_impl *vro_pv_impl_of(struct vro_pv_backend *b,
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
