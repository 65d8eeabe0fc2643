// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/rtnetlink.h>
#include "net/link_watch.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000   /* linux/if.h: carrier; net/if.h lacks it */
#endif

/* Up with carrier: IFF_LOWER_UP, which comes with the carrier, not
 * IFF_RUNNING (the operational state), which the kernel may report up to
 * a second later. */
static bool usable(unsigned int flags)
{
	return (flags & IFF_UP) && (flags & IFF_LOWER_UP);
}

/* Asks the kernel for every link (its answers come as RTM_NEWLINK, read
 * like the events). */
static void ask_all(int fd)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
	} req = {
		.nh = { .nlmsg_len = sizeof(req), .nlmsg_type = RTM_GETLINK,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.ifi = { .ifi_family = AF_UNSPEC },
	};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	(void)sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&kernel, sizeof(kernel));
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
			ask_all(fd);   /* events were lost */
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
	/* Subscribed first, then asked: a change in between is not lost.
	 * Each link counts as up until the kernel's answer says otherwise. */
	for (i = 0; i < w->n; i++) {
		w->ifindex[i] = ifindex[i];
		w->running[i] = true;
	}
	ask_all(w->fd);
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
