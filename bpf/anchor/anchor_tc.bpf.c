// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Home agent, TC egress on its tunnel interface. The agent routes every
 * registered home address and prefix into that interface, so whatever the
 * kernel sends toward a mobile node arrives here: what the XDP fast path
 * handed to the stack (no neighbour entry yet toward the care-of address,
 * fragments, IPv4 without DF larger than the tunnel, which the kernel has
 * fragmented to the route's MTU by now) and packets the host itself sends
 * (its own BAs to a home address). Each is encapsulated exactly as XDP does
 * and redirected toward the care-of address, the kernel resolving the next
 * hop (bpf_redirect_neigh), so the first packet of a flow is not lost.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "lib/parse.h"
#include "anchor/binding.h"
#include "lib/fib.h"
#include "lib/tc_encap.h"
#include "lib/addr.h"
#include "lib/mip6_hdr.h"

static __always_inline int is_signal_from_home_agent(const struct pkt *p)
{
	struct xmip_dp_config *cfg = dp_config();

	return p->family == ETH_P_IPV6 && is_signalling_proto(p->l4proto) && cfg &&
	       addr6_equal(&p->saddr, &cfg->ha_addr6);
}

/*
 * Where the packet goes: a BA along the way recorded for its home address
 * (*signal set, the way copied to *way), everything else (and signalling
 * without a record) along the binding. One encapsulation site below serves
 * both, so the verifier sees one path through the packet-changing helpers.
 *
 * The BA is the record's last use: it is removed here, so that the LRU map
 * holds the BUs in flight only, not one record per node (a burst of
 * registrations beyond its size would evict records of BUs not yet
 * answered). Copied first: a removed element's memory is reused at once.
 */
static __always_inline struct xmip_tunnel *tunnel_for(const struct pkt *p, int *signal,
							struct xmip_tunnel *way)
{
	struct xmip_sig_seen *seen;

	*signal = 0;
	if (is_signal_from_home_agent(p)) {
		seen = bpf_map_lookup_elem(&xmip_sig_seen, &p->daddr);
		if (seen) {
			*signal = 1;
			*way = seen->back;
			bpf_map_delete_elem(&xmip_sig_seen, &p->daddr);
			return way;
		}
	}
	return binding_lookup(p->family, &p->daddr);
}

SEC("tc")
int xmip_ha_tc(struct __sk_buff *skb)
{
	struct xmip_tunnel *t, way;
	struct cursor c;
	struct pkt p = {};
	int why, signal;

	cursor_init(&c, (void *)(long)skb->data, (void *)(long)skb->data_end);
	if (parse_eth_ip(&c, &p) != PARSE_OK || tc_is_multicast(&p))
		return TC_ACT_OK;   /* the interface's own chatter: nowhere to go */
	t = tunnel_for(&p, &signal, &way);
	if (!t || t->format == XMIP_TUN_NONE)
		return tc_drop(XMIP_STAT_DROP_NO_TUNNEL);   /* binding just removed */
	if (signal) {
		/* Counted here, so that nothing below depends on it: the
		 * verifier then prunes the two ways' states as one. */
		stat_inc(XMIP_STAT_SIGNAL_XMIT);
		/* The agent's mark routed it here; bpf_redirect_neigh would
		 * route the outer packet by it too, into this interface. */
		skb->mark = 0;
		if (t->format == XMIP_TUN_IP6) {
			if (tc_add_type2_routing_header(skb, &p, &t->remote))
				return tc_drop(XMIP_STAT_DROP_NO_ROOM);
			return tc_send_to_far_end(skb, t);
		}
	}
	why = tc_encapsulate(skb, &p, t);
	if (why)
		return tc_drop(why);
	return tc_send_to_far_end(skb, t);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
