// SPDX-License-Identifier: GPL-2.0
/*
 * vro_pv_bench.c - cost per call of an op reached many ways in the same
 * run. Group "flow": flow_hash_u32 through a vro pv site (patched direct
 * call), a static_call, an indirect call through an ops table (retpoline
 * thunk in this kernel), a plain direct call, and the unpatched trampoline.
 * Group "pbench" (vro_pv_bset.ko: one body, a + 2 * b, behind ops of each
 * kind): a plain direct call, a C-ABI op patched to a direct call, a
 * callee-save op through a thunk, one with a hand-written backend, one
 * patched to an inline template, the callee-save trampoline (into the thunk
 * and into the hand-written function), the C-ABI trampoline, a static_call,
 * an ops-table indirect call of the C function and one of its thunk. Each variant runs iters calls per round,
 * rounds of all variants are interleaved (the order rotating), and the
 * median round is reported with its ratio to its group's plain direct call.
 * A benchmark, not a test: /sys/kernel/debug/vro_pv_bench holds the figures;
 * writing "KEY N" to /sys/kernel/debug/vro_pv_bench_run runs one variant's
 * loop of N calls (make bench counts each one's instructions per call).
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/static_call.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <vro_flow.h>
#include "vro_pv_bset.h"

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
DEFINE_STATIC_CALL(b_pb_sc, pb_c);

struct b_ops {
	b_fn_t hash_u32;
	u64 (*pb)(u64 a, u64 b);
	u64 (*pb_thunk)(u64 a, u64 b);
};
static struct b_ops b_ops_table;
static struct b_ops *b_ops = &b_ops_table;
static b_fn_t b_direct_fn;
static u64 b_sink;
static struct module *b_pin;	/* holds the module of pb_thunk's function */

static noinline u64 b_pv(u32 n)
{
	u32 i, acc = 0;

	for (i = 0; i < n; i++)
		acc += pv_call(flow_hash_u32, i, acc);
	return acc;
}

static noinline u64 b_static_call(u32 n)
{
	u32 i, acc = 0;

	for (i = 0; i < n; i++)
		acc += static_call(b_sc)(i, acc);
	return acc;
}

static noinline u64 b_indirect(u32 n)
{
	u32 i, acc = 0;

	for (i = 0; i < n; i++)
		acc += READ_ONCE(b_ops)->hash_u32(i, acc);
	return acc;
}

static noinline u64 b_direct_jhash(u32 n)
{
	u32 i, acc = 0;

	for (i = 0; i < n; i++)
		acc += flow_jhash_u32(i, acc);
	return acc;
}

static noinline u64 b_direct_crc32c(u32 n)
{
	u32 i, acc = 0;

	for (i = 0; i < n; i++)
		acc += flow_crc32c_u32(i, acc);
	return acc;
}

static noinline u64 b_tramp(u32 n)
{
	u32 i, acc = 0;

	for (i = 0; i < n; i++)
		acc += pv_tramp_flow_hash_u32(i, acc);
	return acc;
}

static noinline u64 b_direct(u32 n)
{
	return b_direct_fn == flow_jhash_u32 ? b_direct_jhash(n)
					     : b_direct_crc32c(n);
}

/* Group pbench: acc = i + 2 * acc, one op call per iteration. */
static noinline u64 b_pb_direct(u32 n)
{
	u64 i, acc = 1;

	for (i = 0; i < n; i++)
		acc = pb_c(i, acc);
	return acc;
}

static noinline u64 b_pb_cabi(u32 n)
{
	u64 i, acc = 1;

	for (i = 0; i < n; i++)
		acc = pv_call(pb_cabi, i, acc);
	return acc;
}

static noinline u64 b_pb_thunk(u32 n)
{
	u64 i, acc = 1;

	for (i = 0; i < n; i++)
		acc = pv_call(pb_thunk, i, acc);
	return acc;
}

static noinline u64 b_pb_hand(u32 n)
{
	u64 i, acc = 1;

	for (i = 0; i < n; i++)
		acc = pv_call(pb_hand, i, acc);
	return acc;
}

static noinline u64 b_pb_tmpl(u32 n)
{
	u64 i, acc = 1;

	for (i = 0; i < n; i++)
		acc = pv_call(pb_tmpl, i, acc);
	return acc;
}

static noinline u64 b_pb_tramp(u32 n)
{
	u64 i, acc = 1;

	for (i = 0; i < n; i++)
		acc = pv_tramp_pb_thunk(i, acc);
	return acc;
}

