// SPDX-License-Identifier: GPL-2.0
/*
 * vro_flowtab.c - a flow table: per-flow packet and byte counters of every
 * IPv4 and IPv6 packet at PRE_ROUTING (every network namespace), in a hash
 * table whose pointer, mask (derived from its size), hash seed and flow
 * limit are VROs. The hash is the "flow" pv op (pv_call(flow_hash_tuple));
 * an IPv6 address enters it folded to 32 bits, and the full key is compared.
 *
 * Memory is bounded: max_flows entries are allocated at load and never
 * more; a packet of a new flow when every entry is taken is counted in
 * "full" (the packet itself is accepted). Flows are never evicted.
 *
 * Lookups are RCU (the hook runs in softirq under rcu_read_lock()); inserts
 * take one spinlock. A resize (debugfs "resize") allocates a new bucket
 * array, links every entry into it through the entry's second list node
 * (each entry has one node per generation of table, so both tables stay
 * walkable), then publishes table pointer and size (and the derived mask)
 * in ONE vro_set_many() batch; counts are kept (they live in the entries).
 * The old array is freed after synchronize_rcu().
 *
 * Every lookup checks that the mask it read belongs to the table it read
 * (the table records its own mask); a mismatch is counted and the table's
 * own mask used. "resize_split" resizes with two separate vro_set() calls
 * to show that the counter can move. Built three ways: vro_flowtab,
 * vro_flowtab_plain, vro_flowtab_const (see Documentation/net.rst).
 *
 * /sys/kernel/debug/<module>/: flows (one line per flow: src dst sport
 * dport proto packets bytes), stats, resize, resize_split.
 *
 * timing=1 (load time, for tools/netbench): the hook reads the TSC before
 * and after its work and sums the deltas per CPU (stats: timed, ticks,
 * slow) and counts them in a per-CPU histogram (debugfs "timing"); a
 * static key, so the hook has no extra instruction without it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jump_label.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <asm/msr.h>
#include "vro_flow.h"
#include "vro_flow_skb.h"

VRO_MODULE();

#define FT_SIZE_DEFAULT		1024
#define FT_SIZE_MAX		BIT(24)
#define FT_MAX_FLOWS_DEFAULT	4096
#define FT_SEED_DEFAULT		0x5eed7ab1
/* A hook pass longer than this many TSC ticks was interrupted or preempted
 * (a host time slice, under TCG): counted in "slow", not in "ticks".
 */
#define FT_TIMING_CAP		BIT_ULL(20)
/* The timing histogram: buckets of 2^FT_HIST_SHIFT ticks up to 32768. */
#define FT_HIST_SHIFT		4
#define FT_HIST_BUCKETS		2048

/**
 * struct ft_key - the key of an IPv4 or IPv6 flow (padding zeroed)
 * @saddr: source address (IPv4: in the first word, the rest zero)
 * @daddr: destination address (likewise)
 * @sport: source port (0 if the protocol has none)
 * @dport: destination port
 * @proto: IP protocol (IPv6: the header after the extension headers)
 * @family: AF_INET or AF_INET6
 */
struct ft_key {
	struct in6_addr saddr;
	struct in6_addr daddr;
	__be16 sport;
	__be16 dport;
	u8 proto;
	u8 family;
};

/**
 * struct ft_entry - one flow
 * @k: its key
 * @node: its place in a table of generation 0 and of generation 1
 * @packets: packets counted
 * @bytes: bytes counted (IP length: headers included)
 */
struct ft_entry {
	struct ft_key k;
	struct hlist_node node[2];
	atomic64_t packets;
	atomic64_t bytes;
};

/**
 * struct ft_table - a bucket array and the mask that belongs to it
 * @buckets: mask + 1 list heads
 * @mask: its own mask, for the lookup's check against vro(ft_mask)
 * @gen: which node of an entry links it into this table (0 or 1)
 */
struct ft_table {
	struct hlist_head *buckets;
	u32 mask;
	u8 gen;
};

