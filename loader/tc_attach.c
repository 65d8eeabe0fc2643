// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * TC programs on clsact egress. libbpf 1.1 has no tcx links, so this uses the
 * netlink filter API (bpf_tc_*): a fixed handle and priority identify xmip's
 * filter, and BPF_TC_F_REPLACE swaps the program in place on restart.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "dataplane_internal.h"
#include "libbpf_log.h"

/* "xm" in ASCII: unlikely to collide with another tool's filter. */
#define XMIP_TC_HANDLE 0x786d
#define XMIP_TC_PRIORITY 0x786d

int xmip_dp_attach_tc(struct xmip_dp *dp, const char *ifname, struct xmip_error *err)
{
	int ifindex = ifindex_of(ifname, err);
	LIBBPF_OPTS(bpf_tc_hook, hook, .attach_point = BPF_TC_EGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = XMIP_TC_HANDLE,
		    .priority = XMIP_TC_PRIORITY, .flags = BPF_TC_F_REPLACE);
	int ret;

	if (ifindex < 0)
		return ifindex;
	hook.ifindex = ifindex;
	libbpf_log_reset();
	ret = bpf_tc_hook_create(&hook);
	if (ret && ret != -EEXIST)
		return loader_error(err, ret, "creating clsact on %s", ifname);
	opts.prog_fd = bpf_program__fd(dp->tc_prog);
	ret = bpf_tc_attach(&hook, &opts);
	if (ret)
		return loader_error(err, ret, "attaching TC egress program to %s", ifname);
	return 0;
}

int tc_detach_ours(const char *ifname, struct xmip_error *err)
{
	int ifindex = ifindex_of(ifname, err);
	LIBBPF_OPTS(bpf_tc_hook, hook, .attach_point = BPF_TC_EGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = XMIP_TC_HANDLE, .priority = XMIP_TC_PRIORITY);
	int ret;

	if (ifindex < 0)
		return ifindex;
	hook.ifindex = ifindex;
	ret = bpf_tc_detach(&hook, &opts);
	/* ENOENT: not attached, or no clsact at all: both mean done. */
	if (ret && ret != -ENOENT && ret != -EINVAL)
		return xmip_err(err, ret, "detaching TC from %s: %s", ifname, strerror(-ret));
	return 0;
}
