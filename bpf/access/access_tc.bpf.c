// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Access kind (a MAG), TC egress on its tunnel interface. The agent routes
 * what each attached host sends (a policy rule on its source address) into
 * that interface, so what the XDP fast path handed to the stack arrives
 * here (a fragment, no neighbour yet toward the anchor, IPv4 without DF too
 * large for the tunnel, which the kernel has fragmented to the route's MTU
 * by now): encapsulated as XDP does, by the host's binding (its source
 * address), and sent toward its anchor.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "lib/parse.h"
#include "lib/tc_encap.h"
#include "access/maps.h"

SEC("tc")
int xmip_mag_tc(struct __sk_buff *skb)
{
	struct xmip_tunnel *t;
	struct cursor c;
	struct pkt p = {};
	int why;

	cursor_init(&c, (void *)(long)skb->data, (void *)(long)skb->data_end);
	if (parse_eth_ip(&c, &p) != PARSE_OK || tc_is_multicast(&p))
		return TC_ACT_OK;   /* the interface's own chatter: nowhere to go */
	t = p.family == ETH_P_IP ? bpf_map_lookup_elem(&xmip_bind4, &p.saddr.v4) : NULL;
	if (!t || t->format == XMIP_TUN_NONE)
		return tc_drop(XMIP_STAT_DROP_NO_TUNNEL);   /* host just detached */
	why = tc_encapsulate(skb, &p, t);
	if (why)
		return tc_drop(why);
	return tc_send_to_far_end(skb, t);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
