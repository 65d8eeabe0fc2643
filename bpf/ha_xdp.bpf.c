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
#include "lib/xdp_ingress.h"
#include "lib/binding.h"

SEC("xdp")
int xmip_ha_xdp(struct xdp_md *ctx)
{
	struct cursor c;
	struct pkt p = {};
	int verdict = xdp_ingress_start(ctx, &c, &p);

	if (verdict != XDP_INGRESS_CONTINUE)
		return verdict;
	if (is_dsmip_udp(&c, &p)) {
		stat_inc(XMIP_STAT_RX_UDP_SIGNAL);
		return xdp_to_stack();
	}
	if (binding_lookup(p.family, &p.daddr))
		stat_inc(XMIP_STAT_BINDING_HIT);
	else
		stat_inc(XMIP_STAT_BINDING_MISS);
	return xdp_to_stack();
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
