// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <string.h>
#include <net/if.h>
#include "core/log.h"
#include "dsmip6/mn_tunnel.h"
#include "net/path_mtu.h"
#include "net/tunif.h"

int mn_tunnel_apply(struct xmip_dp *dp, const struct xmip_tunnel *t, struct xmip_error *err)
{
	struct xmip_dp_config dc;
	char name[IF_NAMESIZE];
	int mtu, ret = xmip_dp_settings_read(dp, &dc, err);

	if (ret)
		return ret;
	if (!if_indextoname(dc.tunnel_ifindex, name))
		return xmip_err(err, -ENODEV, "tunnel interface %u: %s", dc.tunnel_ifindex, strerror(errno));
	mtu = tunnel_mtu(t, err);
	if (mtu < 0)
		return mtu;
	/* Applications see the smaller MTU before anything larger could be
	 * encapsulated for the new path. */
	ret = tunif_set_mtu(name, (unsigned int)mtu, err);
	if (!ret)
		ret = tunif_set_segmentation(name, t->format != XMIP_TUN_UDP6, err);
	if (ret)
		return ret;
	log_debug("%s: MTU %d for tunnel format %u", name, mtu, t->format);
	return xmip_mn_tunnel_update(dp, t, err);
}
