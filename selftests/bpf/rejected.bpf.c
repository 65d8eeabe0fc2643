// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* A program the verifier must reject: it reads packet memory without a bounds
 * check. Used to test that the loader turns the verifier log into one line. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xmip_rejected(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;

	return data[0] == 0x45 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
