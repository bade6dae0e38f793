/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The flow key of a packet, shared by the netfilter users of the flow op
 * set (vro_flowstat, vro_flowtab).
 */
#ifndef _NET_VRO_FLOW_SKB_H
#define _NET_VRO_FLOW_SKB_H

#include <linux/ip.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/ip.h>
#include "vro_flow.h"

/**
 * vro_flow_tuple_of() - the flow key of an IPv4 packet
 * @skb: the packet, its network header at the IPv4 header
 * @t: filled with addresses, protocol and, for the first fragment of a TCP
 *     or UDP packet, the ports (0 otherwise)
 *
 * Return: false if the packet is too short to hold an IPv4 header.
 */
static inline bool vro_flow_tuple_of(struct sk_buff *skb,
				     struct vro_flow_tuple *t)
{
	const struct iphdr *iph;
	__be16 _ports[2];
	const __be16 *ports;

	if (!pskb_may_pull(skb, sizeof(*iph)))
		return false;
	iph = ip_hdr(skb);
	memset(t, 0, sizeof(*t));
	t->saddr = iph->saddr;
	t->daddr = iph->daddr;
	t->proto = iph->protocol;
	if ((iph->protocol == IPPROTO_TCP || iph->protocol == IPPROTO_UDP) &&
	    !(iph->frag_off & htons(IP_OFFSET))) {
		ports = skb_header_pointer(skb, iph->ihl * 4, sizeof(_ports),
					   _ports);
		if (ports) {
			t->sport = ports[0];
			t->dport = ports[1];
		}
	}
	return true;
}

#endif /* _NET_VRO_FLOW_SKB_H */
