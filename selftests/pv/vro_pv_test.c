// SPDX-License-Identifier: GPL-2.0
/*
 * vro_pv_test.c - in-guest test of pv call patching on the "flow" op set.
 *
 * Loaded after the op set (modprobe pulls vro and vro_flow in first), so its
 * sites are patched at load. It reads back every site's bytes, decodes the
 * call/jmp target and checks it by symbol name against the backend named by
 * expect=; checks the results through the pv sites, a static_call, an
 * indirect call through an ops table and a reference implementation; checks
 * the registration refusals; and with busy_to= / switch_to= tries a run-time
 * switch that must be refused (-EBUSY) / must work (call-to-call).
 *
 * Results, KSTM style: /sys/kernel/debug/vro_pv_test_tap (selftests/lib/ktap.h).
 */
#include <linux/in.h>
#include <linux/jhash.h>
#include <linux/kallsyms.h>
#include <linux/module.h>
#include <linux/static_call.h>
#include <vro_flow.h>
#include "ksite.h"
#include "ktap.h"

VRO_MODULE();

static char *expect = "crc32c";
module_param(expect, charp, 0444);
MODULE_PARM_DESC(expect, "backend the sites must reach");
static char *ref = "";
module_param(ref, charp, 0444);
MODULE_PARM_DESC(ref, "reference for results (default: expect)");
static char *busy_to = "";
module_param(busy_to, charp, 0444);
MODULE_PARM_DESC(busy_to, "a backend a run-time switch to must be refused");
static char *switch_to = "";
module_param(switch_to, charp, 0444);
MODULE_PARM_DESC(switch_to, "a backend to switch to and back at run time");

/* ---------------------------------------------------------- the sites */

enum { OP_U32, OP_TUPLE, OP_STAMP, NR_OPS };

static noinline __attribute__((noipa)) u32 t_call_u32(u32 k, u32 s)
{
	return pv_call(flow_hash_u32, k, s) + 1;
}

static noinline __attribute__((noipa)) u32 t_jmp_u32(u32 k, u32 s)
{
	return pv_call(flow_hash_u32, k, s);
}

static noinline __attribute__((noipa))
u32 t_call_tuple(const struct vro_flow_tuple *t, u32 s)
{
	return pv_call(flow_hash_tuple, t, s) + 1;
}

static noinline __attribute__((noipa))
u32 t_jmp_tuple(const struct vro_flow_tuple *t, u32 s)
{
	return pv_call(flow_hash_tuple, t, s);
}

static noinline __attribute__((noipa)) u32 t_call_stamp(void)
{
	return pv_call(flow_stamp) + 1;
}

/*
 * flow_stamp is callee-save: its sites are asm calls, never tail jmps, so
 * this second site is a call too (in a caller with a value live across it).
 */
static noinline __attribute__((noipa)) u32 t_call_stamp_live(u32 x)
{
	return pv_call(flow_stamp) + x;
}

/*
 * An op set owned by this module, registered from its init: its one site
 * is not bound at COMING (the set is unknown then), calls the trampoline
 * (and so the fallback) until the set registers, then is retargeted live,
 * so it gets a call to the backend's function, never its template.
 */
DECLARE_PV_OP(u32, t_answer, u32 x);

static u32 t_answer_one(u32 x)
{
	return x + 1;
}

static u32 t_answer_two(u32 x)
{
	return x + 2;
}

DEFINE_PV_OP(t_answer, t_answer_one);
DEFINE_PV_SET(ptest, PV_OP(t_answer));

static const struct vro_pv_impl t_two_impls[] = {
	/* lea 0x2(%rdi), %eax */
	PV_IMPL_INLINE(t_answer, t_answer_two, 0x8d, 0x47, 0x02),
};
static struct vro_pv_backend t_two = PV_BACKEND(ptest, "two", 100, t_two_impls);

static noinline __attribute__((noipa)) u32 t_call_answer(u32 x)
{
	return pv_call(t_answer, x) * 3;
}

/* What each backend's functions are called (checked through kallsyms). */
struct t_backend {
	const char *name;
	const char *fn[NR_OPS];
	u8 stamp_tmpl[VRO_PV_SITE_LEN];	/* sites of flow_stamp; 0: none */
};