/* The table the module starts with (the const build's only table). */
static struct hlist_head ft_buckets0[FT_SIZE_DEFAULT];
static struct ft_table ft_table0 = {
	.buckets = ft_buckets0,
	.mask = FT_SIZE_DEFAULT - 1,
};

/* size - 1 for a power of two, else a value no u32 holds (refused) */
static inline u64 ft_size_to_mask(u32 size)
{
	return size && is_power_of_2(size) ? size - 1 : U64_MAX;
}

DEFINE_VRO_WIDE_MOSTLY(struct ft_table *, ft_table, &ft_table0);
DEFINE_VRO_MOSTLY(u32, ft_size, FT_SIZE_DEFAULT);
DEFINE_VRO_DERIVED_MOSTLY(u32, ft_mask, FT_SIZE_DEFAULT - 1,
			  ft_size_to_mask, ft_size);
DEFINE_VRO(u32, ft_seed, FT_SEED_DEFAULT);
DEFINE_VRO(u32, ft_max_flows, FT_MAX_FLOWS_DEFAULT);
module_param_vro_named(seed, ft_seed, 0444);
MODULE_PARM_DESC(seed, "hash seed (load time only)");
module_param_vro_named(max_flows, ft_max_flows, 0444);
MODULE_PARM_DESC(max_flows, "flow entries allocated at load (load time only)");

static unsigned int buckets = FT_SIZE_DEFAULT;
module_param(buckets, uint, 0444);
MODULE_PARM_DESC(buckets, "buckets at load, a power of two (default 1024)");

static struct ft_entry *ft_pool;	/* ft_max_flows entries */
static unsigned int ft_used;		/* entries taken; under ft_lock */
static DEFINE_SPINLOCK(ft_lock);	/* inserts, ft_used, ft_next */
static struct ft_table *ft_next;	/* a resize's table; under ft_lock */
static DEFINE_MUTEX(ft_resize_mutex);	/* one resize at a time */
static atomic_long_t ft_packets, ft_packets6, ft_full, ft_mismatch, ft_resizes;
static struct dentry *ft_dir;

static bool timing;
module_param(timing, bool, 0444);
MODULE_PARM_DESC(timing, "sum the hook's TSC ticks per packet (load time only; for benchmarks)");
static DEFINE_STATIC_KEY_FALSE(ft_timing);

/**
 * struct ft_time - one CPU's timing sums (timing=1)
 * @timed: hook passes timed
 * @ticks: their TSC ticks, passes over FT_TIMING_CAP excluded
 * @slow: passes over FT_TIMING_CAP
 */
struct ft_time {
	u64 timed;
	u64 ticks;
	u64 slow;
};

static DEFINE_PER_CPU(struct ft_time, ft_time);
static u32 __percpu *ft_hist;	/* FT_HIST_BUCKETS per CPU, timing=1 only */

static struct ft_entry *ft_entry_of(struct hlist_node *n, u8 gen)
{
	return gen ? container_of(n, struct ft_entry, node[1]) :
		     container_of(n, struct ft_entry, node[0]);
}

static bool ft_key_eq(const struct ft_key *a, const struct ft_key *b)
{
	return ipv6_addr_equal(&a->saddr, &b->saddr) &&
	       ipv6_addr_equal(&a->daddr, &b->daddr) &&
	       a->sport == b->sport && a->dport == b->dport &&
	       a->proto == b->proto && a->family == b->family;
}

/* an address folded to the 32 bits the flow op hashes (IPv4: itself) */
static __be32 ft_fold(const struct in6_addr *a)
{
	return a->s6_addr32[0] ^ a->s6_addr32[1] ^ a->s6_addr32[2] ^
	       a->s6_addr32[3];
}

/* @k's hash: the flow op over a tuple with the addresses folded */
static u32 ft_hash(const struct ft_key *k)
{
	struct vro_flow_tuple t = {
		.saddr = ft_fold(&k->saddr),
		.daddr = ft_fold(&k->daddr),
		.sport = k->sport,
		.dport = k->dport,
		.proto = k->proto,
	};

	return pv_call(flow_hash_tuple, &t, vro(ft_seed));
}

