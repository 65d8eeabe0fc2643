// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "kinds.h"
#include "anchor_tc.skel.h"
#include "anchor_xdp.skel.h"
#include "mobile_tc.skel.h"
#include "mobile_xdp.skel.h"
#include "access_tc.skel.h"
#include "access_xdp.skel.h"

#define MAP(id) (1u << (id))

static const struct dp_kind_desc kinds[XMIP_DP_KIND_MAX] = {
	[XMIP_DP_ANCHOR] = {
		.name = "anchor",
		.tc_elf = anchor_tc_bpf__elf_bytes,
		.xdp_elf = anchor_xdp_bpf__elf_bytes,
		/* The names the home agent's programs have always had:
		 * `bpftool net` and the upgrade's detach know them so. */
		.tc_prog = "xmip_ha_tc",
		.xdp_prog = "xmip_ha_xdp",
		.maps = MAP(XMIP_MAPID_CONFIG) | MAP(XMIP_MAPID_STATS) | MAP(XMIP_MAPID_BIND6) |
			MAP(XMIP_MAPID_BIND4) | MAP(XMIP_MAPID_PREFIX6) | MAP(XMIP_MAPID_PREFIX4) |
			MAP(XMIP_MAPID_SIG_SEEN) | MAP(XMIP_MAPID_KNOWN_HOME),
	},
	[XMIP_DP_MOBILE] = {
		.name = "mobile",
		.tc_elf = mobile_tc_bpf__elf_bytes,
		.xdp_elf = mobile_xdp_bpf__elf_bytes,
		.tc_prog = "xmip_mn_tc",
		.xdp_prog = "xmip_mn_xdp",
		.maps = MAP(XMIP_MAPID_CONFIG) | MAP(XMIP_MAPID_STATS) | MAP(XMIP_MAPID_MN_TUNNEL),
	},
	[XMIP_DP_ACCESS] = {
		.name = "access",
		.tc_elf = access_tc_bpf__elf_bytes,
		.xdp_elf = access_xdp_bpf__elf_bytes,
		.tc_prog = "xmip_mag_tc",
		.xdp_prog = "xmip_mag_xdp",
		.maps = MAP(XMIP_MAPID_CONFIG) | MAP(XMIP_MAPID_STATS) | MAP(XMIP_MAPID_BIND4) |
			MAP(XMIP_MAPID_ACCESS_HOST),
	},
};

const struct dp_kind_desc *dp_kind_desc(enum xmip_dp_kind kind)
{
	if ((unsigned)kind >= XMIP_DP_KIND_MAX || !kinds[kind].name)
		return NULL;
	return &kinds[kind];
}

int dp_kind_is_our_xdp(const char *name)
{
	int i;

	for (i = 0; name && i < XMIP_DP_KIND_MAX; i++)
		if (kinds[i].xdp_prog && strcmp(kinds[i].xdp_prog, name) == 0)
			return 1;
	return 0;
}

int dp_kind_open(const struct dp_kind_desc *k, int xdp, const char *pin_dir, uint32_t max_bindings,
		 struct bpf_object **obj)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .pin_root_path = pin_dir);
	size_t size = 0;
	const void *elf = xdp ? k->xdp_elf(&size) : k->tc_elf(&size);

	/* The skeleton's name: what libbpf calls the object in its lines. */
	oo.object_name = xdp ? k->xdp_prog : k->tc_prog;
	*obj = bpf_object__open_mem(elf, size, &oo);
	if (!*obj) {
		int ret = -errno;

		return ret ? ret : -EINVAL;
	}
	return xmip_dp_size_object(*obj, max_bindings);
}
