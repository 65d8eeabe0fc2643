// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Which care-of address the mobile node uses (RFC 5555 4.4.1), and the
 * way its BU takes from there. */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000   /* linux/if.h: carrier; net/if.h lacks it */
#endif
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "dsmip6/mn_state.h"

static bool configured_interface(const struct mn_config *mn, const char *name)
{
	int i;

	for (i = 0; i < mn->n_interfaces; i++)
		if (!strcmp(mn->interfaces[i], name))
			return true;
	return false;
}

/* A care-of address is usable once its link routes to the home agent: a BU
 * sent before the access router's route is there would be lost, and the
 * next try is a second away. */
static bool routes_to_home_agent(const struct home_agent_address *ha, int family, const char *ifname)
{
	struct sockaddr_in6 sa6 = { .sin6_family = AF_INET6, .sin6_port = htons(XMIP_PORT_DSMIP),
				    .sin6_addr = ha->addr6 };
	struct sockaddr_in sa4 = { .sin_family = AF_INET, .sin_port = htons(XMIP_PORT_DSMIP),
				   .sin_addr = ha->addr4 };
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool ok;

	if (fd < 0)
		return true;   /* cannot tell: let the BU try */
	ok = !setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)) &&
	     !(family == AF_INET6 ? connect(fd, (struct sockaddr *)&sa6, sizeof(sa6))
				  : connect(fd, (struct sockaddr *)&sa4, sizeof(sa4)));
	close(fd);
	return ok;
}

/* Up, with carrier (IFF_LOWER_UP): set the moment the link has it. Not
 * IFF_RUNNING, the operational state, which the kernel's link watcher sets
 * later, up to a second after a link came up (measured by bench/handover.sh:
 * a move to an IPv4 network waited that second). */
static bool link_has_carrier(unsigned int flags)
{
	return (flags & IFF_UP) && (flags & IFF_LOWER_UP);
}

/*
 * RFC 5555 4.4.1: an IPv6 care-of address when a configured access link
 * that is up has a global one (unless IPv6 went unanswered before), else
 * an IPv4 one; only links with a route to the home agent count. An
 * address inside the home prefix means the node is at home (RFC 6275
 * 11.5.4), which wins over both. Link-local and the home address
 * itself (moved to the home link by us) never are care-of addresses.
 */
struct care_of mn_select_care_of(const struct mn_signal *s)
{
	const struct mn_config *mn = s->cfg;
	struct care_of v6 = { 0 }, v4 = { 0 }, home = { 0 };
	struct ifaddrs *list, *i;

	if (getifaddrs(&list))
		return v6;
	for (i = list; i; i = i->ifa_next) {
		struct care_of *c;

		if (!i->ifa_addr || !link_has_carrier(i->ifa_flags) ||
		    !configured_interface(mn, i->ifa_name))
			continue;
		if (i->ifa_addr->sa_family == AF_INET6) {
			const struct in6_addr *a = &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;

			if (IN6_IS_ADDR_LINKLOCAL(a))
				continue;
			c = prefix6_contains(&mn->home_prefix6, a) ? &home : &v6;
			if (c->family || !routes_to_home_agent(&s->ha, AF_INET6, i->ifa_name))
				continue;
			memcpy(c->addr.bytes, a, 16);
			c->home = c == &home;
		} else if (i->ifa_addr->sa_family == AF_INET && !v4.family && s->ha.has_addr4 &&
			   (!s->v4_bound || ((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr != s->hoa4.s_addr) &&
			   routes_to_home_agent(&s->ha, AF_INET, i->ifa_name)) {
			c = &v4;
			c->addr.v4 = ((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr;
		} else {
			continue;
		}
		c->family = i->ifa_addr->sa_family;
		c->ifindex = (int)if_nametoindex(i->ifa_name);
		snprintf(c->ifname, sizeof(c->ifname), "%s", i->ifa_name);
	}
	freeifaddrs(list);
	if (home.family)
		return home;
	if (v6.family && !(s->bul.fallback_v4 && v4.family))
		return v6;
	return v4;
}

/* At home only the link matters: the home link holds several addresses
 * of the home prefix once the home address joins them. */
bool mn_same_care_of(const struct care_of *a, const struct care_of *b)
{
	if (a->home || b->home)
		return a->home == b->home && a->ifindex == b->ifindex;
	return a->family == b->family && a->ifindex == b->ifindex && !memcmp(&a->addr, &b->addr, 16);
}

/* The BU's way from care-of address c: natively with the home address
 * option from IPv6, in UDP 4191 from IPv4 (RFC 5555 4.2). */
struct xmip_tunnel mn_bu_path(const struct mn_signal *s, const struct care_of *c)
{
	struct xmip_tunnel t = { .local = c->addr, .ifindex = (uint32_t)c->ifindex, .binding_id = 1 };

	if (c->family == AF_INET6) {
		t.format = XMIP_TUN_IP6;
		memcpy(t.remote.bytes, &s->ha.addr6, 16);
	} else {
		t.format = XMIP_TUN_UDP4;
		t.remote.v4 = s->ha.addr4.s_addr;
		t.local_port = htons(XMIP_PORT_DSMIP);
		t.remote_port = htons(XMIP_PORT_DSMIP);
	}
	return t;
}
