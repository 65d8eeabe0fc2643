/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Between test cases: the data plane's maps emptied, without reloading (and
 * re-verifying) its programs, which costs seconds under emulation. */
#ifndef XMIP_DP_RESET_H
#define XMIP_DP_RESET_H

#include <bpf/bpf.h>
#include "xmip_loader.h"

static inline int dp_reset_maps(struct xmip_dp *dp)
{
	static const enum xmip_map_id maps[] = { XMIP_MAPID_BIND6, XMIP_MAPID_BIND4,
		XMIP_MAPID_PREFIX6, XMIP_MAPID_PREFIX4, XMIP_MAPID_SIG_SEEN, XMIP_MAPID_MN_TUNNEL,
		XMIP_MAPID_ACCESS_HOST };
	struct xmip_dp_config none = { 0 };
	unsigned char key[64];
	__u32 zero = 0;
	size_t i;

	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		int fd = xmip_dp_map_fd(dp, maps[i]);

		while (bpf_map_get_next_key(fd, NULL, key) == 0)
			if (bpf_map_delete_elem(fd, key))
				return -1;
	}
	return bpf_map_update_elem(xmip_dp_map_fd(dp, XMIP_MAPID_CONFIG), &zero, &none, BPF_ANY);
}

#endif
