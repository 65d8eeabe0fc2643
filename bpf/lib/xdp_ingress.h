/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The steps every xmip XDP program starts with: count the packet, parse it,
 * drop what claims to be IP but is cut or malformed, hand non-IP traffic to
 * the stack untouched and tell Mobility Header signalling apart: in clear,
 * or under ESP (RFC 5555 5) with the home address option or type 2 routing
 * header the signalling path puts in front of it (data under ESP has
 * neither: it is tunnelled).
 */
#ifndef XMIP_BPF_XDP_INGRESS_H
#define XMIP_BPF_XDP_INGRESS_H

#include <linux/bpf.h>
#include "parse.h"
#include "stats.h"
#include "mip6_hdr.h"

/* Returned by xdp_ingress_start() when the program should go on: with a
 * data packet, or with Mobility Header signalling (which the role's program
 * may prepare for the stack, then must hand to it). */
#define XDP_INGRESS_CONTINUE (-1)
#define XDP_INGRESS_SIGNAL (-2)

static __always_inline int xdp_to_stack(void)
{
	stat_inc(XMIP_STAT_TO_STACK);
	return XDP_PASS;
}

/* Fills p and leaves c on the upper-layer header, or returns the verdict. */
static __always_inline int xdp_ingress_start(struct xdp_md *ctx, struct cursor *c, struct pkt *p)
{
	int ret;

	stat_inc(XMIP_STAT_RX_PACKETS);
	cursor_init(c, (void *)(long)ctx->data, (void *)(long)ctx->data_end);
	ret = parse_eth_ip(c, p);
	if (ret == PARSE_MALFORMED) {
		stat_inc(XMIP_STAT_DROP_MALFORMED);
		return XDP_DROP;
	}
	if (ret != PARSE_OK)
		return xdp_to_stack();
	/* Signalling always reaches the agent's socket. */
	if (p->l4proto == XMIP_IPPROTO_MH) {
		stat_inc(XMIP_STAT_RX_MH);
		return XDP_INGRESS_SIGNAL;
	}
	if (p->l4proto == XMIP_IPPROTO_ESP && p->family == ETH_P_IPV6 &&
	    (hao_find(p, c->end) || rh2_find(p, c->end))) {
		stat_inc(XMIP_STAT_RX_ESP_SIGNAL);
		return XDP_INGRESS_SIGNAL;
	}
	return XDP_INGRESS_CONTINUE;
}

#endif /* XMIP_BPF_XDP_INGRESS_H */