static const struct t_backend t_backends[] = {
	/* push %rdx; rdtsc; pop %rdx; nop */
	{ "crc32c", { "flow_crc32c_u32", "flow_crc32c_tuple", "flow_tsc_stamp" },
	  { 0x52, 0x0f, 0x31, 0x5a, 0x90 } },
	{ "jhash", { "flow_jhash_u32", "flow_jhash_tuple",
		     "flow_clock_stamp_pv_thunk" } },
	{ "siphash", { "flow_siphash_u32", "flow_siphash_tuple",
		       "flow_clock_stamp_pv_thunk" } },
	{ "trace", { "trace_hash_u32", "trace_hash_tuple",
		     "trace_stamp_pv_thunk" } },
};

static const struct t_backend *t_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t_backends); i++)
		if (!strcmp(t_backends[i].name, name))
			return &t_backends[i];
	return NULL;
}

/* ---------------------------------------------------------- site check */

struct t_walk {
	const struct t_backend *b;
	unsigned int nr, bad, calls, jmps, inl;
	void *fn[NR_OPS];	/* decoded from the jmp sites */
};

static int t_op_index(const char *op)
{
	if (!strcmp(op, "flow_hash_u32"))
		return OP_U32;
	if (!strcmp(op, "flow_hash_tuple"))
		return OP_TUPLE;
	if (!strcmp(op, "flow_stamp"))
		return OP_STAMP;
	return -1;
}

/* One site: its bytes, read here, must reach @w->b's function by name. */
static int t_check_site(const struct vro_pv_site_info *si, void *arg)
{
	struct t_walk *w = arg;
	const u8 *p = si->addr;
	char where[KSYM_SYMBOL_LEN], what[KSYM_SYMBOL_LEN];
	int op = t_op_index(si->op);
	bool jmp, ok;
	void *target;

	if (!strcmp(si->op, "t_answer"))
		return 0;	/* the ptest set's site: see t_own_set() */
	w->nr++;
	sprint_symbol_no_offset(where, (unsigned long)p);
	jmp = strstr(where, "t_jmp_") != NULL;
	if (op < 0 || (jmp != (si->kind == VRO_KIND_JMP))) {
		vt_diag("site %pS: op %s kind %u unexpected", p, si->op, si->kind);
		w->bad++;
		return 0;
	}
	if (!jmp && op == OP_STAMP && w->b->stamp_tmpl[0]) {
		ok = !memcmp(p, w->b->stamp_tmpl, VRO_PV_SITE_LEN) && si->inlined;
		w->inl += ok;
		if (!ok) {
			vt_diag("site %pS: %*ph, expected template %*ph", p,
				VRO_PV_SITE_LEN, p, VRO_PV_SITE_LEN,
				w->b->stamp_tmpl);
			w->bad++;
		}
		return 0;
	}
	if (p[0] != (jmp ? 0xe9 : 0xe8)) {
		vt_diag("site %pS: %*ph is not a %s", p, VRO_PV_SITE_LEN, p,
			jmp ? "jmp" : "call");
		w->bad++;
		return 0;
	}
	target = vt_rel32_target(p);
	/* vro.pv_check_cs=1: a callee-save site calls a checking slot */
	if (vro_pv_checked_fn(target))
		target = vro_pv_checked_fn(target);
	sprint_symbol_no_offset(what, (unsigned long)target);
	/* "name [module]": compare the name part */
	ok = !strncmp(what, w->b->fn[op], strlen(w->b->fn[op])) &&
	     (what[strlen(w->b->fn[op])] == ' ' ||
	      !what[strlen(w->b->fn[op])]) && target == si->target;
	if (!ok) {
		vt_diag("site %pS reaches %s (vro says %ps), expected %s", p,
			what, si->target, w->b->fn[op]);
		w->bad++;
	}
	w->calls += !jmp;
	w->jmps += jmp;
	if (jmp)
		w->fn[op] = target;
	return 0;
}

static bool t_sites(const char *bname, struct t_walk *w)
{
	int ret;

	memset(w, 0, sizeof(*w));
	w->b = t_find(bname);
	if (!w->b) {
		vt_ok(false, "backend %s is known to the test", bname);
		return false;
	}
	ret = vro_pv_for_each_site(THIS_MODULE, t_check_site, w);
	vt_ok(!ret && w->nr == 6 && !w->bad,
	      "%s: all %u pv sites (6 expected) decode to %s's functions (%u calls, %u jmps, %u inline)",
	     bname, w->nr, bname, w->calls, w->jmps, w->inl);
	return !ret && w->nr == 6 && !w->bad;
}

