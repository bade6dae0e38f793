// SPDX-License-Identifier: GPL-2.0
/*
 * The vro.pv text and its grammar: <backend> or <set>:<backend>, comma
 * separated; which backend it names for an op set. param.c stores the
 * text at load and writes it at run time.
 */
#define pr_fmt(fmt) "vro: pv: " fmt

#include <linux/string.h>
#include "internal.h"

char vro_pv_param[256];

/*
 * The next entry of the vro.pv text at *@pp into @e; false at the end. A
 * well formed entry is "<backend>" or "<set>:<backend>", both names non-empty
 * and shorter than VRO_PV_NAME_MAX.
 */
bool vro_pv_next_entry(const char **pp, struct vro_pv_entry *e)
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
	else if (e->set_len >= VRO_PV_NAME_MAX || e->name_len >= VRO_PV_NAME_MAX)
		e->why = "a name of 64 bytes or more";
	return true;
}

static bool vro_pv_entry_names(const struct vro_pv_entry *e,
			       const struct vro_pv_set *set)
{
	return e->set && e->set_len == strlen(set->name) &&
	       !strncmp(e->set, set->name, e->set_len);
}

/* The registered op set a well formed "set:backend" entry names, or NULL. */
struct vro_pv_set *vro_pv_entry_set(const struct vro_pv_entry *e)
{
	struct vro_pv_set *set;

	vro_assert_locked();
	list_for_each_entry(set, &vro_pv_sets, list)
		if (vro_pv_entry_names(e, set))
			return set;
	return NULL;
}

/*
 * The backend vro.pv text @text names for @set, copied into @buf (of
 * VRO_PV_NAME_MAX bytes): a "set:name" entry wins over a bare "name", which
 * applies to every set. Malformed entries name nothing.
 */
bool vro_pv_wanted(const char *text, const struct vro_pv_set *set,
		   char *buf)
{
	struct vro_pv_entry e;
	bool found = false;

	while (vro_pv_next_entry(&text, &e)) {
		if (e.why || (e.set && !vro_pv_entry_names(&e, set)) ||
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
