// SPDX-License-Identifier: GPL-2.0
/*
 * vro_kbench - the in-guest cost of the network-stack functions that read
 * the converted constants (kernel/patches/0010-0012), for tools/kbench:
 *
 * - lookup: __inet_lookup_established() of a TCP connection this module
 *   holds open over loopback (ehash secret, table base and mask);
 * - rx: netif_rx() of a small skb to the loopback device with bottom
 *   halves off (netdev_tstamp_prequeue, netdev_max_backlog in
 *   enqueue_to_backlog()); the batch is delivered, and dropped for its
 *   unknown protocol, when bottom halves are enabled again.
 *
 * Each is timed with the TSC (rdtsc_ordered()) and ktime around batches
 * of "calls" (lookup) or "rx_calls" (rx) calls, "batches" times; at load
 * the module prints, per function, the median over the batches of the
 * batch's time divided by its calls (timer and loop included):
 *
 *   vro_kbench: lookup ticks=T ns=N batches=B calls=C
 *
 * It keeps nothing afterwards: load, read the lines, rmmod. The same
 * source is built against the vro, plain and const kernels.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/timekeeping.h>
#include <net/inet_hashtables.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <asm/msr.h>

static unsigned int batches = 101;
module_param(batches, uint, 0444);
MODULE_PARM_DESC(batches, "timed batches per function (median over them)");

static unsigned int calls = 1000;
module_param(calls, uint, 0444);
MODULE_PARM_DESC(calls, "lookups per batch");

static unsigned int rx_calls = 64;
module_param(rx_calls, uint, 0444);
MODULE_PARM_DESC(rx_calls, "netif_rx() calls per batch (below netdev_max_backlog)");

#define KB_MAX_BATCHES	10001
#define KB_MAX_CALLS	100000
#define KB_MAX_RX	512
#define KB_PROTO	0x88b5	/* IEEE local experimental: no handler */

/* The timed batches of one function: TSC ticks and ns per batch. */
struct kb_times {
	u64 *ticks;
	u64 *ns;
	unsigned int n;
};

/* The connection the lookups find: the client end, and its 4-tuple. */
struct kb_conn {
	struct socket *listener;
	struct socket *client;
	struct socket *server;
	__be32 addr;
	__be16 server_port;
	u16 client_port;
};

static int kb_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* kb_median - the median of @n values (sorts them in place). */
static u64 kb_median(u64 *v, unsigned int n)
{
	sort(v, n, sizeof(*v), kb_cmp_u64, NULL);
	return v[n / 2];
}

/* kb_report - print @what's median per call over @t's batches of @per. */
static void kb_report(const char *what, struct kb_times *t, unsigned int per)
{
	u64 ticks = kb_median(t->ticks, t->n), ns = kb_median(t->ns, t->n);

	pr_info("%s ticks=%llu.%02llu ns=%llu.%02llu batches=%u calls=%u\n",
		what, div_u64(ticks, per), div_u64((ticks % per) * 100, per),
		div_u64(ns, per), div_u64((ns % per) * 100, per), t->n, per);
}

static int kb_times_alloc(struct kb_times *t, unsigned int n)
{
	t->n = n;
	t->ticks = kcalloc(n, sizeof(u64), GFP_KERNEL);
	t->ns = kcalloc(n, sizeof(u64), GFP_KERNEL);
	if (t->ticks && t->ns)
		return 0;
	kfree(t->ticks);
	kfree(t->ns);
	return -ENOMEM;
}

static void kb_times_free(struct kb_times *t)
{
	kfree(t->ticks);
	kfree(t->ns);
}

static int kb_conn_open(struct kb_conn *c)
{
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int err;

	err = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			       &c->listener);
	if (err)
		return err;
	err = kernel_bind(c->listener, (struct sockaddr *)&sa, sizeof(sa));
	if (err)
		goto release_listener;
	err = kernel_listen(c->listener, 1);
	if (err)
		goto release_listener;
	err = kernel_getsockname(c->listener, (struct sockaddr *)&sa);
	if (err < 0)
		goto release_listener;
	c->addr = sa.sin_addr.s_addr;
	c->server_port = sa.sin_port;

	err = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			       &c->client);
	if (err)
		goto release_listener;
	err = kernel_connect(c->client, (struct sockaddr *)&sa, sizeof(sa), 0);
	if (err)
		goto release_client;
	err = kernel_accept(c->listener, &c->server, 0);
	if (err)
		goto release_client;
	err = kernel_getsockname(c->client, (struct sockaddr *)&sa);
	if (err < 0)
		goto release_server;
	c->client_port = ntohs(sa.sin_port);
	return 0;

release_server:
	sock_release(c->server);
release_client:
	sock_release(c->client);
release_listener:
	sock_release(c->listener);
	return err;
}

static void kb_conn_close(struct kb_conn *c)
{
	sock_release(c->server);
	sock_release(c->client);
	sock_release(c->listener);
}

/*
 * kb_lookup - the client's socket, as a segment from the server finds it.
 * init_net's table is tcp_hashinfo, which 6.12 no longer exports.
 */
