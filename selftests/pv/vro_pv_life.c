// SPDX-License-Identifier: GPL-2.0
/*
 * vro_pv_life.c - in-guest test of the pv entry points' lifetime rules, on
 * an op set of its own, "tlife" (one op, tl_val; two live call sites, in
 * tl_call() and tl_call2(), so that a switch can stop between them).
 *
 * At load it checks that every pv entry point refuses the set while it is
 * not registered; that a registration that fails (its chosen backend is out
 * of call reach) leaves the site on its trampoline; and that an explicit
 * vro_pv_select() survives a later registration of a better-rated backend.
 * It leaves tlife registered with backends a (100), b (200) and far (0, out
 * of reach: selecting it always fails), and "a" explicitly selected.
 *
 * Then selftests/pv/guest.sh drives it through the write-only parameter
 * ctl: "select <backend>", "unregister", "register", "call <n>" (tl_call()
 * and tl_call2() must return (5 + n) * 2), "spin" (a kthread calls
 * tl_call() in a loop, with cond_resched() only: it never sleeps, so an
 * RCU-tasks grace period cannot end while it runs), "unspin" and "probe
 * <backend>" (with a kprobe registered on tl_call()'s site, disabled, then
 * armed, selecting <backend> must be refused with -EBUSY: the probe
 * emulates the call with the target it saved at registration). A write
 * fails with the entry point's error, or -EIO if a check failed. Results,
 * KSTM style: /sys/kernel/debug/vro_pv_life_tap (selftests/lib/ktap.h).
 */
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include "ksite.h"
#include "ktap.h"
#include "vro_pv_life.h"

/* "hold": a function vro_pv_default_fn() gave, and the module it pins. */
static void *tl_held;
static struct module *tl_pin;

VRO_MODULE();

static u32 tl_one(u32 x)
{
	return x + 1;
}

static u32 tl_a(u32 x)
{
	return x + 10;
}

static u32 tl_b(u32 x)
{
	return x + 20;
}

static u32 tl_c(u32 x)
{
	return x + 30;
}

DEFINE_PV_OP(tl_val, tl_one);
DEFINE_PV_SET(tlife, PV_OP(tl_val));

static const struct vro_pv_impl tl_a_impls[] = { PV_IMPL(tl_val, tl_a) };
static const struct vro_pv_impl tl_b_impls[] = { PV_IMPL(tl_val, tl_b) };
static const struct vro_pv_impl tl_c_impls[] = { PV_IMPL(tl_val, tl_c) };
/* .fn is set at init to a heap address: no call site can reach it. */
static struct vro_pv_impl tl_far_impls[] = { { .op = "tl_val" } };
static u8 *tl_far_code;

static struct vro_pv_backend tl_ba = PV_BACKEND(tlife, "a", 100, tl_a_impls);
static struct vro_pv_backend tl_bb = PV_BACKEND(tlife, "b", 200, tl_b_impls);
static struct vro_pv_backend tl_bc = PV_BACKEND(tlife, "c", 300, tl_c_impls);
static struct vro_pv_backend tl_far = PV_BACKEND(tlife, "far", 0, tl_far_impls);
static struct vro_pv_backend tl_farhi =
	PV_BACKEND(tlife, "farhi", 1000, tl_far_impls);

static noinline __attribute__((noipa)) u32 tl_call(u32 x)
{
	return pv_call(tl_val, x) * 2;
}

static noinline __attribute__((noipa)) u32 tl_call2(u32 x)
{
	return pv_call(tl_val, x) * 2;
}

/* "spin": the kthread that keeps calling the op. */
static struct task_struct *tl_spinner;

/* Serialises the tests of ctl writes and their results. */
static DEFINE_MUTEX(tl_mutex);

/* ---------------------------------------------------------- the site */

/* tl_call()'s site: %ps gives "tl_call [vro_pv_life]". */
static int tl_find_site(const struct vro_pv_site_info *si, void *arg)
{
	const u8 **addr = arg;
	char fn[KSYM_SYMBOL_LEN];

	snprintf(fn, sizeof(fn), "%ps", si->addr);
	if (strcmp(si->op, "tl_val") || strncmp(fn, "tl_call ", 8))
		return 0;
	*addr = si->addr;
	return 1;
}

