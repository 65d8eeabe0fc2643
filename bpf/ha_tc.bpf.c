// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Home agent, TC egress: the path for what XDP could not finish and for
 * packets the host sends itself (its own BAs, fragments, packets waiting for a
 * neighbour entry). Today it classifies and counts, and lets them go.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "lib/parse.h"
#include "lib/stats.h"
#include "lib/binding.h"

SEC("tc")
int xmip_ha_tc(struct __sk_buff *skb)
{
	struct cursor c;
	struct pkt p = {};

	cursor_init(&c, (void *)(long)skb->data, (void *)(long)skb->data_end);
	if (parse_eth_ip(&c, &p) != PARSE_OK)
		return TC_ACT_OK;   /* egress: never drop what the host sends */
	if (p.l4proto == XMIP_IPPROTO_MH)
		return TC_ACT_OK;
	if (binding_lookup(p.family, &p.daddr))
		stat_inc(XMIP_STAT_EGRESS_BINDING_HIT);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
