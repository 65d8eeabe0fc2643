// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Mobile node, TC egress on the tunnel interface that holds the home
 * addresses (draft-laganier-mext-dsmipv6-ipsec): every packet sent from a home address leaves here.
 * It is encapsulated toward the home agent with the current care-of address
 * and format (one map entry, replaced atomically on a move) and redirected
 * out of the access link that holds the care-of address (the entry's
 * ifindex, set by the agent), the next hop resolved by bpf_redirect_neigh.
 *
 * The agent's Mobility Header messages to the home agent (in clear, or under
 * the ESP of RFC 5555 5, which the kernel applied before TC) take the
 * signalling path instead (a BU for a new care-of address goes there while
 * data stays on the old one until the BA: RFC 5555 5.1): in the path's
 * tunnel format, or, from an IPv6 care-of address, natively with the home
 * address option.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "lib/parse.h"
#include "mobile/maps.h"
#include "lib/tc_encap.h"
#include "lib/addr.h"
#include "lib/mip6_hdr.h"

static __always_inline int is_signal_to_home_agent(const struct pkt *p)
{
	const struct xmip_dp_config *cfg = dp_config();

	return cfg && p->family == ETH_P_IPV6 && is_signalling_proto(p->l4proto) &&
	       addr6_equal(&p->daddr, &cfg->ha_addr6);
}

/* The signalling path for the agent's messages to the home agent (the data
 * tunnel until the agent has set one), the data tunnel for the rest. */
static __always_inline struct xmip_tunnel *tunnel_for(int signal)
{
	__u32 key = XMIP_MN_TUNNEL_SIGNAL;
	struct xmip_tunnel *t;

	if (signal) {
		t = bpf_map_lookup_elem(&xmip_mn_tunnel, &key);
		if (t && t->format != XMIP_TUN_NONE)
			return t;
	}
	key = XMIP_MN_TUNNEL_DATA;
	return bpf_map_lookup_elem(&xmip_mn_tunnel, &key);
}

SEC("tc")
int xmip_mn_tc(struct __sk_buff *skb)
{
	struct xmip_tunnel *t;
	struct cursor c;
	struct pkt p = {};
	int drop, signal;

	cursor_init(&c, (void *)(long)skb->data, (void *)(long)skb->data_end);
	if (parse_eth_ip(&c, &p) != PARSE_OK)
		return TC_ACT_OK;   /* not IP (nothing else leaves a NOARP tunnel) */
	signal = is_signal_to_home_agent(&p);
	t = tunnel_for(signal);
	if (!t || t->format == XMIP_TUN_NONE || !t->ifindex) {
		stat_inc(XMIP_STAT_DROP_NO_TUNNEL);
		return TC_ACT_SHOT;
	}
	if (signal && t->format == XMIP_TUN_IP6)
		drop = tc_add_home_address_option(skb, &p, &t->local) ? XMIP_STAT_DROP_NO_ROOM : 0;
	else
		drop = tc_encapsulate(skb, &p, t);
	if (drop) {
		stat_inc(drop);
		return TC_ACT_SHOT;
	}
	stat_inc(signal ? XMIP_STAT_SIGNAL_XMIT : XMIP_STAT_ENCAP_XMIT);
	return bpf_redirect_neigh(t->ifindex, NULL, 0, 0);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