static const u8 *tl_site(void)
{
	const u8 *p = NULL;

	vro_pv_for_each_site(THIS_MODULE, tl_find_site, &p);
	return p;
}

/* What tl_call()'s site calls, decoded from its bytes (NULL: no call). */
static void *tl_site_target(void)
{
	const u8 *p = tl_site();

	if (!p || p[0] != 0xe8)
		return NULL;
	return vt_rel32_target(p);
}

/* The site calls @fn, and tl_call(5) gets (5 + @add) * 2. */
static bool tl_expect(const char *when, void *fn, u32 add)
{
	void *t = tl_site_target();
	u32 r = tl_call(5);

	return vt_ok(t == fn && r == (5 + add) * 2,
		     "%s: tl_call's site calls %ps (expected %ps) and returns %u (expected %u)",
		     when, t, fn, r, (5 + add) * 2);
}

/* ---------------------------------------------------------- at load */

/* Every pv entry point refuses tlife while it is not registered. */
static void tl_unregistered(void)
{
	void *fn;
	int ret;

	ret = vro_pv_register_backend(&tl_ba);
	vt_ok(ret == -ENOENT, "unregistered set: vro_pv_register_backend() is -ENOENT (%d)", ret);
	ret = vro_pv_unregister_backend(&tl_ba);
	vt_ok(ret == -ENOENT, "unregistered set: vro_pv_unregister_backend() is -ENOENT (%d)", ret);
	ret = vro_pv_select("tlife", "a");
	vt_ok(ret == -ENOENT, "unregistered set: vro_pv_select() is -ENOENT (%d)", ret);
	ret = vro_pv_unregister_set(&pv_set_tlife);
	vt_ok(ret == -ENOENT, "unregistered set: vro_pv_unregister_set() is -ENOENT (%d)", ret);
	fn = vro_pv_default_fn(&pv_set_tlife, "tl_val", &tl_pin);
	vt_ok(!fn && !tl_pin, "unregistered set: vro_pv_default_fn() is NULL (%ps)", fn);
	tl_expect("unregistered set", pv_tramp_tl_val, 1);
}

/* A registration that fails after binding the site leaves it unbound. */
static void tl_register_fails(void)
{
	struct vro_pv_backend *bs[] = { &tl_farhi };
	int ret;

	ret = vro_pv_register_set(&pv_set_tlife, bs, ARRAY_SIZE(bs));
	vt_ok(ret == -ERANGE, "registering tlife with its chosen backend out of call reach fails with -ERANGE (%d)", ret);
	if (!ret)
		vro_pv_unregister_set(&pv_set_tlife);
	tl_expect("after the failed registration", pv_tramp_tl_val, 1);
}

static int tl_register(void)
{
	struct vro_pv_backend *bs[] = { &tl_ba, &tl_bb, &tl_far };
	int ret;

	ret = vro_pv_register_set(&pv_set_tlife, bs, ARRAY_SIZE(bs));
	vt_ok(!ret, "registering tlife with backends a, b, far (%d)", ret);
	if (!ret)
		tl_expect("registered, no selection", tl_b, 20);
	return ret;
}

/* vro_pv_select() wins over the ratings, also of later backends. */
static void tl_explicit(void)
{
	int ret;

	ret = vro_pv_select("tlife", "a");
	vt_ok(!ret, "vro_pv_select(tlife, a) (%d)", ret);
	tl_expect("a selected explicitly", tl_a, 10);
	ret = vro_pv_register_backend(&tl_bc);
	vt_ok(!ret, "registering backend c (rating 300) after the selection (%d)", ret);
	tl_expect("after c registered, the explicit selection a stays", tl_a, 10);
	ret = vro_pv_select("tlife", "c");
	vt_ok(!ret, "vro_pv_select(tlife, c) (%d)", ret);
	ret = vro_pv_unregister_backend(&tl_bc);
	vt_ok(!ret, "withdrawing the selected backend c (%d)", ret);
	tl_expect("c withdrawn: its selection ends, the rating rule picks b", tl_b, 20);
	ret = vro_pv_select("tlife", "a");
	vt_ok(!ret, "vro_pv_select(tlife, a) again (%d)", ret);
}