/* The key of an IPv4 packet; false if it has no IPv4 header. */
static bool ft_key_of4(struct sk_buff *skb, struct ft_key *k)
{
	struct vro_flow_tuple t;

	if (!vro_flow_tuple_of(skb, &t))
		return false;
	memset(k, 0, sizeof(*k));
	k->saddr.s6_addr32[0] = t.saddr;
	k->daddr.s6_addr32[0] = t.daddr;
	k->sport = t.sport;
	k->dport = t.dport;
	k->proto = t.proto;
	k->family = AF_INET;
	return true;
}

/* The key of an IPv6 packet: ports for the first (or only) fragment of a
 * TCP or UDP packet past its extension headers; false if it has no IPv6
 * header.
 */
static bool ft_key_of6(struct sk_buff *skb, struct ft_key *k)
{
	const struct ipv6hdr *ip6;
	__be16 _ports[2], frag_off;
	const __be16 *ports;
	u8 nexthdr;
	int off;

	if (!pskb_may_pull(skb, sizeof(*ip6)))
		return false;
	ip6 = ipv6_hdr(skb);
	memset(k, 0, sizeof(*k));
	k->saddr = ip6->saddr;
	k->daddr = ip6->daddr;
	k->family = AF_INET6;
	nexthdr = ip6->nexthdr;
	off = ipv6_skip_exthdr(skb, sizeof(*ip6), &nexthdr, &frag_off);
	k->proto = nexthdr;
	if (off < 0 || (ntohs(frag_off) & ~0x7) ||
	    (nexthdr != IPPROTO_TCP && nexthdr != IPPROTO_UDP))
		return true;
	ports = skb_header_pointer(skb, off, sizeof(_ports), _ports);
	if (ports) {
		k->sport = ports[0];
		k->dport = ports[1];
	}
	return true;
}

/* The bucket of @hash in the current table. Called with preemption off
 * (softirq or ft_lock held): table and mask come from one vro_set_many()
 * batch. A mask that is not the table's own is counted and not used.
 */
static struct hlist_head *ft_bucket(u32 hash, struct ft_table **tabp)
{
	struct ft_table *tab = vro_wide(ft_table);
	u32 mask = vro(ft_mask);

	if (unlikely(mask != tab->mask)) {
		atomic_long_inc(&ft_mismatch);
		mask = tab->mask;
	}
	*tabp = tab;
	return &tab->buckets[hash & mask];
}

static struct ft_entry *ft_find(struct hlist_head *head, u8 gen,
				const struct ft_key *k)
{
	struct hlist_node *n;
	struct ft_entry *e;

	for (n = rcu_dereference(hlist_first_rcu(head)); n;
	     n = rcu_dereference(hlist_next_rcu(n))) {
		e = ft_entry_of(n, gen);
		if (ft_key_eq(&e->k, k))
			return e;
	}
	return NULL;
}

/* A new flow's entry, or NULL (counted) when every entry is taken. */
static struct ft_entry *ft_insert(const struct ft_key *k, u32 hash)
{
	struct hlist_head *head;
	struct ft_table *tab;
	struct ft_entry *e;

	spin_lock(&ft_lock);
	head = ft_bucket(hash, &tab);
	e = ft_find(head, tab->gen, k);	/* inserted meanwhile? */
	if (e)
		goto unlock;
	if (ft_used >= vro(ft_max_flows)) {
		atomic_long_inc(&ft_full);
		goto unlock;
	}
	e = &ft_pool[ft_used];
	e->k = *k;
	atomic64_set(&e->packets, 0);
	atomic64_set(&e->bytes, 0);
	hlist_add_head_rcu(&e->node[tab->gen], head);
	if (ft_next)	/* a resize has linked the others already */
		hlist_add_head_rcu(&e->node[ft_next->gen],
				   &ft_next->buckets[hash & ft_next->mask]);
	smp_store_release(&ft_used, ft_used + 1);	/* for the seq_file */
unlock:
	spin_unlock(&ft_lock);
	return e;
}

