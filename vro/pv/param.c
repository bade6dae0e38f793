// SPDX-License-Identifier: GPL-2.0
/*
 * The vro.pv parameter: the text at load, its run-time writes with
 * rollback (parse.c reads its entries).
 */
#define pr_fmt(fmt) "vro: pv: " fmt

#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "internal.h"

static bool vro_pv_ready;

/*
 * Log each entry of vro.pv that is malformed (@bad) or names an op set that
 * is not registered (@unmatched).
 */
void vro_pv_log_entries(bool bad, bool unmatched)
{
	const char *p = vro_pv_param;
	struct vro_pv_entry e;

	while (vro_pv_next_entry(&p, &e)) {
		if (e.why && bad)
			pr_err("vro.pv entry '%.*s' is malformed (%s): want <backend> or <set>:<backend>; it is ignored\n",
			       (int)e.len, e.text, e.why);
		else if (!e.why && e.set && unmatched && !vro_pv_entry_set(&e))
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
static int vro_pv_param_check(const char *text)
{
	char name[VRO_PV_NAME_MAX];
	struct vro_pv_set *set;
	const char *p = text;
	struct vro_pv_entry e;

	vro_assert_locked();
	while (vro_pv_next_entry(&p, &e)) {
		if (e.why) {
			pr_err("vro.pv entry '%.*s' is malformed (%s): want <backend> or <set>:<backend>; write refused\n",
			       (int)e.len, e.text, e.why);
			return -EINVAL;
		}
		if (e.set && !vro_pv_entry_set(&e)) {
			pr_err("vro.pv entry '%.*s' names op set '%.*s', which is not registered (op set names are case-sensitive); write refused\n",
			       (int)e.len, e.text, (int)e.set_len, e.set);
			return -EINVAL;
		}
	}
	list_for_each_entry(set, &vro_pv_sets, list) {
		if (vro_pv_wanted(text, set, name) && !vro_pv_find_backend(set, name)) {
			pr_err("vro.pv: op set '%s' has no backend '%s': write refused\n",
			       set->name, name);
			return -ENOENT;
		}
	}
	return 0;
}

/**
 * struct vro_pv_undo - what an op set used before a run-time write of vro.pv
 * @set: the set
 * @cur: its selected backend
 * @sel: its explicit selection
 */
struct vro_pv_undo {
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
static int vro_pv_param_write(const char *text)
{
	char old[sizeof(vro_pv_param)], name[VRO_PV_NAME_MAX];
	struct vro_pv_set *set;
	struct vro_pv_undo *undo;
	unsigned int i, n = 0;
	int ret, err;

	vro_assert_locked();
	ret = vro_pv_param_check(text);
	if (ret)
		return ret;
	list_for_each_entry(set, &vro_pv_sets, list)
		n++;
	undo = kcalloc(max(n, 1U), sizeof(*undo), GFP_KERNEL);
	if (!undo)
		return -ENOMEM;
	memcpy(old, vro_pv_param, sizeof(old));
	strscpy(vro_pv_param, text, sizeof(vro_pv_param));
	n = 0;
	list_for_each_entry(set, &vro_pv_sets, list) {
		undo[n].set = set;
		undo[n].cur = set->cur;
		undo[n++].sel = set->sel;
		if (vro_pv_wanted(text, set, name))
			set->sel = NULL;
		ret = vro_pv_switch(set, vro_pv_choose(set, false), 0);
		if (ret)
			break;
	}
	if (!ret)
		goto out_free;
	pr_err("vro.pv=%s refused (%pe): restoring the previous selection\n",
	       text, ERR_PTR(ret));
	memcpy(vro_pv_param, old, sizeof(old));
	for (i = 0; i < n; i++) {
		set = undo[i].set;
		set->sel = undo[i].sel;
		err = vro_pv_switch(set, undo[i].cur, 0);
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
static int vro_pv_param_set(const char *val, const struct kernel_param *kp)
{
	char text[sizeof(vro_pv_param)];
	size_t len;
	int ret;

	len = val ? strcspn(val, "\n") : 0;
	if (!val || len >= sizeof(vro_pv_param)) {
		pr_err("vro.pv needs a value of at most %zu bytes: <backend> or <set>:<backend>[,...]%s\n",
		       sizeof(vro_pv_param) - 1,
		       vro_pv_ready ? "" : "; ignored, the defaults are in force");
		/* At load, a bad vro.pv must not keep vro.ko out. */
		return vro_pv_ready ? -EINVAL : 0;
	}
	memcpy(text, val, len);
	text[len] = '\0';
	if (!vro_pv_ready) {
		strscpy(vro_pv_param, text, sizeof(vro_pv_param));
		vro_pv_log_entries(true, false);
		return 0;
	}
	vro_lock();
	ret = vro_pv_param_write(text);
	vro_unlock();
	return ret;
}

static int vro_pv_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", vro_pv_param);
}

static const struct kernel_param_ops vro_pv_param_ops = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,	/* "vro.pv" alone: logged */
	.set = vro_pv_param_set,
	.get = vro_pv_param_get,
};
module_param_cb(pv, &vro_pv_param_ops, NULL, 0644);
MODULE_PARM_DESC(pv, "pv backend: <backend> or <set>:<backend>[,...]");

/* From now on a write of vro.pv is checked and switches at once. */
void vro_pv_param_ready(void)
{
	vro_pv_ready = true;
}