/* ---------------------------------------------------------- kprobes */

static int tl_pre(struct kprobe *p, struct pt_regs *regs)
{
	return 0;
}

/*
 * With a kprobe on tl_call()'s site, registered @disabled or armed (an
 * INT3, which the optimizer never turns into a jump: a call is not
 * boostable), selecting @name must be refused with -EBUSY and leave the
 * site calling what it called; the probe, armed, still reaches that.
 */
static void tl_probed_select(const char *name, bool disabled)
{
	const char *how = disabled ? "disabled" : "armed";
	struct kprobe kp = {
		.pre_handler = tl_pre,
		.flags = disabled ? KPROBE_FLAG_DISABLED : 0,
	};
	void *before = tl_site_target();
	u32 before_r = tl_call(5);
	int ret;

	kp.addr = (void *)tl_site();
	ret = register_kprobe(&kp);
	if (IS_BUILTIN(CONFIG_VRO)) {
		/* the kernel asks vro_text_reserved() (kernel/patches/) */
		vt_ok(ret == -EINVAL, "built in: register_kprobe(%s) on tl_call's site %pS is refused with -EINVAL (%d)",
		      how, kp.addr, ret);
		if (!ret)
			unregister_kprobe(&kp);
		return;
	}
	if (!vt_ok(!ret, "register_kprobe(%s) on tl_call's site %pS (%d)",
		   how, kp.addr, ret))
		return;
	ret = vro_pv_select("tlife", name);
	if (disabled)
		vt_ok(ret == -EBUSY && tl_site_target() == before,
		      "a kprobe registered %s on tl_call's site: vro_pv_select(tlife, %s) is -EBUSY (%d), the site still calls %ps (%ps)",
		      how, name, ret, before, tl_site_target());
	else
		vt_ok(ret == -EBUSY,
		      "a kprobe registered %s on tl_call's site: vro_pv_select(tlife, %s) is -EBUSY (%d)",
		      how, name, ret);
	if (disabled)
		enable_kprobe(&kp);
	vt_ok(tl_call(5) == before_r,
	      "the kprobe (registered %s) armed: tl_call(5) returns %u (expected %u)",
	      how, tl_call(5), before_r);
	unregister_kprobe(&kp);
	if (!ret)
		vro_pv_select("tlife", "a");	/* the old code switched */
}

/* ---------------------------------------------------------- ctl */

/* Call the op until stopped; never sleep, only cond_resched(). */
static int tl_spin_fn(void *unused)
{
	while (!kthread_should_stop()) {
		tl_call(5);
		cond_resched();
	}
	return 0;
}

static int tl_spin(void)
{
	struct task_struct *t;

	if (tl_spinner)
		return -EBUSY;
	t = kthread_run(tl_spin_fn, NULL, "tl_spin");
	if (IS_ERR(t))
		return PTR_ERR(t);
	set_user_nice(t, MAX_NICE);	/* leave the CPU to the test's shell */
	tl_spinner = t;
	return 0;
}

static void tl_unspin(void)
{
	if (tl_spinner)
		kthread_stop(tl_spinner);
	tl_spinner = NULL;
}