/* ---------------------------------------------------------- results */

static u32 flow_hash_u32_ref_jhash(u32 k, u32 s);
static u32 flow_hash_tuple_ref_jhash(const struct vro_flow_tuple *t, u32 s);

DEFINE_STATIC_CALL(t_sc_u32, flow_hash_u32_ref_jhash);
DEFINE_STATIC_CALL(t_sc_tuple, flow_hash_tuple_ref_jhash);

struct t_ops {
	u32 (*hash_u32)(u32 k, u32 s);
	u32 (*hash_tuple)(const struct vro_flow_tuple *t, u32 s);
};
static struct t_ops t_ops_table;
static struct t_ops *t_ops = &t_ops_table;

/* Bitwise CRC32C (Castagnoli, reflected, no inversion), as SSE4.2 crc32. */
static u32 t_crc32c(u32 crc, const u8 *p, size_t n)
{
	int k;

	while (n--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82f63b78 & -(crc & 1));
	}
	return crc;
}

static u32 t_ports(const struct vro_flow_tuple *t)
{
	return (u32)ntohs(t->sport) << 16 | ntohs(t->dport);
}

static u32 flow_hash_u32_ref_jhash(u32 k, u32 s)
{
	return jhash_1word(k, s);
}

static u32 flow_hash_tuple_ref_jhash(const struct vro_flow_tuple *t, u32 s)
{
	return jhash_3words((__force u32)t->saddr, (__force u32)t->daddr,
			    t_ports(t), s ^ t->proto);
}

static u32 t_ref_crc_u32(u32 k, u32 s)
{
	__le32 b = cpu_to_le32(k);

	return t_crc32c(s, (const u8 *)&b, 4);
}

static u32 t_ref_crc_tuple(const struct vro_flow_tuple *t, u32 s)
{
	__le64 a = cpu_to_le64((u64)(__force u32)t->saddr << 32 |
			       (__force u32)t->daddr);
	__le32 p = cpu_to_le32(t_ports(t));
	u8 b[13];

	memcpy(b, &a, 8);
	memcpy(b + 8, &p, 4);
	b[12] = t->proto;
	return t_crc32c(s, b, 13);
}

/* Calls made to each op by this test, for the trace backend's counts. */
static unsigned long t_calls[NR_OPS];

