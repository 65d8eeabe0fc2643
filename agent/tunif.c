// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/if_tun.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include "tunif.h"
#include "log.h"

static struct nl_sock *route_socket(struct xmip_error *err)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (!sk) {
		xmip_err(err, -ENOMEM, "out of memory");
		return NULL;
	}
	if (nl_connect(sk, NETLINK_ROUTE) < 0) {
		nl_socket_free(sk);
		xmip_err(err, -EIO, "cannot open a netlink route socket");
		return NULL;
	}
	return sk;
}

static int create_tun(const char *name, struct xmip_error *err)
{
	struct ifreq ifr = { .ifr_flags = IFF_TUN | IFF_NO_PI };
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return xmip_err(err, -errno, "cannot open /dev/net/tun: %s%s", strerror(errno),
				errno == ENOENT ? " (load the tun module: modprobe tun)" : "");
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	/* Persistent: the device outlives this fd and the agent, like the
	 * BPF programs attached to it. */
	if (ioctl(fd, TUNSETIFF, &ifr) < 0 || ioctl(fd, TUNSETPERSIST, 1) < 0) {
		int code = -errno;

		close(fd);
		return xmip_err(err, code, "cannot create tunnel interface %s: %s", name, strerror(-code));
	}
	close(fd);
	log_info("created tunnel interface %s", name);
	return 0;
}

int tunif_ensure(const char *name, struct xmip_error *err)
{
	struct rtnl_link *link = NULL, *change = NULL;
	struct nl_sock *sk;
	int ret;

	if (!if_nametoindex(name) && (ret = create_tun(name, err)))
		return ret;
	sk = route_socket(err);
	if (!sk)
		return -EIO;
	ret = rtnl_link_get_kernel(sk, 0, name, &link);
	if (ret < 0) {
		ret = xmip_err(err, -ENODEV, "tunnel interface %s: %s", name, nl_geterror(ret));
		goto out;
	}
	change = rtnl_link_alloc();
	rtnl_link_set_flags(change, IFF_UP);
	ret = rtnl_link_change(sk, link, change, 0);
	if (ret < 0)
		ret = xmip_err(err, -EIO, "cannot set %s up: %s", name, nl_geterror(ret));
out:
	rtnl_link_put(change);
	rtnl_link_put(link);
	nl_socket_free(sk);
	return ret < 0 ? ret : 0;
}

int tunif_add_address6(const char *name, const struct in6_addr *addr, int prefixlen,
		       struct xmip_error *err)
{
	struct rtnl_addr *ra = NULL;
	struct nl_addr *local = NULL;
	struct nl_sock *sk;
	int ifindex = (int)if_nametoindex(name);
	int ret;

	if (!ifindex)
		return xmip_err(err, -ENODEV, "interface %s not found", name);
	sk = route_socket(err);
	if (!sk)
		return -EIO;
	ra = rtnl_addr_alloc();
	local = nl_addr_build(AF_INET6, addr, sizeof(*addr));
	if (!ra || !local) {
		ret = xmip_err(err, -ENOMEM, "out of memory");
		goto out;
	}
	nl_addr_set_prefixlen(local, prefixlen);
	rtnl_addr_set_ifindex(ra, ifindex);
	rtnl_addr_set_local(ra, local);
	/* A home address is ours by registration, not by DAD on this link. */
	rtnl_addr_set_flags(ra, IFA_F_NODAD);
	ret = rtnl_addr_add(sk, ra, 0);
	if (ret == -NLE_EXIST)
		ret = 0;
	else if (ret < 0)
		ret = xmip_err(err, -EIO, "cannot add address to %s: %s", name, nl_geterror(ret));
out:
	nl_addr_put(local);
	rtnl_addr_put(ra);
	nl_socket_free(sk);
	return ret;
}

int tunif_remove(const char *name, struct xmip_error *err)
{
	struct rtnl_link *link;
	struct nl_sock *sk;
	int ret;

	if (!if_nametoindex(name))
		return 0;
	sk = route_socket(err);
	if (!sk)
		return -EIO;
	link = rtnl_link_alloc();
	rtnl_link_set_name(link, name);
	ret = rtnl_link_delete(sk, link);
	rtnl_link_put(link);
	nl_socket_free(sk);
	if (ret < 0)
		return xmip_err(err, -EIO, "cannot delete %s: %s", name, nl_geterror(ret));
	log_info("removed tunnel interface %s", name);
	return 0;
}
