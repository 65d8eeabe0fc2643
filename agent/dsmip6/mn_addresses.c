// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <net/if.h>
#include "mh/mh_socket.h"
#include "dsmip6/mn_addresses.h"
#include "net/policy_route.h"
#include "net/tunif.h"

int mn_addresses_prepare(const struct mn_config *mn, struct xmip_error *err)
{
	int ifindex = (int)if_nametoindex(mn->tunnel_interface);

	if (!ifindex)
		return xmip_err(err, -ENODEV, "tunnel interface %s is missing", mn->tunnel_interface);
	if (policy_default_route(AF_INET6, XMIP_RT_TABLE, ifindex, err))
		return -1;
	return policy_default_route(AF_INET, XMIP_RT_TABLE, ifindex, err);
}

int mn_address_in_tunnel(const struct mn_config *mn, int family, const void *addr, bool on,
			 struct xmip_error *err)
{
	uint8_t len = family == AF_INET ? 32 : 128;

	if (!on) {
		policy_rule_delete(family, 0, addr, len, XMIP_RT_TABLE);
		return tunif_del_address(mn->tunnel_interface, family, addr, len, err);
	}
	if (tunif_add_address(mn->tunnel_interface, family, addr, len, err) ||
	    policy_rule(family, 0, addr, len, XMIP_RT_TABLE, err))
		return -1;
	/* The kernel drops an interface's IPv4 routes with its last IPv4
	 * address (the home address went to the home link, or a dynamic one
	 * was replaced): the tunnel's default comes back with the address. */
	return family == AF_INET ? policy_default_route(AF_INET, XMIP_RT_TABLE,
							(int)if_nametoindex(mn->tunnel_interface), err)
				 : 0;
}

int mn_addresses_away(const struct mn_config *mn, const char *home_ifname,
		      const struct in_addr *hoa4, struct xmip_error *err)
{
	/* Off the home link first: two interfaces claiming one address
	 * would answer neighbour solicitations for it on the home link. */
	if (home_ifname && (tunif_del_address(home_ifname, AF_INET6, &mn->home_address6, 128, err) ||
			    (hoa4 && tunif_del_address(home_ifname, AF_INET, hoa4, 32, err))))
		return -1;
	return mn_address_in_tunnel(mn, AF_INET6, &mn->home_address6, true, err) ||
	       (hoa4 && mn_address_in_tunnel(mn, AF_INET, hoa4, true, err)) ? -1 : 0;
}

int mn_addresses_home(const struct mn_config *mn, const char *home_ifname,
		      const struct in_addr *hoa4, struct xmip_error *err)
{
	return mn_address_in_tunnel(mn, AF_INET6, &mn->home_address6, false, err) ||
	       tunif_add_address(home_ifname, AF_INET6, &mn->home_address6, 128, err) ||
	       (hoa4 && (mn_address_in_tunnel(mn, AF_INET, hoa4, false, err) ||
			 tunif_add_address(home_ifname, AF_INET, hoa4, 32, err))) ? -1 : 0;
}

int mn_prefix_in_tunnel(int family, const void *prefix, uint8_t len, bool on, struct xmip_error *err)
{
	if (!on) {
		policy_rule_delete(family, 0, prefix, len, XMIP_RT_TABLE);
		return 0;
	}
	return policy_rule(family, 0, prefix, len, XMIP_RT_TABLE, err);
}

int mn_prefixes_route(const struct mn_config *mn, bool on, struct xmip_error *err)
{
	int i;

	for (i = 0; i < mn->n_mnp6; i++)
		if (mn_prefix_in_tunnel(AF_INET6, &mn->mnp6[i].addr, mn->mnp6[i].len, on, err))
			return -1;
	return 0;
}
