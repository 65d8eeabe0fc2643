// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* A pass-only XDP program for the lab's routers: a veth delivers frames that
 * its peer sends with XDP_TX or XDP_REDIRECT only when it runs XDP itself. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
