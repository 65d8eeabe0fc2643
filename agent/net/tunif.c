// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <unistd.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include "net/nlroute.h"
#include "net/tunif.h"
#include "core/log.h"

void tunif_peer_name(const char *name, char peer[IF_NAMESIZE])
{
	/* Interface names are short: keep the suffix whole, cut the base. */
	snprintf(peer, IF_NAMESIZE, "%.*s%s", (int)(IF_NAMESIZE - 1 - strlen(TUNIF_PEER_SUFFIX)),
		 name, TUNIF_PEER_SUFFIX);
}

static int create_pair(struct nl_sock *sk, const char *name, struct xmip_error *err)
{
	struct rtnl_link *link = rtnl_link_veth_alloc(), *peer;
	char peer_name[IF_NAMESIZE];
	int ret;

	if (!link)
		return xmip_err(err, -ENOMEM, "out of memory");
	tunif_peer_name(name, peer_name);
	peer = rtnl_link_veth_get_peer(link);
	rtnl_link_set_name(link, name);
	rtnl_link_set_name(peer, peer_name);
	/* Flags (NOARP, UP) are set afterwards by set_up(): the kernel
	 * refuses some of them on a new veth's peer. */
	ret = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(link);
	if (ret < 0)
		return xmip_err(err, -EIO, "cannot create tunnel interface %s: %s", name, nl_geterror(ret));
	log_info("created tunnel interface %s (peer %s)", name, peer_name);
	return 0;
}

/* Applies change (flags, MTU) to the link called name; what names it in
 * the error. */
static int link_change(struct nl_sock *sk, const char *name, struct rtnl_link *change,
		       const char *what, struct xmip_error *err)
{
	struct rtnl_link *link = NULL;
	int ret = rtnl_link_get_kernel(sk, 0, name, &link);

	if (ret < 0)
		return xmip_err(err, -ENODEV, "interface %s: %s", name, nl_geterror(ret));
	ret = rtnl_link_change(sk, link, change, 0);
	rtnl_link_put(link);
	if (ret < 0)
		return xmip_err(err, -EIO, "cannot %s %s: %s", what, name, nl_geterror(ret));
	return 0;
}

static int set_up(struct nl_sock *sk, const char *name, unsigned int flags, struct xmip_error *err)
{
	struct rtnl_link *change = rtnl_link_alloc();
	int ret;

	if (!change)
		return xmip_err(err, -ENOMEM, "out of memory");
	rtnl_link_set_flags(change, flags);
	ret = link_change(sk, name, change, "set up", err);
	rtnl_link_put(change);
	return ret;
}

int tunif_ensure(const char *name, struct xmip_error *err)
{
	char peer[IF_NAMESIZE];
	struct nl_sock *sk = nlroute_socket(err);
	int ret = 0;

	if (!sk)
		return -EIO;
	tunif_peer_name(name, peer);
	if (!if_nametoindex(name))
		ret = create_pair(sk, name, err);
	/* Nothing to resolve on a tunnel: NOARP, so sends never wait for a
	 * neighbour. Also for an existing pair (agent restart). */
	if (!ret)
		ret = set_up(sk, name, IFF_UP | IFF_NOARP, err);
	if (!ret)
		ret = set_up(sk, peer, IFF_UP, err);
	return ret;
}

int tunif_add_address6(const char *name, const struct in6_addr *addr, int prefixlen,
		       struct xmip_error *err)
{
	return tunif_add_address(name, AF_INET6, addr, prefixlen, err);
}

/* Adds or removes one address of name (any interface: the mobile node also
 * moves its home addresses to the home link and back). */
static int change_address(const char *name, int family, const void *addr, int prefixlen, bool add,
			  struct xmip_error *err)
{
	struct rtnl_addr *ra = NULL;
	struct nl_addr *local = NULL;
	struct nl_sock *sk;
	int ifindex = (int)if_nametoindex(name);
	int ret;

