// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Home agent, XDP on every interface of the home agent (home link and uplink).
 *
 * Today: classifies each packet (signalling to the agent, traffic for a
 * registered mobile node, anything else), counts it, and hands it to the
 * stack. The tunnel formats of RFC 5555 4.1 plug in where a binding matches.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "lib/parse.h"
#include "lib/stats.h"
#include "lib/binding.h"

SEC("xdp")
int xmip_ha_xdp(struct xdp_md *ctx)
{
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

	/* Signalling always reaches the agent's socket untouched. */
	if (p.l4proto == XMIP_IPPROTO_MH) {
		stat_inc(XMIP_STAT_RX_MH);
		goto to_stack;
	}
	if (is_dsmip_udp(&c, &p)) {
		stat_inc(XMIP_STAT_RX_UDP_SIGNAL);
		goto to_stack;
	}

	if (binding_lookup(p.family, &p.daddr))
		stat_inc(XMIP_STAT_BINDING_HIT);
	else
		stat_inc(XMIP_STAT_BINDING_MISS);

to_stack:
	stat_inc(XMIP_STAT_TO_STACK);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
