// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Movement detection: rtnetlink's link, address and route events, settled,
 * then a new choice of where the node is, and what follows from it. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/rtnetlink.h>
#include "core/log.h"
#include "dsmip6/mn_state.h"

/* Movement settles this long before a new care-of address is chosen: one
 * move raises several link, address and route events. */
#define MOVE_SETTLE_US 20000ULL

/* Chooses where the node is again; false when that is where it was. */
bool mn_reselect(struct mn_signal *s)
{
	struct care_of c, was = s->coa;
	char text[INET6_ADDRSTRLEN];

	if (!s->ha_known)
		return false;   /* nowhere to register yet */
	c = mn_select_care_of(s);
	if (mn_same_care_of(&c, &s->coa))
		return false;
	s->coa = c;
	if (was.home && !c.home)
		mn_leave_home(s, was.ifname);
	if (!c.family) {
		if (was.family)
			log_notice("no care-of address: every access link is down");
		mn_bul_stop(&s->bul);
		mn_arm_timer(s);
		return true;
	}
	if (c.home) {
		if (!was.home)
			mn_arrive_home(s);
	} else {
		inet_ntop(c.family, c.addr.bytes, text, sizeof(text));
		log_notice("care-of address %s on %s", text, c.ifname);
	}
	mn_register_now(s);
	return true;
}

static int on_settled(sd_event_source *src, uint64_t usec, void *userdata)
{
	(void)src;
	(void)usec;
	(void)mn_reselect(userdata);
	return 0;
}

static int on_netlink(sd_event_source *src, int fd, uint32_t revents, void *userdata)
{
	struct mn_signal *s = userdata;
	char buf[8192];

	(void)src;
	(void)revents;
	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
	sd_event_source_set_time(s->settle, mn_now_us(s) + MOVE_SETTLE_US);
	sd_event_source_set_enabled(s->settle, SD_EVENT_ONESHOT);
	return 0;
}

static int open_netlink(struct xmip_error *err)
{
	/* Routes too: an access link is usable once it routes to the home
	 * agent, which may come after its address. */
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR |
					       RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		return xmip_err(err, -e, "rtnetlink events: %s", strerror(e));
	}
	return fd;
}

int mn_movement_start(struct mn_signal *s, struct xmip_error *err)
{
	int ret = s->nl = open_netlink(err);

	if (ret >= 0)
		ret = sd_event_add_io(s->ev, &s->nl_io, s->nl, EPOLLIN, on_netlink, s);
	if (ret >= 0)
		ret = sd_event_add_time(s->ev, &s->settle, CLOCK_MONOTONIC, 0, 0, on_settled, s);
	if (ret < 0)
		return ret;
	/* The first selection, from the loop. */
	sd_event_source_set_enabled(s->settle, SD_EVENT_ONESHOT);
	return 0;
}

void mn_movement_stop(struct mn_signal *s)
{
	sd_event_source_disable_unref(s->nl_io);
	sd_event_source_disable_unref(s->settle);
	s->nl_io = s->settle = NULL;
	if (s->nl >= 0)
		close(s->nl);
	s->nl = -1;
}