/* Count @skb (of family @pf) in its flow. */
static void ft_count(struct sk_buff *skb, u8 pf)
{
	struct hlist_head *head;
	struct ft_table *tab;
	struct ft_entry *e;
	struct ft_key k;
	u32 hash;

	if (pf == NFPROTO_IPV6) {
		if (!ft_key_of6(skb, &k))
			return;
		atomic_long_inc(&ft_packets6);
	} else if (!ft_key_of4(skb, &k)) {
		return;
	}
	atomic_long_inc(&ft_packets);
	hash = ft_hash(&k);
	head = ft_bucket(hash, &tab);
	e = ft_find(head, tab->gen, &k);
	if (!e)
		e = ft_insert(&k, hash);
	if (e) {
		atomic64_inc(&e->packets);
		atomic64_add(skb->len, &e->bytes);
	}
}

/* ft_count() timed with the TSC (timing=1); softirq, so this CPU's sums */
static noinline void ft_count_timed(struct sk_buff *skb, u8 pf)
{
	u64 t0 = rdtsc_ordered(), d;

	ft_count(skb, pf);
	d = rdtsc_ordered() - t0;
	this_cpu_inc(ft_time.timed);
	if (d < FT_HIST_BUCKETS << FT_HIST_SHIFT)
		this_cpu_inc(ft_hist[d >> FT_HIST_SHIFT]);
	if (likely(d < FT_TIMING_CAP))
		this_cpu_add(ft_time.ticks, d);
	else
		this_cpu_inc(ft_time.slow);
}

static unsigned int ft_hook(void *priv, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	if (static_branch_unlikely(&ft_timing))
		ft_count_timed(skb, state->pf);
	else
		ft_count(skb, state->pf);
	return NF_ACCEPT;
}

static const struct nf_hook_ops ft_ops[] = {
	{
		.hook = ft_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP_PRI_FIRST,
	},
	{
		.hook = ft_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP6_PRI_FIRST,
	},
};

static int __net_init ft_net_init(struct net *net)
{
	return nf_register_net_hooks(net, ft_ops, ARRAY_SIZE(ft_ops));
}

static void __net_exit ft_net_exit(struct net *net)
{
	nf_unregister_net_hooks(net, ft_ops, ARRAY_SIZE(ft_ops));
}

static struct pernet_operations ft_net_ops = {
	.init = ft_net_init,
	.exit = ft_net_exit,
};

/* ---- resize ------------------------------------------------------------ */

static struct ft_table *ft_table_alloc(u32 size, u8 gen)
{
	struct ft_table *tab;

	tab = kvzalloc(sizeof(*tab) + size * sizeof(struct hlist_head),
		       GFP_KERNEL);
	if (!tab)
		return NULL;
	tab->buckets = (struct hlist_head *)(tab + 1);
	tab->mask = size - 1;
	tab->gen = gen;
	return tab;
}

/* Link every entry into @tab; inserts from now on link into it too. */
static void ft_link_all(struct ft_table *tab)
{
	struct ft_entry *e;
	unsigned int i;
	u32 hash;

	spin_lock_bh(&ft_lock);
	for (i = 0; i < ft_used; i++) {
		e = &ft_pool[i];
		hash = ft_hash(&e->k);
		hlist_add_head_rcu(&e->node[tab->gen],
				   &tab->buckets[hash & tab->mask]);
	}
	ft_next = tab;
	spin_unlock_bh(&ft_lock);
}

/* Publish @tab of @size: one batch, or (@split) two vro_set() calls. */
static int ft_publish(struct ft_table *old, struct ft_table *tab, u32 size,
		      bool split)
{
	int err;

	if (!split)
		return vro_set_many(VRO_ITEM(ft_table, tab),
				    VRO_ITEM(ft_size, size));
	/* Wrong on purpose: lookups between the two see a foreign mask. */
	err = vro_set(ft_table, tab);
	if (err)
		return err;
	msleep(50);
	err = vro_set(ft_size, size);
	if (err)	/* back to the old table (a pointer always fits) */
		WARN_ON(vro_set(ft_table, old));
	return err;
}

