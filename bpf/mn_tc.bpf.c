// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Mobile node, TC egress on the tunnel interface that holds the home
 * addresses (seed 004): every packet sent from a home address leaves here.
 * It is encapsulated toward the home agent with the current care-of address
 * and format (one map entry, replaced atomically on a move) and redirected
 * out of the access link that holds the care-of address (the entry's
 * ifindex, set by the agent), the next hop resolved by bpf_redirect_neigh.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "lib/parse.h"
#include "lib/maps.h"
#include "lib/tc_encap.h"

SEC("tc")
int xmip_mn_tc(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct xmip_tunnel *t = bpf_map_lookup_elem(&xmip_mn_tunnel, &zero);
	struct cursor c;
	struct pkt p = {};
	int drop;

	cursor_init(&c, (void *)(long)skb->data, (void *)(long)skb->data_end);
	if (parse_eth_ip(&c, &p) != PARSE_OK)
		return TC_ACT_OK;   /* not IP (nothing else leaves a NOARP tunnel) */
	if (!t || t->format == XMIP_TUN_NONE || !t->ifindex) {
		stat_inc(XMIP_STAT_DROP_NO_TUNNEL);
		return TC_ACT_SHOT;
	}
	drop = tc_encapsulate(skb, &p, t);
	if (drop) {
		stat_inc(drop);
		return TC_ACT_SHOT;
	}
	stat_inc(XMIP_STAT_ENCAP_XMIT);
	return bpf_redirect_neigh(t->ifindex, NULL, 0, 0);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
