// SPDX-License-Identifier: GPL-2.0
/*
 * vro_pv_bench.c - cost per call of one op (flow_hash_u32) reached five
 * ways in the same run: a vro pv site (patched direct call), a static_call,
 * an indirect call through an ops table (retpoline thunk in this kernel),
 * a plain direct call, and the unpatched trampoline. Each variant runs
 * iters calls per round, rounds are interleaved (the order rotating), and
 * the median round is reported with its ratio to the plain direct call. A
 * benchmark, not a test: /sys/kernel/debug/vro_pv_bench holds the figures.
 */
#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/static_call.h>
#include <asm/cpufeature.h>
#include <vro_flow.h>

VRO_MODULE();

static char *direct = "jhash";
module_param(direct, charp, 0444);
MODULE_PARM_DESC(direct, "backend whose function the direct call uses (jhash or crc32c)");
static uint iters = 100000;
module_param(iters, uint, 0444);
MODULE_PARM_DESC(iters, "calls per round");
static uint rounds = 21;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "rounds per variant (the median is reported)");

typedef u32 (*b_fn_t)(u32 key, u32 seed);

DEFINE_STATIC_CALL(b_sc, flow_jhash_u32);

struct b_ops {
	b_fn_t hash_u32;
};
static struct b_ops b_ops_table;
static struct b_ops *b_ops = &b_ops_table;
static b_fn_t b_direct_fn;
static u32 b_sink;

static noinline u32 b_pv(u32 n)
{
	u32 i, acc = 0;

	for (i = 0; i < n; i++)
		acc += pv_call(flow_hash_u32, i, acc);
	return acc;
}

static noinline u32 b_static_call(u32 n)
{
	u32 i, acc = 0;

	for (i = 0; i < n; i++)
		acc += static_call(b_sc)(i, acc);
	return acc;
}

static noinline u32 b_indirect(u32 n)
{
	u32 i, acc = 0;

	for (i = 0; i < n; i++)
		acc += READ_ONCE(b_ops)->hash_u32(i, acc);
	return acc;
}

static noinline u32 b_direct_jhash(u32 n)
{
	u32 i, acc = 0;

	for (i = 0; i < n; i++)
		acc += flow_jhash_u32(i, acc);
	return acc;
}

static noinline u32 b_direct_crc32c(u32 n)
{
	u32 i, acc = 0;

	for (i = 0; i < n; i++)
		acc += flow_crc32c_u32(i, acc);
	return acc;
}

static noinline u32 b_tramp(u32 n)
{
	u32 i, acc = 0;

	for (i = 0; i < n; i++)
		acc += pv_tramp_flow_hash_u32(i, acc);
	return acc;
}

enum { V_PV, V_SC, V_IND, V_DIRECT, V_TRAMP, NR_V };

static const char *const b_names[NR_V] = {
	"vro pv direct call", "static_call", "ops-table indirect call",
	"plain direct call", "pv trampoline (unpatched)",
};

static char b_out[2048];
static size_t b_len;

static int b_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 b_time(unsigned int v)
{
	u64 t0, t1;
	u32 r = 0;

	preempt_disable();
	t0 = ktime_get_ns();
	switch (v) {
	case V_PV:
		r = b_pv(iters);
		break;
	case V_SC:
		r = b_static_call(iters);
		break;
	case V_IND:
		r = b_indirect(iters);
		break;
	case V_DIRECT:
		r = b_direct_fn == flow_jhash_u32 ? b_direct_jhash(iters)
						  : b_direct_crc32c(iters);
		break;
	case V_TRAMP:
		r = b_tramp(iters);
		break;
	}
	t1 = ktime_get_ns();
	preempt_enable();
	b_sink ^= r;
	return t1 - t0;
}

static int b_run(void)
{
	u64 *t, med[NR_V];
	u32 res[NR_V];
	unsigned int v, r, k;

	if (!strcmp(direct, "crc32c") && !boot_cpu_has(X86_FEATURE_XMM4_2)) {
		pr_err("vro_pv_bench: direct=crc32c needs SSE4.2, which this CPU lacks\n");
		return -ENODEV;
	}
	b_direct_fn = strcmp(direct, "crc32c") ? flow_jhash_u32 : flow_crc32c_u32;
	static_call_update(b_sc, b_direct_fn);
	WRITE_ONCE(b_ops_table.hash_u32, b_direct_fn);
	/* Same op, same answers, before timing anything. */
	res[V_PV] = b_pv(1000);
	res[V_SC] = b_static_call(1000);
	res[V_IND] = b_indirect(1000);
	res[V_DIRECT] = b_direct_fn == flow_jhash_u32 ? b_direct_jhash(1000)
						      : b_direct_crc32c(1000);
	res[V_TRAMP] = b_tramp(1000);
	for (v = 1; v < NR_V; v++) {
		if (res[v] != res[0]) {
			pr_err("vro_pv_bench: %s gives %#x, pv gives %#x: is vro.pv=flow:%s?\n",
			       b_names[v], res[v], res[0], direct);
			return -EINVAL;
		}
	}
	t = kcalloc(NR_V * rounds, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	/* Interleave the variants, rotating the order each round. */
	for (r = 0; r < rounds; r++)
		for (k = 0; k < NR_V; k++) {
			v = (k + r) % NR_V;
			t[v * rounds + r] = b_time(v);
		}
	for (v = 0; v < NR_V; v++) {
		sort(t + v * rounds, rounds, sizeof(*t), b_cmp, NULL);
		med[v] = t[v * rounds + rounds / 2];
	}
	b_len = scnprintf(b_out, sizeof(b_out),
			  "# op flow_hash_u32 -> flow_%s_u32, %u calls x %u rounds, median round\n",
			  direct, iters, rounds);
	for (v = 0; v < NR_V; v++)
		b_len += scnprintf(b_out + b_len, sizeof(b_out) - b_len,
				   "%-28s %6llu.%02llu ns/call  %llu.%02llu x direct\n",
				   b_names[v], med[v] / iters,
				   med[v] * 100 / iters % 100,
				   med[v] / med[V_DIRECT],
				   med[v] * 100 / med[V_DIRECT] % 100);
	kfree(t);
	return 0;
}

static int b_show(struct seq_file *m, void *v)
{
	seq_write(m, b_out, b_len);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(b);

static struct dentry *b_dentry;

static int __init vro_pv_bench_init(void)
{
	int ret;

	if (!iters || !rounds)
		return -EINVAL;
	ret = b_run();
	if (ret)
		return ret;
	b_dentry = debugfs_create_file("vro_pv_bench", 0444, NULL, NULL,
				       &b_fops);
	return 0;
}

static void __exit vro_pv_bench_exit(void)
{
	debugfs_remove(b_dentry);
}

module_init(vro_pv_bench_init);
module_exit(vro_pv_bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro pv call cost against static_call, indirect and direct calls");