static struct sock *kb_lookup(const struct kb_conn *c)
{
	struct inet_hashinfo *h = init_net.ipv4.tcp_death_row.hashinfo;

	return __inet_lookup_established(&init_net, h, c->addr,
					 c->server_port, c->addr,
					 c->client_port, LOOPBACK_IFINDEX, 0);
}

/*
 * kb_bench_lookup - time @t->n batches of @calls lookups of @c (each takes
 * a reference: dropped after the batch, outside the timed part).
 */
static int kb_bench_lookup(const struct kb_conn *c, struct kb_times *t)
{
	struct sock *want = c->client->sk, **got;
	unsigned int b, i;
	u64 t0, n0;
	int err = 0;

	got = kcalloc(calls, sizeof(*got), GFP_KERNEL);
	if (!got)
		return -ENOMEM;
	for (b = 0; b < t->n && !err; b++) {
		rcu_read_lock();
		preempt_disable();
		n0 = ktime_get_ns();
		t0 = rdtsc_ordered();
		for (i = 0; i < calls; i++)
			got[i] = kb_lookup(c);
		t->ticks[b] = rdtsc_ordered() - t0;
		t->ns[b] = ktime_get_ns() - n0;
		preempt_enable();
		rcu_read_unlock();
		for (i = 0; i < calls; i++) {
			if (got[i] != want)
				err = -ESRCH;
			if (got[i])
				sock_gen_put(got[i]);
		}
		cond_resched();
	}
	kfree(got);
	if (err)
		pr_err("lookup: __inet_lookup_established() did not find the connection 127.0.0.1:%u -> :%u\n",
		       ntohs(c->server_port), c->client_port);
	return err;
}

/* kb_rx_skb - a small frame for @dev of a protocol nobody handles. */
static struct sk_buff *kb_rx_skb(struct net_device *dev)
{
	struct sk_buff *skb = alloc_skb(128, GFP_KERNEL);

	if (!skb)
		return NULL;
	skb_put_zero(skb, 60);
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	skb->dev = dev;
	skb->protocol = htons(KB_PROTO);
	return skb;
}

/*
 * kb_bench_rx - time @t->n batches of rx_calls netif_rx() calls with
 * bottom halves off; enabling them delivers (and drops) the batch.
 */
static int kb_bench_rx(struct kb_times *t)
{
	struct net_device *dev = init_net.loopback_dev;
	struct sk_buff **skbs;
	unsigned int b, i, dropped = 0;
	u64 t0, n0;
	int err = 0;

	skbs = kcalloc(rx_calls, sizeof(*skbs), GFP_KERNEL);
	if (!skbs)
		return -ENOMEM;
	for (b = 0; b < t->n; b++) {
		for (i = 0; i < rx_calls; i++) {
			skbs[i] = kb_rx_skb(dev);
			if (!skbs[i]) {
				err = -ENOMEM;
				goto free_skbs;
			}
		}
		local_bh_disable();
		n0 = ktime_get_ns();
		t0 = rdtsc_ordered();
		for (i = 0; i < rx_calls; i++)
			if (netif_rx(skbs[i]) != NET_RX_SUCCESS)
				dropped++;
		t->ticks[b] = rdtsc_ordered() - t0;
		t->ns[b] = ktime_get_ns() - n0;
		local_bh_enable();
		cond_resched();
	}
	if (dropped)
		pr_warn("rx: %u of %u frames dropped at enqueue (backlog full?)\n",
			dropped, t->n * rx_calls);
	kfree(skbs);
	return 0;

free_skbs:
	while (i--)
		kfree_skb(skbs[i]);
	kfree(skbs);
	return err;
}

static int kb_run_lookup(struct kb_times *t)
{
	struct kb_conn c;
	int err;

	err = kb_conn_open(&c);
	if (err) {
		pr_err("lookup: cannot open a TCP connection over loopback (%d): is lo up?\n",
		       err);
		return err;
	}
	err = kb_bench_lookup(&c, t);
	if (!err)
		kb_report("lookup", t, calls);
	kb_conn_close(&c);
	return err;
}

static int __init vro_kbench_init(void)
{
	struct kb_times t;
	int err;

	if (!batches || batches > KB_MAX_BATCHES || !calls ||
	    calls > KB_MAX_CALLS || !rx_calls || rx_calls > KB_MAX_RX) {
		pr_err("batches=%u calls=%u rx_calls=%u: want 1..%u, 1..%u, 1..%u\n",
		       batches, calls, rx_calls, KB_MAX_BATCHES, KB_MAX_CALLS,
		       KB_MAX_RX);
		return -EINVAL;
	}
	err = kb_times_alloc(&t, batches);
	if (err)
		return err;
	err = kb_run_lookup(&t);
	if (!err)
		err = kb_bench_rx(&t);
	if (!err)
		kb_report("rx", &t, rx_calls);
	kb_times_free(&t);
	return err;
}

static void __exit vro_kbench_exit(void)
{
}

module_init(vro_kbench_init);
module_exit(vro_kbench_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vro whole-kernel benchmark: cost of the converted network hot paths");
