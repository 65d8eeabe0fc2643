// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include "core/log.h"
#include "pmip/mag_links.h"

#define BATCH 64

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* One frame: Ethernet, then an ARP request from an address (a host that
 * moved here asks for its router when its cache went stale), or IPv4 (no
 * fragment): when it is UDP to port 67, a DHCP message. */
static void frame_in(struct mag_links *l, int link, const uint8_t *f, size_t len)
{
	const uint8_t *ip = f + 14, *udp;
	struct in_addr src;
	struct dhcp4_msg msg;
	size_t ihl, tot;
	enum dhcp4_result r;

	if (len >= 14 + 28 && get16(f + 12) == ETH_P_ARP && get16(ip) == 1 && get16(ip + 2) == ETH_P_IP &&
	    ip[4] == 6 && ip[5] == 4 && get16(ip + 6) == 1) {
		memcpy(&src, ip + 14, 4);
		if (src.s_addr)
			l->handler.frame(l->handler.ctx, link, f + 6, src);
		return;
	}
	if (len < 14 + 20 || get16(f + 12) != ETH_P_IP || (ip[0] >> 4) != 4)
		return;
	ihl = (size_t)(ip[0] & 0xf) * 4;
	tot = get16(ip + 2);
	if (ihl < 20 || tot < ihl || 14 + tot > len || (get16(ip + 6) & 0x3fff))
		return;
	memcpy(&src, ip + 12, 4);
	udp = ip + ihl;
	if (ip[9] == 17 && tot >= ihl + 8 && get16(udp + 2) == DHCP4_SERVER_PORT) {
		r = dhcp4_decode(udp + 8, tot - ihl - 8, &msg);
		if (r != DHCP4_OK) {
			l->malformed++;
			log_info("DHCP message dropped: %s", dhcp4_result_name(r));
			return;
		}
		if (msg.op == 1)
			l->handler.dhcp(l->handler.ctx, link, f + 6, &msg);
		return;
	}
	if (src.s_addr)
		l->handler.frame(l->handler.ctx, link, f + 6, src);
}

static int on_readable(sd_event_source *src, int fd, uint32_t revents, void *userdata)
{
	struct mag_link_ctx *c = userdata;
	uint8_t buf[2048];
	struct sockaddr_ll from;
	socklen_t fromlen;
	ssize_t n;
	int i;

	(void)src;
	(void)revents;
	for (i = 0; i < BATCH; i++) {
		fromlen = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &fromlen);
		if (n < 0)
			break;
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		frame_in(c->l, c->link, buf, (size_t)n);
	}
	return 0;
}

int mag_links_open(struct mag_links *l, sd_event *ev, const struct mag_config *cfg,
		   const struct mag_links_handler *h, struct xmip_error *err)
{
	int i, ret;

	memset(l, 0, sizeof(*l));
	l->handler = *h;
	for (i = 0; i < XMIP_MAX_IFACES; i++)
		l->fd[i] = -1;
	for (i = 0; i < cfg->n_access_links; i++) {
		struct sockaddr_ll at = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };

		l->ifindex[i] = (int)if_nametoindex(cfg->access_links[i]);
		if (!l->ifindex[i])
			return xmip_err(err, -ENODEV, "access link %s is missing", cfg->access_links[i]);
		at.sll_ifindex = l->ifindex[i];
		/* Every frame the access XDP leaves to the stack: few (DHCP,
		 * hosts not attached here yet, ARP the XDP did not answer). */
		l->fd[i] = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
		if (l->fd[i] < 0 || bind(l->fd[i], (struct sockaddr *)&at, sizeof(at)) < 0)
			return xmip_err(err, -errno, "packet socket on %s: %s", cfg->access_links[i], strerror(errno));
		l->n = i + 1;
		l->ctx[i] = (struct mag_link_ctx){ l, i };
		ret = sd_event_add_io(ev, &l->io[i], l->fd[i], EPOLLIN, on_readable, &l->ctx[i]);
		if (ret < 0)
			return xmip_err(err, ret, "event loop: %s", strerror(-ret));
	}
	return 0;
}

void mag_links_close(struct mag_links *l)
{
	int i;

	for (i = 0; i < XMIP_MAX_IFACES; i++) {
		sd_event_source_disable_unref(l->io[i]);
		l->io[i] = NULL;
		if (l->fd[i] >= 0)
			close(l->fd[i]);
		l->fd[i] = -1;
	}
}

int mag_links_send(const struct mag_links *l, int link, const uint8_t *frame, size_t len)
{
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP), .sll_halen = 6 };

	if (link < 0 || link >= l->n)
		return -EINVAL;
	to.sll_ifindex = l->ifindex[link];
	memcpy(to.sll_addr, frame, 6);
	return sendto(l->fd[link], frame, len, 0, (struct sockaddr *)&to, sizeof(to)) == (ssize_t)len ? 0 : -errno;
}
