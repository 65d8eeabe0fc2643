// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/rtnetlink.h>
#include "net/link_watch.h"

static bool usable(unsigned int flags)
{
	return (flags & IFF_UP) && (flags & IFF_RUNNING);
}

/* The interface's flags as they are now (a vanished one is down). */
static bool running_now(int ifindex)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool up = false;

	if (fd < 0)
		return false;
	if (if_indextoname((unsigned int)ifindex, ifr.ifr_name) && !ioctl(fd, SIOCGIFFLAGS, &ifr))
		up = usable((unsigned short)ifr.ifr_flags);
	close(fd);
	return up;
}

static void set(struct link_watch *w, int ifindex, bool up)
{
	int i;

	for (i = 0; i < w->n; i++) {
		if (w->ifindex[i] != ifindex || w->running[i] == up)
			continue;
		w->running[i] = up;
		w->changed(w->ctx, i, up);
	}
}

static void ask_again(struct link_watch *w)
{
	int i;

	for (i = 0; i < w->n; i++)
		set(w, w->ifindex[i], running_now(w->ifindex[i]));
}

static void read_messages(struct link_watch *w, const char *buf, size_t len)
{
	const struct nlmsghdr *nh;

	for (nh = (const struct nlmsghdr *)buf; NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
		const struct ifinfomsg *ifi = NLMSG_DATA(nh);

		if ((nh->nlmsg_type != RTM_NEWLINK && nh->nlmsg_type != RTM_DELLINK) ||
		    nh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
			continue;
		set(w, ifi->ifi_index, nh->nlmsg_type == RTM_NEWLINK && usable(ifi->ifi_flags));
	}
}

static int on_netlink(sd_event_source *src, int fd, uint32_t revents, void *userdata)
{
	struct link_watch *w = userdata;
	char buf[16384] __attribute__((aligned(NLMSG_ALIGNTO)));
	ssize_t len;

	(void)src;
	(void)revents;
	while ((len = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) != 0) {
		if (len > 0) {
			read_messages(w, buf, (size_t)len);
			continue;
		}
		if (errno == ENOBUFS)
			ask_again(w);   /* events were lost */
		else if (errno != EINTR)
			break;
	}
	return 0;
}

int link_watch_start(struct link_watch *w, sd_event *ev, const int *ifindex, int n, link_watch_fn changed,
		     void *ctx, struct xmip_error *err)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
	int i, ret;

	memset(w, 0, sizeof(*w));
	w->changed = changed;
	w->ctx = ctx;
	w->n = n < XMIP_MAX_IFACES ? n : XMIP_MAX_IFACES;
	w->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (w->fd < 0 || bind(w->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = -errno;
		link_watch_stop(w);
		return xmip_err(err, ret, "rtnetlink link events: %s", strerror(-ret));
	}
	/* Subscribed first, then asked: a change in between is not lost. */
	for (i = 0; i < w->n; i++) {
		w->ifindex[i] = ifindex[i];
		w->running[i] = running_now(ifindex[i]);
	}
	ret = sd_event_add_io(ev, &w->io, w->fd, EPOLLIN, on_netlink, w);
	if (ret < 0) {
		link_watch_stop(w);
		return xmip_err(err, ret, "rtnetlink link events: %s", strerror(-ret));
	}
	return 0;
}

void link_watch_stop(struct link_watch *w)
{
	if (!w->changed)
		return;   /* never started (or stopped) */
	sd_event_source_disable_unref(w->io);
	w->io = NULL;
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	w->changed = NULL;
}