/* The callee-save trampoline into a function that needs no thunk. */
static noinline u64 b_pb_tramp_hand(u32 n)
{
	u64 i, acc = 1;

	for (i = 0; i < n; i++)
		acc = pv_tramp_pb_hand(i, acc);
	return acc;
}

/* The C-ABI trampoline into the C function. */
static noinline u64 b_pb_tramp_cabi(u32 n)
{
	u64 i, acc = 1;

	for (i = 0; i < n; i++)
		acc = pv_tramp_pb_cabi(i, acc);
	return acc;
}

/* An ops-table call (retpoline) into the thunk: the trampoline's path without it. */
static noinline u64 b_pb_ind_thunk(u32 n)
{
	u64 i, acc = 1;

	for (i = 0; i < n; i++)
		acc = READ_ONCE(b_ops)->pb_thunk(i, acc);
	return acc;
}

static noinline u64 b_pb_sc(u32 n)
{
	u64 i, acc = 1;

	for (i = 0; i < n; i++)
		acc = static_call(b_pb_sc)(i, acc);
	return acc;
}

static noinline u64 b_pb_ind(u32 n)
{
	u64 i, acc = 1;

	for (i = 0; i < n; i++)
		acc = READ_ONCE(b_ops)->pb(i, acc);
	return acc;
}

/**
 * struct b_var - one way of reaching an op
 * @name: what the report calls it
 * @key: its one-word name in vro_pv_bench_run
 * @run: a loop of n calls; returns what the calls computed
 * @ref: index of the group's plain direct call, the ratios' base
 */
struct b_var {
	const char *name;
	const char *key;
	u64 (*run)(u32 n);
	unsigned int ref;
};

enum { V_PV, V_SC, V_IND, V_DIRECT, V_TRAMP, V_PB_DIRECT, V_PB_CABI,
	V_PB_THUNK, V_PB_HAND, V_PB_TMPL, V_PB_TRAMP, V_PB_TRAMP_HAND,
	V_PB_TRAMP_CABI, V_PB_SC, V_PB_IND, V_PB_IND_THUNK, NR_V };

static const struct b_var b_vars[NR_V] = {
	[V_PV] = { "vro pv direct call", "pv",
		b_pv, V_DIRECT },
	[V_SC] = { "static_call", "static_call",
		b_static_call, V_DIRECT },
	[V_IND] = { "ops-table indirect call", "indirect",
		b_indirect, V_DIRECT },
	[V_DIRECT] = { "plain direct call", "direct",
		b_direct, V_DIRECT },
	[V_TRAMP] = { "pv trampoline (unpatched)", "tramp",
		b_tramp, V_DIRECT },
	[V_PB_DIRECT] = { "plain direct call", "pb_direct",
		b_pb_direct, V_PB_DIRECT },
	[V_PB_CABI] = { "C-ABI op, direct call", "pb_cabi",
		b_pb_cabi, V_PB_DIRECT },
	[V_PB_THUNK] = { "callee-save op, C thunk", "pb_thunk",
		b_pb_thunk, V_PB_DIRECT },
	[V_PB_HAND] = { "callee-save op, hand-written", "pb_hand",
		b_pb_hand, V_PB_DIRECT },
	[V_PB_TMPL] = { "callee-save op, inline tmpl", "pb_tmpl",
		b_pb_tmpl, V_PB_DIRECT },
	[V_PB_TRAMP] = { "callee-save trampoline", "pb_tramp",
		b_pb_tramp, V_PB_DIRECT },
	[V_PB_TRAMP_HAND] = { "callee-save trampoline, hand", "pb_tramp_hand",
		b_pb_tramp_hand, V_PB_DIRECT },
	[V_PB_TRAMP_CABI] = { "C-ABI trampoline", "pb_tramp_cabi",
		b_pb_tramp_cabi, V_PB_DIRECT },
	[V_PB_SC] = { "static_call", "pb_static_call",
		b_pb_sc, V_PB_DIRECT },
	[V_PB_IND] = { "ops-table indirect call", "pb_indirect",
		b_pb_ind, V_PB_DIRECT },
	[V_PB_IND_THUNK] = { "ops-table call of the thunk", "pb_indirect_thunk",
		b_pb_ind_thunk, V_PB_DIRECT },
};

static char b_out[4096];
static size_t b_len;

static int b_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 b_time(unsigned int v)
{
	u64 t0, t1, r;

	preempt_disable();
	t0 = ktime_get_ns();
	r = b_vars[v].run(iters);
	t1 = ktime_get_ns();
	preempt_enable();
	b_sink ^= r;
	return t1 - t0;
}