/**
 * ft_resize() - switch to a table of @size buckets, keeping every count
 * @size: a power of two, 1..FT_SIZE_MAX
 * @split: publish with two vro_set() calls instead of one vro_set_many()
 *	   (a demonstration of what the mismatch counter catches)
 *
 * Return: 0, -EINVAL for a bad size, -ENOMEM, or vro_set_many()'s error
 * (-EPERM in the const build). On error the old table stays in use.
 */
static int ft_resize(u32 size, bool split)
{
	struct ft_table *old, *tab;
	int err;

	if (!size || size > FT_SIZE_MAX || !is_power_of_2(size)) {
		pr_err("resize: %u buckets: give a power of two from 1 to %lu\n",
		       size, FT_SIZE_MAX);
		return -EINVAL;
	}
	mutex_lock(&ft_resize_mutex);
	old = vro_value(ft_table);
	tab = ft_table_alloc(size, !old->gen);
	err = -ENOMEM;
	if (!tab)
		goto unlock;
	ft_link_all(tab);
	err = ft_publish(old, tab, size, split);
	spin_lock_bh(&ft_lock);
	ft_next = NULL;
	spin_unlock_bh(&ft_lock);
	if (err) {
		pr_err("resize to %u buckets refused (%d): table unchanged\n",
		       size, err);
		synchronize_rcu();	/* inserts may have linked into it */
		kvfree(tab);
		goto unlock;
	}
	synchronize_rcu();
	if (old != &ft_table0)
		kvfree(old);
	atomic_long_inc(&ft_resizes);
unlock:
	mutex_unlock(&ft_resize_mutex);
	return err;
}

/* ---- debugfs ----------------------------------------------------------- */

static int ft_flows_show(struct seq_file *m, void *v)
{
	unsigned int i, n;
	struct ft_entry *e;

	n = smp_load_acquire(&ft_used);	/* entries below n are filled in */
	seq_puts(m, "src dst sport dport proto packets bytes\n");
	for (i = 0; i < n; i++) {
		e = &ft_pool[i];
		if (e->k.family == AF_INET6)
			seq_printf(m, "%pI6c %pI6c", &e->k.saddr, &e->k.daddr);
		else
			seq_printf(m, "%pI4 %pI4", &e->k.saddr.s6_addr32[0],
				   &e->k.daddr.s6_addr32[0]);
		seq_printf(m, " %u %u %u %lld %lld\n", ntohs(e->k.sport),
			   ntohs(e->k.dport), e->k.proto,
			   atomic64_read(&e->packets),
			   atomic64_read(&e->bytes));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ft_flows);

/* the timing sums of every CPU */
static void ft_time_sum(struct ft_time *sum)
{
	const struct ft_time *t;
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		t = per_cpu_ptr(&ft_time, cpu);
		sum->timed += READ_ONCE(t->timed);
		sum->ticks += READ_ONCE(t->ticks);
		sum->slow += READ_ONCE(t->slow);
	}
}

static int ft_stats_show(struct seq_file *m, void *v)
{
	struct ft_time sum;

	seq_printf(m, "build %s\n", VRO_BUILD_SUFFIX[0] ?
		   VRO_BUILD_SUFFIX + 1 : "vro");
	seq_printf(m, "packets %ld\n", atomic_long_read(&ft_packets));
	seq_printf(m, "packets6 %ld\n", atomic_long_read(&ft_packets6));
	seq_printf(m, "flows %u\n", READ_ONCE(ft_used));
	seq_printf(m, "max_flows %u\n", vro_value(ft_max_flows));
	seq_printf(m, "full %ld\n", atomic_long_read(&ft_full));
	seq_printf(m, "size %u\n", vro_value(ft_size));
	seq_printf(m, "mask %#x\n", vro_value(ft_mask));
	seq_printf(m, "resizes %ld\n", atomic_long_read(&ft_resizes));
	seq_printf(m, "mismatch %ld\n", atomic_long_read(&ft_mismatch));
	ft_time_sum(&sum);
	seq_printf(m, "timed %llu\n", sum.timed);
	seq_printf(m, "ticks %llu\n", sum.ticks);
	seq_printf(m, "slow %llu\n", sum.slow);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ft_stats);

