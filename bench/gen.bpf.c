// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The throughput benchmark's traffic generator and counter.
 *
 * xmip_bench_gen runs under BPF_PROG_TEST_RUN with live frames
 * (BPF_F_TEST_XDP_LIVE_FRAMES): every run sends the frame it was given out
 * of the interface in slot 0 of xmip_gen_port, as xdp-trafficgen does.
 * The kernel fills a live frame's page once and then recycles it; on veth
 * the page itself travels on, and whoever forwards it rewrites its headers
 * in place (Ethernet addresses, hop limit, an encapsulation's outer headers
 * over the old Ethernet header). So each run first writes the frame's first
 * GEN_HEAD bytes again from xmip_gen_head; without that only the first
 * batch of each run would be the packet asked for.
 * xmip_bench_sink sits on the receiving end: it counts and drops (all but
 * the link's own control traffic).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} xmip_gen_port SEC(".maps");

#define GEN_HEAD 64

struct gen_head {
	__u8 bytes[GEN_HEAD];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct gen_head);
} xmip_gen_head SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} xmip_sink_count SEC(".maps");

SEC("xdp")
int xmip_bench_gen(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 zero = 0;
	struct gen_head *head = bpf_map_lookup_elem(&xmip_gen_head, &zero);

	if (!head || data + GEN_HEAD > end)
		return XDP_ABORTED;
	__builtin_memcpy(data, head->bytes, GEN_HEAD);
	return bpf_redirect_map(&xmip_gen_port, 0, 0);
}

/* The link's own control traffic (ARP, ICMPv6: neighbour discovery, MLD
 * behind a hop-by-hop header) is neither counted nor dropped: only what the
 * forwarder under test sent counts. */
static __always_inline int is_link_control(void *data, void *end)
{
	__u8 *p = data;

	if (data + 14 > end)
		return 0;
	if (p[12] == 0x08 && p[13] == 0x06)
		return 1;                                 /* ARP */
	if (p[12] != 0x86 || p[13] != 0xdd || data + 14 + 40 > end)
		return 0;
	return p[14 + 6] == 58 || p[14 + 6] == 0;         /* ICMPv6, hop-by-hop */
}

SEC("xdp")
int xmip_bench_sink(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 zero = 0;
	__u64 *n;

	if (is_link_control(data, end))
		return XDP_PASS;
	n = bpf_map_lookup_elem(&xmip_sink_count, &zero);
	if (n)
		*n += 1;
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