static int tl_ctl(const char *val)
{
	char cmd[32], arg[32];
	int ret, n;
	u32 add;

	n = sscanf(val, "%31s %31s", cmd, arg);
	if (n == 2 && !strcmp(cmd, "select")) {
		ret = vro_pv_select("tlife", arg);
		vt_ok(!ret, "ctl: vro_pv_select(tlife, %s) (%d)", arg, ret);
		return ret;
	}
	if (n == 2 && !strcmp(cmd, "probe")) {
		tl_probed_select(arg, true);
		tl_probed_select(arg, false);
		ret = vro_pv_select("tlife", arg);
		vt_ok(!ret, "ctl: the kprobes unregistered, vro_pv_select(tlife, %s) (%d)",
		      arg, ret);
		return ret;
	}
	if (n == 1 && !strcmp(cmd, "unregister")) {
		ret = vro_pv_unregister_set(&pv_set_tlife);
		vt_ok(!ret, "ctl: vro_pv_unregister_set(tlife) (%d)", ret);
		if (ret)
			return ret;
		return tl_expect("ctl: tlife unregistered", pv_tramp_tl_val, 1) ?
		       0 : -EIO;
	}
	if (n == 1 && !strcmp(cmd, "register"))
		return tl_register() ?: (vt_failed ? -EIO : 0);
	if (n == 1 && !strcmp(cmd, "hold")) {
		/* a forwarder's view: keep the default's function */
		module_put(tl_pin);
		tl_held = vro_pv_default_fn(&pv_set_tlife, "tl_val", &tl_pin);
		return vt_ok(tl_held != NULL, "ctl: hold %ps (module %s pinned)",
			     tl_held, tl_pin ? module_name(tl_pin) : "none") ?
		       0 : -EIO;
	}
	if (n == 1 && !strcmp(cmd, "release")) {
		module_put(tl_pin);
		tl_pin = NULL;
		tl_held = NULL;
		return 0;
	}
	if (n == 2 && !strcmp(cmd, "call") && !kstrtou32(arg, 0, &add)) {
		ret = tl_call(5);
		n = tl_call2(5);
		return vt_ok(ret == (5 + add) * 2 && n == ret,
			     "ctl: tl_call(5) returns %u, tl_call2(5) %u (expected %u)",
			     ret, n, (5 + add) * 2) ? 0 : -EIO;
	}
	if (n == 1 && !strcmp(cmd, "spin"))
		return tl_spin();
	if (n == 1 && !strcmp(cmd, "unspin")) {
		tl_unspin();
		return 0;
	}
	pr_err("vro_pv_life: ctl: want select <backend>, unregister, register, call <n>, spin, unspin or probe <backend>\n");
	return -EINVAL;
}

static int tl_ctl_set(const char *val, const struct kernel_param *kp)
{
	unsigned int failed = vt_failed;
	int ret;

	mutex_lock(&tl_mutex);
	ret = tl_ctl(val);
	if (!ret && vt_failed != failed)
		ret = -EIO;
	mutex_unlock(&tl_mutex);
	return ret;
}

static const struct kernel_param_ops tl_ctl_ops = {
	.set = tl_ctl_set,
};
module_param_cb(ctl, &tl_ctl_ops, NULL, 0200);
MODULE_PARM_DESC(ctl, "select <backend> | unregister | register | call <n> | spin | unspin | probe <backend>");

static int __init vro_pv_life_init(void)
{
	int ret = vt_tap_init();

	if (ret)
		return ret;
	/*
	 * heap memory: out of call reach of the sites in module text; never
	 * run, but it starts with endbr64 as a function must on IBT kernels
	 */
	tl_far_code = kmalloc(16, GFP_KERNEL);
	if (!tl_far_code) {
		vt_tap_exit();
		return -ENOMEM;
	}
	memcpy(tl_far_code, "\xf3\x0f\x1e\xfa", 4);
	memset(tl_far_code + 4, 0xcc, 12);
	tl_far_impls[0].fn = tl_far_code;
	mutex_lock(&tl_mutex);
	tl_unregistered();
	tl_register_fails();
	if (!tl_register())
		tl_explicit();
	mutex_unlock(&tl_mutex);
	vt_tap_publish();
	pr_info("vro_pv_life: %u tests, %u failed\n", vt_nr, vt_failed);
	return 0;
}

static void __exit vro_pv_life_exit(void)
{
	tl_unspin();
	module_put(tl_pin);
	vro_pv_unregister_set(&pv_set_tlife);
	kfree(tl_far_code);
	vt_tap_exit();
}

module_init(vro_pv_life_init);
module_exit(vro_pv_life_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro pv lifetime test: unregistered sets, selection, teardown");