/* Every variant of a group computes the same as its reference. */
static int b_check(void)
{
	u64 res[NR_V];
	unsigned int v;

	for (v = 0; v < NR_V; v++)
		res[v] = b_vars[v].run(1000);
	for (v = 0; v < NR_V; v++) {
		if (res[v] != res[b_vars[v].ref]) {
			pr_err("vro_pv_bench: %s gives %#llx, %s gives %#llx: is vro.pv=flow:%s?\n",
			       b_vars[v].name, res[v],
			       b_vars[b_vars[v].ref].name,
			       res[b_vars[v].ref], direct);
			return -EINVAL;
		}
	}
	return 0;
}

static void b_report(const u64 *med, unsigned int v)
{
	u64 ref = med[b_vars[v].ref] ?: 1;

	b_len += scnprintf(b_out + b_len, sizeof(b_out) - b_len,
			   "%-30s %6llu.%02llu ns/call  %llu.%02llu x direct\n",
			   b_vars[v].name, med[v] / iters,
			   med[v] * 100 / iters % 100, med[v] / ref,
			   med[v] * 100 / ref % 100);
}

static int b_run(void)
{
	u64 *t, med[NR_V];
	unsigned int v, r, k;
	int ret;

	if (!strcmp(direct, "crc32c") && !boot_cpu_has(X86_FEATURE_XMM4_2)) {
		pr_err("vro_pv_bench: direct=crc32c needs SSE4.2, which this CPU lacks\n");
		return -ENODEV;
	}
	b_direct_fn = strcmp(direct, "crc32c") ? flow_jhash_u32 : flow_crc32c_u32;
	static_call_update(b_sc, b_direct_fn);
	WRITE_ONCE(b_ops_table.hash_u32, b_direct_fn);
	WRITE_ONCE(b_ops_table.pb, pb_c);
	/* pbench's only backend gives pb_thunk the thunk of pb_c */
	WRITE_ONCE(b_ops_table.pb_thunk,
		   vro_pv_default_fn(&pv_set_pbench, "pb_thunk", &b_pin));
	if (!b_ops_table.pb_thunk)
		return -ENOENT;
	ret = b_check();
	if (ret)
		return ret;
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
	kfree(t);
	b_len = scnprintf(b_out, sizeof(b_out),
			  "# %u calls x %u rounds per variant, all interleaved, median round\n"
			  "# op flow_hash_u32 -> flow_%s_u32\n",
			  iters, rounds, direct);
	for (v = V_PV; v <= V_TRAMP; v++)
		b_report(med, v);
	b_len += scnprintf(b_out + b_len, sizeof(b_out) - b_len,
			   "# op set pbench: a + 2 * b\n");
	for (v = V_PB_DIRECT; v < NR_V; v++)
		b_report(med, v);
	return 0;
}

static int b_show(struct seq_file *m, void *v)
{
	seq_write(m, b_out, b_len);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(b);

static struct dentry *b_dentry, *b_run_dentry;

/*
 * Counting (tools/vrocount/bench-guest.sh): "KEY N" written to
 * /sys/kernel/debug/vro_pv_bench_run runs the loop of variant KEY once,
 * N calls, so that a counting window holds that variant alone.
 */
static ssize_t b_run_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	char buf[64], key[24];
	unsigned int v, n;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%23s %u", key, &n) != 2)
		return -EINVAL;
	for (v = 0; v < NR_V; v++) {
		if (!strcmp(key, b_vars[v].key)) {
			b_sink ^= b_vars[v].run(n);
			return len;
		}
	}
	return -ENOENT;
}

static const struct file_operations b_run_fops = {
	.owner = THIS_MODULE,
	.write = b_run_write,
};

static int __init vro_pv_bench_init(void)
{
	int ret;

	if (!iters || !rounds)
		return -EINVAL;
	ret = b_run();
	if (ret) {
		module_put(b_pin);
		return ret;
	}
	b_dentry = debugfs_create_file("vro_pv_bench", 0444, NULL, NULL,
				       &b_fops);
	b_run_dentry = debugfs_create_file("vro_pv_bench_run", 0200, NULL, NULL,
					   &b_run_fops);
	return 0;
}

static void __exit vro_pv_bench_exit(void)
{
	debugfs_remove(b_run_dentry);
	debugfs_remove(b_dentry);
	module_put(b_pin);
}

module_init(vro_pv_bench_init);
module_exit(vro_pv_bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro pv call cost against static_call, indirect and direct calls");
