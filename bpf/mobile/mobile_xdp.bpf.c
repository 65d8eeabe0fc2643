// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Mobile node, XDP on the access links (and a pass-through on the tunnel
 * interface, which a veth needs to receive redirected frames). What the home
 * agent tunnels to the mobile node, in any RFC 5555 4.1 format, is
 * decapsulated here and redirected into the tunnel interface's peer, so the
 * kernel receives it on the tunnel interface, where the home addresses live.
 * Only the home agent may tunnel to us: its address, and its port for UDP.
 * A BA the home agent sends to the care-of address with a type 2 routing
 * header gets its home address back as destination and takes the same way.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/xdp_ingress.h"
#include "lib/decap.h"
#include "lib/mip6_hdr.h"

static __always_inline int from_home_agent(const struct xmip_dp_config *cfg,
					   const struct tunnel_rx *rx)
{
	int v6 = xmip_tunnel_outer_v6(rx->format);

	if (v6 ? !addr6_equal(&rx->outer_src, &cfg->ha_addr6) : rx->outer_src.v4 != cfg->ha_addr4.v4)
		return 0;
	/* For UDP, tunnel_parse() already required source port 4191. */
	return 1;
}

/* Hands the frame now in ctx to the kernel as received on the tunnel
 * interface, where the home addresses live. */
static __always_inline int to_tunnel_interface(struct xdp_md *ctx, const struct xmip_dp_config *cfg)
{
	struct ethhdr *eth = (void *)(long)ctx->data;

	/* Addressed to the tunnel interface, or its stack drops it. */
	if ((void *)(eth + 1) > (void *)(long)ctx->data_end)
		return XDP_ABORTED;
	__builtin_memcpy(eth->h_dest, cfg->tunnel_mac, ETH_ALEN);
	return bpf_redirect(cfg->peer_ifindex, 0);
}

/* RFC 6275 11.3.3 for what the kernel's mip6 would do: from the home agent
 * to a care-of address through a type 2 routing header. */
static __always_inline int signal_from_home_agent(struct xdp_md *ctx, const struct xmip_dp_config *cfg,
						  struct pkt *p)
{
	struct mip6_rh2 *rh;

	if (p->family != ETH_P_IPV6 || !addr6_equal(&p->saddr, &cfg->ha_addr6))
		return xdp_to_stack();
	rh = rh2_find(p, (void *)(long)ctx->data_end);
	if (!rh)
		return xdp_to_stack();
	__builtin_memcpy(&((struct ipv6hdr *)p->l3)->daddr, &rh->home, 16);
	if (xdp_remove_mip6_hdr(ctx, rh->nexthdr))
		return XDP_ABORTED;
	stat_inc(XMIP_STAT_RX_MH_RH2);
	return to_tunnel_interface(ctx, cfg);
}

SEC("xdp")
int xmip_mn_xdp(struct xdp_md *ctx)
{
	struct xmip_dp_config *cfg = dp_config();
	struct tunnel_rx rx = {};
	struct cursor c;
	struct pkt p = {};
	int verdict = xdp_ingress_start(ctx, &c, &p);

	if (verdict != XDP_INGRESS_CONTINUE && verdict != XDP_INGRESS_SIGNAL)
		return verdict;
	if (!cfg || !(cfg->flags & XMIP_DPF_ENABLED))
		return xdp_to_stack();
	if (verdict == XDP_INGRESS_SIGNAL)
		return signal_from_home_agent(ctx, cfg, &p);
	verdict = tunnel_parse(&c, &p, &rx, AT_MOBILE_NODE);
	if (verdict == 0)
		return xdp_to_stack();   /* not a tunnel: the access link's own traffic */
	if (verdict < 0) {
		stat_inc(XMIP_STAT_DROP_MALFORMED);
		return XDP_DROP;
	}
	if (!from_home_agent(cfg, &rx)) {
		stat_inc(XMIP_STAT_DROP_NOT_HOME_AGENT);
		return XDP_DROP;
	}
	if (decap_ecn(&rx, &p)) {
		stat_inc(XMIP_STAT_DROP_ECN);
		return XDP_DROP;
	}
	if (xdp_decap(ctx, rx.strip, rx.inner_v6))
		return XDP_ABORTED;
	stat_inc(XMIP_STAT_DECAP);
	stat_inc(XMIP_STAT_BINDING_HIT);
	return to_tunnel_interface(ctx, cfg);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