/* "timing": each non-empty histogram bucket, "<lowest tick> <passes>" */
static int ft_timing_show(struct seq_file *m, void *v)
{
	unsigned int i;
	u64 n;
	int cpu;

	for (i = 0; ft_hist && i < FT_HIST_BUCKETS; i++) {
		n = 0;
		for_each_possible_cpu(cpu)
			n += READ_ONCE(per_cpu_ptr(ft_hist, cpu)[i]);
		if (n)
			seq_printf(m, "%u %llu\n", i << FT_HIST_SHIFT, n);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ft_timing);

static ssize_t ft_resize_write(struct file *file, const char __user *ubuf,
			       size_t len, loff_t *ppos, bool split)
{
	u32 size;
	int err;

	err = kstrtou32_from_user(ubuf, len, 0, &size);
	if (err)
		return err;
	err = ft_resize(size, split);
	return err ? err : len;
}

static ssize_t ft_resize_one(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	return ft_resize_write(file, ubuf, len, ppos, false);
}

static ssize_t ft_resize_two(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	return ft_resize_write(file, ubuf, len, ppos, true);
}

static const struct file_operations ft_resize_fops = {
	.owner = THIS_MODULE,
	.write = ft_resize_one,
	.llseek = noop_llseek,
};

static const struct file_operations ft_resize_split_fops = {
	.owner = THIS_MODULE,
	.write = ft_resize_two,
	.llseek = noop_llseek,
};

static void ft_debugfs_init(void)
{
	ft_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("flows", 0444, ft_dir, NULL, &ft_flows_fops);
	debugfs_create_file("stats", 0444, ft_dir, NULL, &ft_stats_fops);
	debugfs_create_file("timing", 0444, ft_dir, NULL, &ft_timing_fops);
	debugfs_create_file("resize", 0200, ft_dir, NULL, &ft_resize_fops);
	debugfs_create_file("resize_split", 0200, ft_dir, NULL,
			    &ft_resize_split_fops);
}

/* ---- module ------------------------------------------------------------ */

static int __init vro_flowtab_init(void)
{
	int err;

	ft_pool = kvcalloc(vro(ft_max_flows), sizeof(*ft_pool), GFP_KERNEL);
	if (!ft_pool)
		return -ENOMEM;
	if (buckets != FT_SIZE_DEFAULT) {
		err = ft_resize(buckets, false);
		if (err)
			goto free_pool;
	}
	if (timing) {
		ft_hist = __alloc_percpu(FT_HIST_BUCKETS * sizeof(u32),
					 __alignof__(u32));
		err = -ENOMEM;
		if (!ft_hist)
			goto free_table;
		static_branch_enable(&ft_timing);
	}
	err = register_pernet_subsys(&ft_net_ops);
	if (err)
		goto free_hist;
	ft_debugfs_init();
	return 0;

free_hist:
	free_percpu(ft_hist);	/* NULL without timing: a no-op */
free_table:
	if (vro_value(ft_table) != &ft_table0)
		kvfree(vro_value(ft_table));
free_pool:
	kvfree(ft_pool);
	return err;
}

static void __exit vro_flowtab_exit(void)
{
	debugfs_remove_recursive(ft_dir);
	unregister_pernet_subsys(&ft_net_ops);
	synchronize_rcu();
	free_percpu(ft_hist);
	if (vro_value(ft_table) != &ft_table0)
		kvfree(vro_value(ft_table));
	kvfree(ft_pool);
}

module_init(vro_flowtab_init);
module_exit(vro_flowtab_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro user: per-flow packet and byte counts at IPv4 and IPv6 PRE_ROUTING, resizable");