static bool t_results(const char *bname, const char *refname, struct t_walk *w)
{
	static const u32 keys[] = { 0, 1, 0x0a000001, 0xdeadbeef, 0xffffffff };
	struct vro_flow_tuple t = { .proto = IPPROTO_TCP };
	unsigned int i, bad = 0, diff = 0;
	u32 r[5], rt[5], ref_u, ref_t;
	u32 a, b;

	if (!w->fn[OP_U32] || !w->fn[OP_TUPLE]) {
		vt_ok(false, "%s: results (no decoded targets)", bname);
		return false;
	}
	static_call_update(t_sc_u32, (typeof(&flow_hash_u32_ref_jhash))w->fn[OP_U32]);
	static_call_update(t_sc_tuple,
			   (typeof(&flow_hash_tuple_ref_jhash))w->fn[OP_TUPLE]);
	WRITE_ONCE(t_ops_table.hash_u32, w->fn[OP_U32]);
	WRITE_ONCE(t_ops_table.hash_tuple, w->fn[OP_TUPLE]);
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		u32 s = keys[(i + 2) % ARRAY_SIZE(keys)];

		t.saddr = (__force __be32)keys[i];
		t.daddr = (__force __be32)~keys[i];
		t.sport = htons(1000 + i);
		t.dport = htons(80);
		r[0] = t_call_u32(keys[i], s) - 1;
		r[1] = t_jmp_u32(keys[i], s);
		r[2] = static_call(t_sc_u32)(keys[i], s);
		r[3] = READ_ONCE(t_ops)->hash_u32(keys[i], s);
		rt[0] = t_call_tuple(&t, s) - 1;
		rt[1] = t_jmp_tuple(&t, s);
		rt[2] = static_call(t_sc_tuple)(&t, s);
		rt[3] = READ_ONCE(t_ops)->hash_tuple(&t, s);
		t_calls[OP_U32] += 4;
		t_calls[OP_TUPLE] += 4;
		if (!strcmp(refname, "crc32c")) {
			ref_u = t_ref_crc_u32(keys[i], s);
			ref_t = t_ref_crc_tuple(&t, s);
		} else if (!strcmp(refname, "jhash")) {
			ref_u = flow_hash_u32_ref_jhash(keys[i], s);
			ref_t = flow_hash_tuple_ref_jhash(&t, s);
		} else {	/* siphash: secret key, so: neither of the others */
			ref_u = r[0];
			ref_t = rt[0];
			diff += r[0] != flow_hash_u32_ref_jhash(keys[i], s) &&
				r[0] != t_ref_crc_u32(keys[i], s);
		}
		if (r[0] != r[1] || r[0] != r[2] || r[0] != r[3] ||
		    r[0] != ref_u || rt[0] != rt[1] || rt[0] != rt[2] ||
		    rt[0] != rt[3] || rt[0] != ref_t) {
			vt_diag("key %#x seed %#x: pv %#x/%#x sc %#x ind %#x ref %#x; tuple pv %#x/%#x sc %#x ind %#x ref %#x",
				keys[i], s, r[0], r[1], r[2], r[3], ref_u,
				rt[0], rt[1], rt[2], rt[3], ref_t);
			bad++;
		}
	}
	if (strcmp(refname, "crc32c") && strcmp(refname, "jhash"))
		bad += diff != ARRAY_SIZE(keys);
	vt_ok(!bad, "%s: pv call, pv tail call, static_call and ops-table call agree with the %s reference on %zu keys",
	      bname, refname, ARRAY_SIZE(keys));
	a = t_call_stamp() - 1;
	b = t_call_stamp_live(5) - 5;
	t_calls[OP_STAMP] += 2;
	vt_ok((s32)(b - a) >= 0 && b - a < (1U << 30),
	      "%s: flow_stamp (callee-save) through two inline/call sites moves forward (%u then %u)",
	     bname, a, b);
	return !bad;
}

/* ---------------------------------------------------------- refusals */

/* On flow_hash_u32, a C-ABI op with 5-byte sites. */
static u32 t_u32_6(u32 k, u32 s)
{
	return 6;
}

static const struct vro_pv_impl t_big_impls[] = {
	PV_IMPL_INLINE(flow_hash_u32, t_u32_6, 0xb8, 6, 0, 0, 0, 0x90),
};
static struct vro_pv_backend t_big = PV_BACKEND(flow, "t_big", 0, t_big_impls);

static const struct vro_pv_impl t_fit_impls[] = {
	/* mov $6, %eax: 5 bytes, fits */
	PV_IMPL_INLINE(flow_hash_u32, t_u32_6, 0xb8, 6, 0, 0, 0),
};
static struct vro_pv_backend t_fit = PV_BACKEND(flow, "t_fit", 0, t_fit_impls);

static const struct vro_pv_impl t_noop_impls[] = {
	{ .op = "flow_nope", .fn = t_u32_6 },
};
static struct vro_pv_backend t_noop =
	PV_BACKEND(flow, "t_noop", 0, t_noop_impls);

static const struct vro_pv_impl t_dup_impls[] = {
	PV_IMPL(flow_hash_u32, t_u32_6),
};
static struct vro_pv_backend t_dup = PV_BACKEND(flow, "jhash", 0, t_dup_impls);

static void t_refusals(void)
{
	int ret;

	ret = vro_pv_register_backend(&t_big);
	vt_ok(ret == -E2BIG, "a 6-byte inline template for flow_hash_u32's 5-byte sites is refused at registration (%d)", ret);
	if (!ret)
		vro_pv_unregister_backend(&t_big);
	ret = vro_pv_register_backend(&t_noop);
	vt_ok(ret == -EINVAL, "a backend implementing an unknown op is refused (%d)", ret);
	if (!ret)
		vro_pv_unregister_backend(&t_noop);
	ret = vro_pv_register_backend(&t_dup);
	vt_ok(ret == -EEXIST, "a second backend named jhash is refused (%d)", ret);
	if (!ret)
		vro_pv_unregister_backend(&t_dup);
	ret = vro_pv_register_backend(&t_fit);
	vt_ok(!ret, "a 5-byte template that fits is accepted (%d)", ret);
	if (!ret)
		vro_pv_unregister_backend(&t_fit);
	ret = vro_pv_select("flow", "bogus");
	vt_ok(ret == -ENOENT, "switching to an unknown backend is -ENOENT (%d)", ret);
	ret = vro_pv_select("nope", "jhash");
	vt_ok(ret == -ENOENT, "switching an unknown op set is -ENOENT (%d)", ret);
}

