// SPDX-License-Identifier: GPL-2.0
/*
 * vro_flowlimit - a per-flow packet budget at IPv4 PRE_ROUTING whose
 * tunables are VROs: the bucket mask, the budget, the window and the hash
 * seed are instruction immediates in the per-packet path.
 *
 * Every IPv4 packet of every network namespace is hashed on its addresses,
 * protocol and ports into a bucket; a bucket counts packets per window of
 * 2^window_shift jiffies and drops those over the budget (0: no limit, count
 * only). Built twice from this file: vro_flowlimit (VROs) and
 * vro_flowlimit_plain (-DFLOWLIMIT_PLAIN: the same tunables as
 * __read_mostly module parameters), so the two can be compared with iperf3
 * in one run.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/ip.h>
#include <linux/jhash.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#define FLOWLIMIT_BUCKETS	65536	/* table size; the mask is clamped to it */

#ifdef FLOWLIMIT_PLAIN
static u32 bucket_mask __read_mostly = 1023;
static u32 budget __read_mostly;
static u32 window_shift __read_mostly = 8;
static u32 seed __read_mostly = 0x9e3779b9;
module_param(bucket_mask, uint, 0644);
module_param(budget, uint, 0644);
module_param(window_shift, uint, 0644);
module_param(seed, uint, 0644);
#define FL(name)	READ_ONCE(name)
#else
#include <linux/vro.h>
DEFINE_VRO(u32, flowlimit_bucket_mask, 1023);
DEFINE_VRO(u32, flowlimit_budget, 0);
DEFINE_VRO(u32, flowlimit_window_shift, 8);
DEFINE_VRO(u32, flowlimit_seed, 0x9e3779b9);
VRO_MODULE();
module_param_vro_named(bucket_mask, flowlimit_bucket_mask, 0644);
module_param_vro_named(budget, flowlimit_budget, 0644);
module_param_vro_named(window_shift, flowlimit_window_shift, 0644);
module_param_vro_named(seed, flowlimit_seed, 0644);
#define FL(name)	vro(flowlimit_##name)
#endif

MODULE_PARM_DESC(bucket_mask, "flow buckets - 1 (clamped to 65535)");
MODULE_PARM_DESC(budget, "packets per flow per window, 0 = count only");
MODULE_PARM_DESC(window_shift, "window length is 2^window_shift jiffies");
MODULE_PARM_DESC(seed, "flow hash seed");

struct flowlimit_bucket {
	u32 window;
	u32 count;
};

struct flowlimit_stats {
	u64 passed;
	u64 dropped;
};

static struct flowlimit_bucket *buckets;
static DEFINE_PER_CPU(struct flowlimit_stats, flowlimit_stats);
static struct dentry *flowlimit_dir;

/* Hash addresses, protocol and (for TCP/UDP) ports of an IPv4 packet. */
static u32 flowlimit_hash(const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	u32 ports = 0;

	if ((iph->protocol == IPPROTO_TCP || iph->protocol == IPPROTO_UDP) &&
	    !ip_is_fragment(iph)) {
		unsigned int off = skb_network_offset(skb) + iph->ihl * 4;
		__be32 _p, *p = skb_header_pointer(skb, off, sizeof(_p), &_p);

		if (p)
			ports = (__force u32)*p;
	}
	return jhash_3words((__force u32)iph->saddr, (__force u32)iph->daddr,
			    ports ^ iph->protocol, FL(seed));
}

static unsigned int flowlimit_hook(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	struct flowlimit_bucket *b;
	u32 now = jiffies, window, count;

	if (!pskb_network_may_pull(skb, sizeof(struct iphdr)))
		return NF_ACCEPT;
	b = &buckets[flowlimit_hash(skb) & FL(bucket_mask) &
		     (FLOWLIMIT_BUCKETS - 1)];
	window = now >> (FL(window_shift) & 31);
	/* Racy by design: a lost update only shifts one count. */
	if (READ_ONCE(b->window) != window) {
		WRITE_ONCE(b->window, window);
		WRITE_ONCE(b->count, 0);
	}
	count = READ_ONCE(b->count) + 1;
	WRITE_ONCE(b->count, count);
	if (FL(budget) && count > FL(budget)) {
		this_cpu_inc(flowlimit_stats.dropped);
		return NF_DROP;
	}
	this_cpu_inc(flowlimit_stats.passed);
	return NF_ACCEPT;
}

static const struct nf_hook_ops flowlimit_ops = {
	.hook = flowlimit_hook,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_PRE_ROUTING,
	.priority = NF_IP_PRI_FIRST,
};

static int __net_init flowlimit_net_init(struct net *net)
{
	return nf_register_net_hook(net, &flowlimit_ops);
}

static void __net_exit flowlimit_net_exit(struct net *net)
{
	nf_unregister_net_hook(net, &flowlimit_ops);
}

static struct pernet_operations flowlimit_net_ops = {
	.init = flowlimit_net_init,
	.exit = flowlimit_net_exit,
};

static int flowlimit_stats_show(struct seq_file *m, void *v)
{
	u64 passed = 0, dropped = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		passed += per_cpu(flowlimit_stats, cpu).passed;
		dropped += per_cpu(flowlimit_stats, cpu).dropped;
	}
	seq_printf(m, "passed %llu\ndropped %llu\n", passed, dropped);
	seq_printf(m, "bucket_mask %u\nbudget %u\nwindow_shift %u\nseed %#x\n",
		   FL(bucket_mask), FL(budget), FL(window_shift), FL(seed));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(flowlimit_stats);

static int __init flowlimit_init(void)
{
	int err;

	buckets = kvcalloc(FLOWLIMIT_BUCKETS, sizeof(*buckets), GFP_KERNEL);
	if (!buckets)
		return -ENOMEM;
	err = register_pernet_subsys(&flowlimit_net_ops);
	if (err)
		goto free_buckets;
	flowlimit_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("stats", 0444, flowlimit_dir, NULL,
			    &flowlimit_stats_fops);
	return 0;

free_buckets:
	kvfree(buckets);
	return err;
}

static void __exit flowlimit_exit(void)
{
	debugfs_remove(flowlimit_dir);
	unregister_pernet_subsys(&flowlimit_net_ops);
	kvfree(buckets);
}

module_init(flowlimit_init);
module_exit(flowlimit_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("per-flow packet budget with VRO tunables");
