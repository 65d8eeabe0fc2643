// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * XDP through libxdp. Each interface gets its own copy of the kind's XDP
 * object (libxdp loads it as an extension of its dispatcher); the copies share
 * the pinned maps. A new program is attached before the old xmip program on
 * that interface is detached, so a restart or an upgrade leaves no gap.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <xdp/libxdp.h>
#include "dataplane_internal.h"
#include "kinds.h"
#include "libbpf_log.h"

struct xdp_attachment {
	int ifindex;
	char ifname[IF_NAMESIZE];
	struct bpf_object *obj;
	const char *prog_name;
	struct xdp_program *prog;
};

int ifindex_of(const char *ifname, struct xmip_error *err)
{
	unsigned int ifindex = if_nametoindex(ifname);

	if (!ifindex)
		return xmip_err(err, -ENODEV, "interface '%s' not found", ifname);
	return (int)ifindex;
}

/* An XDP program of any kind's (what detach looks for). */
static int is_ours(const struct xdp_program *prog)
{
	return dp_kind_is_our_xdp(xdp_program__name(prog));
}

/* Detach every xmip program from ifindex except keep_id (0: keep none). */
static int detach_ours_except(int ifindex, __u32 keep_id)
{
	struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex(ifindex);
	struct xdp_program *p;
	enum xdp_attach_mode mode;
	int ret = 0;

	if (libxdp_get_error(mp))
		return 0;   /* nothing attached */
	mode = xdp_multiprog__attach_mode(mp);
	if (xdp_multiprog__is_legacy(mp)) {
		p = xdp_multiprog__main_prog(mp);
		if (p && is_ours(p) && xdp_program__id(p) != keep_id)
			ret = xdp_multiprog__detach(mp);
		xdp_multiprog__close(mp);
		return ret;
	}
	for (p = xdp_multiprog__next_prog(NULL, mp); p; p = xdp_multiprog__next_prog(p, mp)) {
		if (!is_ours(p) || xdp_program__id(p) == keep_id)
			continue;
		ret = xdp_program__detach(p, ifindex, mode, 0);
		if (ret)
			break;
	}
	xdp_multiprog__close(mp);
	return ret;
}

int xdp_detach_ours(const char *ifname, struct xmip_error *err)
{
	int ifindex = ifindex_of(ifname, err);
	int ret;

	if (ifindex < 0)
		return ifindex;
	ret = detach_ours_except(ifindex, 0);
	if (ret)
		return xmip_err(err, ret, "detaching XDP from %s: %s", ifname, strerror(-ret));
	return 0;
}

static void attachment_free(struct xdp_attachment *a)
{
	if (!a)
		return;
	xdp_program__close(a->prog);
	bpf_object__close(a->obj);
	free(a);
}

/* The index of ifindex's attachment, or of a free slot; -1 when full. */
static int attachment_slot(const struct xmip_dp *dp, int ifindex)
{
	int i;

	for (i = 0; i < dp->n_xdp; i++)
		if (dp->xdp[i]->ifindex == ifindex)
			return i;
	return dp->n_xdp < XMIP_MAX_XDP_IFACES ? dp->n_xdp : -1;
}

void xdp_attachment_forget(struct xmip_dp *dp, int ifindex)
{
	int i = attachment_slot(dp, ifindex);

	if (i < 0 || i >= dp->n_xdp)
		return;
	attachment_free(dp->xdp[i]);
	dp->xdp[i] = dp->xdp[--dp->n_xdp];
}

void xdp_attachments_close(struct xmip_dp *dp)
{
	int i;

	for (i = 0; i < dp->n_xdp; i++)
		attachment_free(dp->xdp[i]);
	dp->n_xdp = 0;
}


/* libxdp refuses before loading anything when a legacy program holds the
 * interface, so load the object as a plain XDP program here. */
static int legacy_prog_fd(struct xdp_attachment *a)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(a->obj, a->prog_name);
	int ret;

	if (!prog)
		return -ENOENT;
	if (bpf_program__fd(prog) >= 0)
		return bpf_program__fd(prog);
	bpf_program__set_type(prog, BPF_PROG_TYPE_XDP);
	bpf_program__set_expected_attach_type(prog, BPF_XDP);
	ret = bpf_object__load(a->obj);
	return ret ? ret : bpf_program__fd(prog);
}

/*
 * Where libxdp cannot use its dispatcher (it falls back to one program per
 * interface, e.g. when the kernel refuses its compatibility check), the old
 * xmip program holds the only slot: swap it atomically with XDP_FLAGS_REPLACE
 * so that no packet passes unprocessed. Someone else's program is left alone.
 */
static int replace_legacy(struct xdp_attachment *a, enum xdp_attach_mode mode)
{
	struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex(a->ifindex);
	LIBBPF_OPTS(bpf_xdp_attach_opts, opts);
	struct xdp_program *old;
	__u32 flags = XDP_FLAGS_REPLACE |
		      (mode == XDP_MODE_SKB ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE);
	int ret = -EEXIST;

	if (libxdp_get_error(mp))
		return -EEXIST;
	old = xdp_multiprog__main_prog(mp);
	if (xdp_multiprog__is_legacy(mp) && old && is_ours(old) &&
	    xdp_multiprog__attach_mode(mp) == mode) {
		int new_fd = legacy_prog_fd(a);

		opts.old_prog_fd = xdp_program__fd(old);
		ret = new_fd < 0 ? new_fd : bpf_xdp_attach(a->ifindex, new_fd, flags, &opts);
	}
	xdp_multiprog__close(mp);
	return ret;
}