/* ---------------------------------------------------------- own set */

struct t_answer_site {
	const u8 *addr;
	void *target;
	bool inlined;
};

static int t_find_answer(const struct vro_pv_site_info *si, void *arg)
{
	struct t_answer_site *a = arg;

	if (strcmp(si->op, "t_answer"))
		return 0;
	a->addr = si->addr;
	a->target = si->target;
	a->inlined = si->inlined;
	return 1;
}

static void *t_site_target(const u8 *p)
{
	if (p[0] != 0xe8)
		return NULL;
	return vt_rel32_target(p);
}

static bool t_own_set_registered;

static void t_own_set(void)
{
	struct vro_pv_backend *b[] = { &t_two };
	struct t_answer_site a = { };
	u32 r;
	int ret;

	vro_pv_for_each_site(THIS_MODULE, t_find_answer, &a);
	r = t_call_answer(5);
	vt_ok(a.addr && !a.target && t_site_target(a.addr) == pv_tramp_t_answer &&
	      r == 18,
	     "a site of a set not registered yet calls pv_tramp_t_answer (%ps) and gets the fallback (%u)",
	     a.addr ? t_site_target(a.addr) : NULL, r);
	ret = vro_pv_register_set(&pv_set_ptest, b, ARRAY_SIZE(b));
	vt_ok(!ret, "registering this module's own op set ptest with backend two (%d)", ret);
	if (ret)
		return;
	t_own_set_registered = true;
	memset(&a, 0, sizeof(a));
	vro_pv_for_each_site(THIS_MODULE, t_find_answer, &a);
	r = t_call_answer(5);
	vt_ok(a.addr && t_site_target(a.addr) == t_answer_two &&
	      a.target == t_answer_two && !a.inlined && r == 21,
	     "then the live site is a call to t_answer_two (%ps), not its template, and returns %u",
	     a.addr ? t_site_target(a.addr) : NULL, r);
}

/* ---------------------------------------------------------- run */

static void t_run(void)
{
	const char *refname = *ref ? ref : expect;
	struct t_walk w;
	int ret;

	vt_diag("vro_pv_test: expect=%s ref=%s busy_to=%s switch_to=%s",
		expect, refname, busy_to, switch_to);
	t_own_set();
	vt_ok(pv_set_flow.cur && !strcmp(pv_set_flow.cur->name, expect),
	      "op set flow selected backend is %s (is %s)", expect,
	     pv_set_flow.cur ? pv_set_flow.cur->name : "(fallbacks)");
	if (t_sites(expect, &w))
		t_results(expect, refname, &w);
	t_refusals();
	t_sites(expect, &w);	/* nothing moved */
	if (*busy_to) {
		ret = vro_pv_select("flow", busy_to);
		vt_ok(ret == -EBUSY, "live switch to %s while inline templates are live is -EBUSY (%d)",
		      busy_to, ret);
		t_sites(expect, &w);
	}
	if (*switch_to) {
		ret = vro_pv_select("flow", switch_to);
		vt_ok(!ret, "live switch to %s (call-to-call under stop_machine) (%d)",
		      switch_to, ret);
		if (t_sites(switch_to, &w))
			t_results(switch_to, switch_to, &w);
		ret = vro_pv_select("flow", expect);
		vt_ok(!ret, "live switch back to %s (%d)", expect, ret);
		t_sites(expect, &w);
	}
	vt_diag("calls flow_hash_u32 %lu flow_hash_tuple %lu flow_stamp %lu",
		t_calls[OP_U32], t_calls[OP_TUPLE], t_calls[OP_STAMP]);
}

static int __init vro_pv_test_init(void)
{
	return vt_tap_run(t_run);
}

static void __exit vro_pv_test_exit(void)
{
	if (t_own_set_registered)
		vro_pv_unregister_set(&pv_set_ptest);
	vt_tap_exit();
}

module_init(vro_pv_test_init);
module_exit(vro_pv_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro pv call patching test (KSTM style)");
