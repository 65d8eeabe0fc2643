// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Mobile node, TC egress on the tunnel interface that holds the home
 * addresses (seed 004): every packet sent from a home address leaves here.
 * Today: counts whether a tunnel to the home agent is set up.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "lib/parse.h"
#include "lib/stats.h"

SEC("tc")
int xmip_mn_tc(struct __sk_buff *skb)
{
	__u32 zero = 0;
	struct xmip_tunnel *tun = bpf_map_lookup_elem(&xmip_mn_tunnel, &zero);
	struct cursor c;
	struct pkt p = {};

	cursor_init(&c, (void *)(long)skb->data, (void *)(long)skb->data_end);
	/* The tunnel interface is a TUN device: packets start at the IP header. */
	if (parse_raw_ip(&c, &p) != PARSE_OK)
		return TC_ACT_OK;
	if (tun && tun->format != XMIP_TUN_NONE)
		stat_inc(XMIP_STAT_BINDING_HIT);
	else
		stat_inc(XMIP_STAT_BINDING_MISS);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
