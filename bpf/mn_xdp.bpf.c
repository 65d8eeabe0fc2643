// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Mobile node, XDP on the physical (access) interfaces: what the home agent
 * sends through the tunnel arrives here. Today: classifies and counts packets
 * from the home agent, passes everything to the stack.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/xdp_ingress.h"
#include "lib/addr.h"

static __always_inline int from_home_agent(const struct xmip_dp_config *cfg,
					   const struct pkt *p)
{
	if (p->family == ETH_P_IPV6)
		return addr6_equal(&p->saddr, &cfg->ha_addr6);
	return p->saddr.v4 == cfg->ha_addr4.v4;
}

SEC("xdp")
int xmip_mn_xdp(struct xdp_md *ctx)
{
	struct xmip_dp_config *cfg = dp_config();
	struct cursor c;
	struct pkt p = {};
	int verdict = xdp_ingress_start(ctx, &c, &p);

	if (verdict != XDP_INGRESS_CONTINUE)
		return verdict;
	if (cfg && (cfg->flags & XMIP_DPF_ENABLED) && from_home_agent(cfg, &p))
		stat_inc(XMIP_STAT_BINDING_HIT);
	return xdp_to_stack();
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
