/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The loader's private view of an instance. */
#ifndef XMIP_DATAPLANE_INTERNAL_H
#define XMIP_DATAPLANE_INTERNAL_H

#include <stdbool.h>
#include "xmip_loader.h"
#include "kinds.h"

struct bpf_object;
struct bpf_program;
struct xdp_attachment;

#define XMIP_MAX_XDP_IFACES 16

struct xmip_dp {
	char instance[65];
	char pin_dir[128];
	const struct dp_kind_desc *kind;
	enum xmip_xdp_mode xdp_mode;
	uint32_t max_bindings;
	bool maps_reused;
	struct bpf_object *tc_obj;       /* owns the maps the agent uses */
	struct bpf_program *tc_prog;
	int map_fd[XMIP_MAPID_COUNT];    /* -1: the kind has no such map */
	struct xdp_attachment *xdp[XMIP_MAX_XDP_IFACES];
	int n_xdp;
};

/* xdp_attach.c */
void xdp_attachments_close(struct xmip_dp *dp);
/* Frees the user-space side of ifindex's XDP attachment, if any. */
void xdp_attachment_forget(struct xmip_dp *dp, int ifindex);
int xdp_detach_ours(const char *ifname, struct xmip_error *err);
int ifindex_of(const char *ifname, struct xmip_error *err);
/* tc_attach.c */
int tc_detach_ours(const char *ifname, struct xmip_error *err);

#endif
