// SPDX-License-Identifier: GPL-2.0
/*
 * The vro.pv parameter: its entries, and its run-time writes.
 */
#define pr_fmt(fmt) "vro: pv: " fmt

#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "pv_internal.h"

char pv_param[256];
static bool pv_ready;

/*
 * The next entry of the vro.pv text at *@pp into @e; false at the end. A
 * well formed entry is "<backend>" or "<set>:<backend>", both names non-empty
 * and shorter than PV_NAME_MAX.
 */
bool pv_next_entry(const char **pp, struct pv_entry *e)
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
struct vro_pv_set *pv_entry_set(const struct pv_entry *e)
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
bool pv_wanted(const char *text, const struct vro_pv_set *set,
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
void pv_log_entries(bool bad, bool unmatched)
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

	vro_assert_locked();
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

/* From now on a write of vro.pv is checked and switches at once. */
void pv_param_ready(void)
{
	pv_ready = true;
}
