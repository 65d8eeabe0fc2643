// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Mobile node, XDP on the physical (access) interfaces: what the home agent
 * sends through the tunnel arrives here. Today: classifies and counts packets
 * from the home agent, passes everything to the stack.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/parse.h"
#include "lib/stats.h"
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
	int ret;

	stat_inc(XMIP_STAT_RX_PACKETS);
	cursor_init(&c, (void *)(long)ctx->data, (void *)(long)ctx->data_end);
	ret = parse_eth_ip(&c, &p);
	if (ret == PARSE_MALFORMED) {
		stat_inc(XMIP_STAT_DROP_MALFORMED);
		return XDP_DROP;
	}
	if (ret != PARSE_OK)
		goto to_stack;
	if (p.l4proto == XMIP_IPPROTO_MH) {
		stat_inc(XMIP_STAT_RX_MH);
		goto to_stack;
	}
	if (!cfg || !(cfg->flags & XMIP_DPF_ENABLED))
		goto to_stack;
	if (from_home_agent(cfg, &p))
		stat_inc(XMIP_STAT_BINDING_HIT);

to_stack:
	stat_inc(XMIP_STAT_TO_STACK);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