	if (!ifindex)
		return xmip_err(err, -ENODEV, "interface %s not found", name);
	sk = nlroute_socket(err);
	if (!sk)
		return -EIO;
	ra = rtnl_addr_alloc();
	local = nl_addr_build(family, addr, family == AF_INET ? 4 : 16);
	if (!ra || !local) {
		ret = xmip_err(err, -ENOMEM, "out of memory");
		goto out;
	}
	nl_addr_set_prefixlen(local, prefixlen);
	rtnl_addr_set_ifindex(ra, ifindex);
	rtnl_addr_set_local(ra, local);
	/* A home address is ours by registration, not by DAD on this link. */
	rtnl_addr_set_flags(ra, IFA_F_NODAD);
	ret = add ? rtnl_addr_add(sk, ra, 0) : rtnl_addr_delete(sk, ra, 0);
	if (ret == -NLE_EXIST || (!add && (ret == -NLE_NOADDR || ret == -NLE_OBJ_NOTFOUND)))
		ret = 0;
	else if (ret < 0)
		ret = xmip_err(err, -EIO, "cannot %s address %s %s: %s", add ? "add" : "remove",
			       add ? "to" : "from", name, nl_geterror(ret));
out:
	nl_addr_put(local);
	rtnl_addr_put(ra);
	return ret;
}

int tunif_add_address(const char *name, int family, const void *addr, int prefixlen,
		      struct xmip_error *err)
{
	return change_address(name, family, addr, prefixlen, true, err);
}

int tunif_del_address(const char *name, int family, const void *addr, int prefixlen,
		      struct xmip_error *err)
{
	return change_address(name, family, addr, prefixlen, false, err);
}

int tunif_mac(const char *name, unsigned char mac[6], struct xmip_error *err)
{
	struct rtnl_link *link = NULL;
	struct nl_sock *sk = nlroute_socket(err);
	struct nl_addr *addr;
	int ret;

	if (!sk)
		return -EIO;
	ret = rtnl_link_get_kernel(sk, 0, name, &link);
	if (ret < 0)
		return xmip_err(err, -ENODEV, "interface %s: %s", name, nl_geterror(ret));
	addr = rtnl_link_get_addr(link);
	if (!addr || nl_addr_get_len(addr) != 6) {
		rtnl_link_put(link);
		return xmip_err(err, -EINVAL, "interface %s has no Ethernet address", name);
	}
	memcpy(mac, nl_addr_get_binary_addr(addr), 6);
	rtnl_link_put(link);
	return 0;
}

int tunif_remove(const char *name, struct xmip_error *err)
{
	struct rtnl_link *link;
	struct nl_sock *sk;
	int ret;

	if (!if_nametoindex(name))
		return 0;
	sk = nlroute_socket(err);
	if (!sk)
		return -EIO;
	link = rtnl_link_alloc();
	rtnl_link_set_name(link, name);
	ret = rtnl_link_delete(sk, link);
	rtnl_link_put(link);
	if (ret < 0)
		return xmip_err(err, -EIO, "cannot delete %s: %s", name, nl_geterror(ret));
	log_info("removed tunnel interface %s", name);
	return 0;
}

int tunif_set_mtu(const char *name, unsigned int mtu, struct xmip_error *err)
{
	struct nl_sock *sk = nlroute_socket(err);
	struct rtnl_link *change;
	int ret;

	if (!sk)
		return -EIO;
	change = rtnl_link_alloc();
	if (!change)
		return xmip_err(err, -ENOMEM, "out of memory");
	rtnl_link_set_mtu(change, mtu);
	ret = link_change(sk, name, change, "set the MTU of", err);
	rtnl_link_put(change);
	return ret;
}

/* One legacy ethtool switch (ETHTOOL_STSO, ETHTOOL_SGSO) through ioctl. */
static int ethtool_set(int fd, const char *name, __u32 cmd, __u32 on)
{
	struct ethtool_value ev = { .cmd = cmd, .data = on };
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	ifr.ifr_data = (void *)&ev;
	return ioctl(fd, SIOCETHTOOL, &ifr);
}

int tunif_set_segmentation(const char *name, bool on, struct xmip_error *err)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int ret = 0;

	if (fd < 0)
		return xmip_err(err, -errno, "socket: %s", strerror(errno));
	if (ethtool_set(fd, name, ETHTOOL_STSO, on) || ethtool_set(fd, name, ETHTOOL_SGSO, on))
		ret = xmip_err(err, -errno, "cannot turn segmentation offload %s on %s: %s",
			       on ? "on" : "off", name, strerror(errno));
	close(fd);
	return ret;
}
