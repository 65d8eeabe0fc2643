// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * XDP through libxdp. Each interface gets its own copy of the role's XDP
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
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include "dataplane_internal.h"
#include "libbpf_log.h"
#include "ha_xdp.skel.h"
#include "mn_xdp.skel.h"

/* Every XDP program name xmip has shipped: what detach looks for. */
static const char *const our_xdp_names[] = { "xmip_ha_xdp", "xmip_mn_xdp" };

struct xdp_attachment {
	int ifindex;
	struct ha_xdp_bpf *ha;
	struct mn_xdp_bpf *mn;
	struct xdp_program *prog;
};

int ifindex_of(const char *ifname, struct xmip_error *err)
{
	unsigned int ifindex = if_nametoindex(ifname);

	if (!ifindex)
		return xmip_err(err, -ENODEV, "interface '%s' not found", ifname);
	return (int)ifindex;
}

static int is_ours(const struct xdp_program *prog)
{
	const char *name = xdp_program__name(prog);
	size_t i;

	for (i = 0; i < sizeof(our_xdp_names) / sizeof(our_xdp_names[0]); i++)
		if (name && strcmp(name, our_xdp_names[i]) == 0)
			return 1;
	return 0;
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
	ha_xdp_bpf__destroy(a->ha);
	mn_xdp_bpf__destroy(a->mn);
	free(a);
}

void xdp_attachments_close(struct xmip_dp *dp)
{
	int i;

	for (i = 0; i < dp->n_xdp; i++)
		attachment_free(dp->xdp[i]);
	dp->n_xdp = 0;
}

static int open_xdp_object(struct xmip_dp *dp, struct xdp_attachment *a,
			   struct bpf_object **obj, const char **prog_name)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .pin_root_path = dp->pin_dir);

	if (dp->role == XMIP_DP_ROLE_HA) {
		a->ha = ha_xdp_bpf__open_opts(&oo);
		if (!a->ha)
			return -errno;
		*obj = a->ha->obj;
		*prog_name = "xmip_ha_xdp";
	} else {
		a->mn = mn_xdp_bpf__open_opts(&oo);
		if (!a->mn)
			return -errno;
		*obj = a->mn->obj;
		*prog_name = "xmip_mn_xdp";
	}
	return dp_size_maps(dp, *obj);
}

static int try_attach(struct xdp_attachment *a, enum xdp_attach_mode mode)
{
	int ret = xdp_program__attach(a->prog, a->ifindex, mode, 0);

	if (ret == -EEXIST || ret == -EBUSY) {
		/* A legacy (non-dispatcher) xmip program holds the slot. */
		if (detach_ours_except(a->ifindex, 0) == 0)
			ret = xdp_program__attach(a->prog, a->ifindex, mode, 0);
	}
	return ret;
}

static int fail(struct xmip_error *err, int code, const char *ifname, const char *what)
{
	const char *reason = libbpf_log_reason();
	const char *hint = xmip_errno_hint(code);

	return xmip_err(err, code, "attaching XDP to %s: %s: %s%s%s%s%s", ifname, what,
			strerror(-code), *reason ? "; libbpf: " : "", reason,
			hint ? "; " : "", hint ? hint : "");
}

int xmip_dp_attach_xdp(struct xmip_dp *dp, const char *ifname,
		       enum xmip_xdp_attached *mode_out, struct xmip_error *err)
{
	DECLARE_LIBXDP_OPTS(xdp_program_opts, xo);
	struct xdp_attachment *a;
	const char *prog_name;
	struct bpf_object *obj;
	int ret, ifindex;

	ifindex = ifindex_of(ifname, err);
	if (ifindex < 0)
		return ifindex;
	if (dp->n_xdp >= XMIP_MAX_XDP_IFACES)
		return xmip_err(err, -E2BIG, "too many XDP interfaces (at most %d)", XMIP_MAX_XDP_IFACES);
	a = calloc(1, sizeof(*a));
	if (!a)
		return xmip_err(err, -ENOMEM, "out of memory");
	a->ifindex = ifindex;
	libbpf_log_reset();
	ret = open_xdp_object(dp, a, &obj, &prog_name);
	if (ret) {
		fail(err, ret, ifname, "opening the object");
		goto out_free;
	}
	xo.obj = obj;
	xo.prog_name = prog_name;
	a->prog = xdp_program__create(&xo);
	ret = (int)libxdp_get_error(a->prog);
	if (ret) {
		a->prog = NULL;
		fail(err, ret, ifname, "loading the program");
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
			fail(err, ret, ifname, "native mode required by the configuration (xdp_mode = \"native\")");
			goto out_free;
		}
	}
	if (ret) {
		fail(err, ret, ifname, "attach");
		goto out_free;
	}
	/* The new program runs; now the one from an earlier agent may go. */
	ret = detach_ours_except(ifindex, xdp_program__id(a->prog));
	if (ret)
		loader_log(LOG_WARNING, "%s: could not detach the previous xmip XDP program: %s",
			   ifname, strerror(-ret));
	dp->xdp[dp->n_xdp++] = a;
	return 0;

out_free:
	attachment_free(a);
	return ret;
}