static __u32 attached_id(struct xdp_attachment *a)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(a->obj, a->prog_name);
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);

	if (xdp_program__id(a->prog))
		return xdp_program__id(a->prog);
	/* Loaded by legacy_prog_fd(), not by libxdp. */
	if (prog && bpf_program__fd(prog) >= 0 &&
	    bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) == 0)
		return info.id;
	return 0;
}

static int try_attach(struct xdp_attachment *a, enum xdp_attach_mode mode)
{
	int ret = xdp_program__attach(a->prog, a->ifindex, mode, 0);

	if (ret != -EEXIST && ret != -EBUSY)
		return ret;
	ret = replace_legacy(a, mode);
	if (ret == 0) {
		loader_log(LOG_INFO, "%s: replaced the previous xmip XDP program in place",
			   a->ifname);
		return 0;
	}
	/* Last resort (an old xmip program in another mode): detach it, then
	 * attach; packets pass unprocessed for that instant. */
	if (detach_ours_except(a->ifindex, 0) == 0) {
		loader_log(LOG_WARNING, "%s: previous xmip XDP program detached before "
			   "attaching the new one (mode changed)", a->ifname);
		ret = xdp_program__attach(a->prog, a->ifindex, mode, 0);
	}
	return ret;
}

int xmip_dp_attach_xdp(struct xmip_dp *dp, const char *ifname,
		       enum xmip_xdp_attached *mode_out, struct xmip_error *err)
{
	DECLARE_LIBXDP_OPTS(xdp_program_opts, xo);
	struct xdp_attachment *a;
	int ret, ifindex, slot;

	ifindex = ifindex_of(ifname, err);
	if (ifindex < 0)
		return ifindex;
	slot = attachment_slot(dp, ifindex);
	if (slot < 0)
		return xmip_err(err, -E2BIG, "too many XDP interfaces (at most %d)", XMIP_MAX_XDP_IFACES);
	a = calloc(1, sizeof(*a));
	if (!a)
		return xmip_err(err, -ENOMEM, "out of memory");
	a->ifindex = ifindex;
	snprintf(a->ifname, sizeof(a->ifname), "%s", ifname);
	libbpf_log_reset();
	ret = dp_kind_open(dp->kind, 1, dp->pin_dir, dp->max_bindings, &a->obj);
	if (ret) {
		loader_error(err, ret, "attaching XDP to %s: opening the object", ifname);
		goto out_free;
	}
	a->prog_name = dp->kind->xdp_prog;
	xo.obj = a->obj;
	xo.prog_name = a->prog_name;
	a->prog = xdp_program__create(&xo);
	ret = (int)libxdp_get_error(a->prog);
	if (ret) {
		a->prog = NULL;
		loader_error(err, ret, "attaching XDP to %s: loading the program", ifname);
		goto out_free;
	}

	if (dp->xdp_mode == XMIP_XDP_GENERIC) {
		ret = try_attach(a, XDP_MODE_SKB);
		if (mode_out)
			*mode_out = XMIP_XDP_ATTACHED_GENERIC;
	} else {
		ret = try_attach(a, XDP_MODE_NATIVE);
		if (mode_out)
			*mode_out = XMIP_XDP_ATTACHED_NATIVE;
		if (ret && dp->xdp_mode == XMIP_XDP_AUTO && ret != -EPERM && ret != -ENODEV) {
			loader_log(LOG_WARNING,
				   "%s: native XDP not available (%s), falling back to generic XDP (slower)",
				   ifname, strerror(-ret));
			libbpf_log_reset();
			ret = try_attach(a, XDP_MODE_SKB);
			if (mode_out)
				*mode_out = XMIP_XDP_ATTACHED_GENERIC;
		} else if (ret && dp->xdp_mode == XMIP_XDP_NATIVE) {
			loader_error(err, ret, "attaching XDP to %s: native mode required by the "
				     "configuration (xdp_mode = \"native\")", ifname);
			goto out_free;
		}
	}
	if (ret) {
		loader_error(err, ret, "attaching XDP to %s", ifname);
		goto out_free;
	}
	/* The new program runs; now the one from an earlier agent may go. */
	ret = detach_ours_except(ifindex, attached_id(a));
	if (ret)
		loader_log(LOG_WARNING, "%s: could not detach the previous xmip XDP program: %s",
			   ifname, strerror(-ret));
	/* One attachment per interface: a new one supersedes the old. */
	if (slot < dp->n_xdp)
		attachment_free(dp->xdp[slot]);
	else
		dp->n_xdp++;
	dp->xdp[slot] = a;
	return 0;

out_free:
	attachment_free(a);
	return ret;
}
