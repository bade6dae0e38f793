// SPDX-License-Identifier: GPL-2.0
/*
 * vro_flowstat.c - a network user of the "flow" pv op set: an IPv4
 * PRE_ROUTING hook (initial namespace) that hashes every packet's flow with
 * pv_call(flow_hash_tuple) into a bucket and stamps it with
 * pv_call(flow_stamp). Both calls are vro pv sites: direct calls to the
 * selected backend (the stamp is an inline rdtsc under crc32c).
 *
 * /sys/kernel/debug/vro_flowstat: packets seen, buckets in use, and the
 * busiest buckets with their last stamp.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/ip.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include "vro_flow.h"
#include "vro_flow_skb.h"

VRO_MODULE();

#define FLOWSTAT_BUCKETS	256
#define FLOWSTAT_SEED		0x5eed1e55

struct flowstat_bucket {
	atomic_long_t packets;
	u32 stamp;
};

static struct flowstat_bucket flowstat[FLOWSTAT_BUCKETS];
static atomic_long_t flowstat_packets;
static struct dentry *flowstat_dentry;

static unsigned int flowstat_hook(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	struct flowstat_bucket *b;
	struct vro_flow_tuple t;

	if (!vro_flow_tuple_of(skb, &t))
		return NF_ACCEPT;
	b = &flowstat[pv_call(flow_hash_tuple, &t, FLOWSTAT_SEED) %
		      FLOWSTAT_BUCKETS];
	atomic_long_inc(&b->packets);
	WRITE_ONCE(b->stamp, pv_call(flow_stamp));
	atomic_long_inc(&flowstat_packets);
	return NF_ACCEPT;
}

static const struct nf_hook_ops flowstat_ops = {
	.hook = flowstat_hook,
	.pf = NFPROTO_IPV4,
	.hooknum = NF_INET_PRE_ROUTING,
	.priority = NF_IP_PRI_FIRST,
};

static int flowstat_show(struct seq_file *m, void *v)
{
	unsigned int i, used = 0;
	long n;

	for (i = 0; i < FLOWSTAT_BUCKETS; i++)
		used += atomic_long_read(&flowstat[i].packets) != 0;
	seq_printf(m, "packets %ld\nbuckets %u of %u\n",
		   atomic_long_read(&flowstat_packets), used, FLOWSTAT_BUCKETS);
	for (i = 0; i < FLOWSTAT_BUCKETS; i++) {
		n = atomic_long_read(&flowstat[i].packets);
		if (n)
			seq_printf(m, "bucket %u packets %ld stamp %u\n", i, n,
				   READ_ONCE(flowstat[i].stamp));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(flowstat);

static int __init vro_flowstat_init(void)
{
	int ret;

	ret = nf_register_net_hook(&init_net, &flowstat_ops);
	if (ret)
		return ret;
	flowstat_dentry = debugfs_create_file("vro_flowstat", 0444, NULL, NULL,
					      &flowstat_fops);
	return 0;
}

static void __exit vro_flowstat_exit(void)
{
	debugfs_remove(flowstat_dentry);
	nf_unregister_net_hook(&init_net, &flowstat_ops);
}

module_init(vro_flowstat_init);
module_exit(vro_flowstat_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro pv user: per-flow packet counts at IPv4 PRE_ROUTING");
