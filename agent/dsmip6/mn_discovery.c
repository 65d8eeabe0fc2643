// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <ares.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include "dsmip6/mn_discovery.h"
#include "core/log.h"
#include "net/srv_order.h"

#define FIRST_RETRY_S 1
#define MAX_RETRY_S 60
/* Per query and server: a lost answer costs a second, not c-ares's 5. */
#define QUERY_TIMEOUT_MS 1000
#define QUERY_TRIES 2
#define MAX_SOCKETS 16

enum outcome { RUNNING, FOUND, FAILED };

struct dns_socket {
	ares_socket_t fd;          /* ARES_SOCKET_BAD: slot free */
	sd_event_source *io;
};

struct mn_discovery {
	sd_event *ev;
	const struct mn_config *mn;
	mn_ha_found_fn found;
	void *ctx;

	ares_channel channel;      /* one per attempt, NULL between them */
	struct dns_socket sockets[MAX_SOCKETS];
	sd_event_source *timeout;  /* c-ares's own timeouts */
	sd_event_source *retry;    /* the next attempt after a failure */
	uint32_t retry_s;

	char srv_name[XMIP_DNS_NAME_MAX + 16];
	struct srv_target targets[SRV_MAX_TARGETS];
	int n_targets, next_target;

	enum outcome outcome;
	struct home_agent_address result;
	char result_name[XMIP_DNS_NAME_MAX];
	char why[XMIP_DNS_NAME_MAX + 128];
};

static uint64_t now_us(sd_event *ev)
{
	uint64_t usec = 0;

	sd_event_now(ev, CLOCK_MONOTONIC, &usec);
	return usec;
}

/* The attempt failed: why, and c-ares's words for status when not 0. */
static void __attribute__((format(printf, 3, 4)))
failed(struct mn_discovery *d, int status, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(d->why, sizeof(d->why), fmt, ap);
	va_end(ap);
	n = strlen(d->why);
	if (status)
		snprintf(d->why + n, sizeof(d->why) - n, ": %s", ares_strerror(status));
	d->outcome = FAILED;
}

bool mn_discovery_address(const struct ares_addrinfo_node *nodes, struct home_agent_address *ha)
{
	const struct ares_addrinfo_node *n;
	bool has6 = false;

	memset(ha, 0, sizeof(*ha));
	for (n = nodes; n; n = n->ai_next) {
		if (n->ai_family == AF_INET6 && !has6) {
			const struct in6_addr *a = &((const struct sockaddr_in6 *)n->ai_addr)->sin6_addr;

			if (IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_V4MAPPED(a) ||
			    IN6_IS_ADDR_UNSPECIFIED(a) || IN6_IS_ADDR_LOOPBACK(a))
				continue;
			ha->addr6 = *a;
			has6 = true;
		} else if (n->ai_family == AF_INET && !ha->has_addr4) {
			ha->addr4 = ((const struct sockaddr_in *)n->ai_addr)->sin_addr;
			ha->has_addr4 = ha->addr4.s_addr != 0;
		}
	}
	return has6;
}

static void lookup_next_target(struct mn_discovery *d);

static void on_addresses(void *arg, int status, int timeouts, struct ares_addrinfo *res)
{
	struct mn_discovery *d = arg;
	const char *name = d->n_targets ? d->targets[d->next_target - 1].host : d->mn->home_agent_name;

	(void)timeouts;
	if (status == ARES_EDESTRUCTION)
		return;
	if (status == ARES_SUCCESS && mn_discovery_address(res->nodes, &d->result)) {
		snprintf(d->result_name, sizeof(d->result_name), "%s", name);
		d->outcome = FOUND;
	} else if (d->n_targets) {
		/* RFC 2782: on to the next target. */
		log_info("home agent candidate %s: %s", name,
			 status == ARES_SUCCESS ? "no IPv6 address" : ares_strerror(status));
		lookup_next_target(d);
	} else if (status == ARES_SUCCESS) {
		failed(d, 0, "%s has no IPv6 (AAAA) address", name);
	} else {
		failed(d, status, "%s", name);
	}
	if (res)
		ares_freeaddrinfo(res);
}

static void lookup_addresses(struct mn_discovery *d, const char *name)
{
	/* No sorting: c-ares would connect() a socket per address for it. */
	struct ares_addrinfo_hints hints = { .ai_family = AF_UNSPEC, .ai_flags = ARES_AI_NOSORT };

	ares_getaddrinfo(d->channel, name, NULL, &hints, on_addresses, d);
}

static void lookup_next_target(struct mn_discovery *d)
{
	if (d->next_target >= d->n_targets) {
		failed(d, 0, "no target of %s has an IPv6 address", d->srv_name);
		return;
	}
	lookup_addresses(d, d->targets[d->next_target++].host);
}

static uint32_t random_up_to(uint32_t bound, void *ctx)
{
	uint32_t r = 0;

	(void)ctx;
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = (uint32_t)rand();
	return bound == UINT32_MAX ? r : r % (bound + 1);
}

static void on_srv(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	struct mn_discovery *d = arg;
	struct ares_srv_reply *reply = NULL, *r;

	(void)timeouts;
	if (status == ARES_EDESTRUCTION)
		return;
	if (status == ARES_SUCCESS)
		status = ares_parse_srv_reply(abuf, alen, &reply);
	if (status != ARES_SUCCESS) {
		failed(d, status, "SRV %s", d->srv_name);
		return;
	}
	d->n_targets = 0;
	for (r = reply; r && d->n_targets < SRV_MAX_TARGETS; r = r->next) {
		struct srv_target *t = &d->targets[d->n_targets];

		/* RFC 2782: the target "." says the service is not offered. */
		if (!r->host[0] || !strcmp(r->host, "."))
			continue;
		snprintf(t->host, sizeof(t->host), "%s", r->host);
		t->priority = r->priority;
		t->weight = r->weight;
		d->n_targets++;
	}
	ares_free_data(reply);
	if (!d->n_targets) {
		failed(d, 0, "SRV %s: no home agent offered", d->srv_name);
		return;
	}
	srv_order(d->targets, d->n_targets, random_up_to, NULL);
	d->next_target = 0;
	lookup_next_target(d);
}

static struct dns_socket *socket_slot(struct mn_discovery *d, ares_socket_t fd)
{
	int i;

	for (i = 0; i < MAX_SOCKETS; i++)
		if (d->sockets[i].fd == fd)
			return &d->sockets[i];
	return NULL;
}

static void settle(struct mn_discovery *d);

static int on_socket(sd_event_source *src, int fd, uint32_t revents, void *userdata)
{
	struct mn_discovery *d = userdata;

	(void)src;
	ares_process_fd(d->channel, revents & (EPOLLIN | EPOLLERR | EPOLLHUP) ? fd : ARES_SOCKET_BAD,
			revents & EPOLLOUT ? fd : ARES_SOCKET_BAD);
	settle(d);
	return 0;
}

static int on_timeout(sd_event_source *src, uint64_t usec, void *userdata)
{
	struct mn_discovery *d = userdata;

	(void)src;
	(void)usec;
	ares_process_fd(d->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	settle(d);
	return 0;
}

/* c-ares says which of its sockets to watch for what. */
static void socket_state(void *data, ares_socket_t fd, int readable, int writable)
{
	struct mn_discovery *d = data;
	struct dns_socket *s = socket_slot(d, fd);
	uint32_t events = (readable ? EPOLLIN : 0) | (writable ? EPOLLOUT : 0);

	if (!events) {
		if (s) {
			sd_event_source_disable_unref(s->io);
			*s = (struct dns_socket){ .fd = ARES_SOCKET_BAD };
		}
		return;
	}
	if (s) {
		sd_event_source_set_io_events(s->io, events);
		return;
	}
	s = socket_slot(d, ARES_SOCKET_BAD);
	if (!s || sd_event_add_io(d->ev, &s->io, fd, events, on_socket, d) < 0) {
		/* Unwatched, the query times out and the attempt fails. */
		log_warn("home agent discovery: cannot watch DNS socket %d", fd);
		return;
	}
	s->fd = fd;
}

static void close_channel(struct mn_discovery *d)
{
	int i;

	if (d->channel)
		ares_destroy(d->channel);   /* pending callbacks see ARES_EDESTRUCTION */
	d->channel = NULL;
	for (i = 0; i < MAX_SOCKETS; i++) {
		sd_event_source_disable_unref(d->sockets[i].io);
		d->sockets[i] = (struct dns_socket){ .fd = ARES_SOCKET_BAD };
	}
	sd_event_source_set_enabled(d->timeout, SD_EVENT_OFF);
}

static int open_channel(struct mn_discovery *d)
{
	struct ares_options o = { .sock_state_cb = socket_state, .sock_state_cb_data = d,
				  .timeout = QUERY_TIMEOUT_MS, .tries = QUERY_TRIES };
	char servers[XMIP_MAX_DNS_SERVERS * (INET6_ADDRSTRLEN + 1)] = "";
	int i, status;

	status = ares_init_options(&d->channel, &o,
				   ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
	if (status != ARES_SUCCESS) {
		d->channel = NULL;
		return status;
	}
	for (i = 0; i < d->mn->n_dns_servers; i++)
		snprintf(servers + strlen(servers), sizeof(servers) - strlen(servers), "%s%s",
			 i ? "," : "", d->mn->dns_servers[i]);
	return servers[0] ? ares_set_servers_csv(d->channel, servers) : ARES_SUCCESS;
}

/* After c-ares ran: done (found or failed) or wait for its next timeout. */
static void settle(struct mn_discovery *d)
{
	struct timeval tv;

	if (d->outcome == RUNNING) {
		if (d->channel && ares_timeout(d->channel, NULL, &tv)) {
			sd_event_source_set_time(d->timeout, now_us(d->ev) + (uint64_t)tv.tv_sec * 1000000ULL +
							     (uint64_t)tv.tv_usec);
			sd_event_source_set_enabled(d->timeout, SD_EVENT_ONESHOT);
		}
		return;
	}
	close_channel(d);
	if (d->outcome == FOUND) {
		d->retry_s = FIRST_RETRY_S;
		d->found(d->ctx, &d->result, d->result_name);
		return;
	}
	log_warn("home agent discovery: %s; asking again in %u s", d->why, d->retry_s);
	sd_event_source_set_time(d->retry, now_us(d->ev) + d->retry_s * 1000000ULL);
	sd_event_source_set_enabled(d->retry, SD_EVENT_ONESHOT);
	d->retry_s = d->retry_s * 2 > MAX_RETRY_S ? MAX_RETRY_S : d->retry_s * 2;
}

static void attempt(struct mn_discovery *d)
{
	int status;

	d->outcome = RUNNING;
	d->n_targets = 0;
	status = open_channel(d);
	if (status != ARES_SUCCESS) {
		failed(d, status, "resolver set-up");
	} else if (d->mn->home_agent_domain[0]) {
		log_info("home agent discovery: SRV %s", d->srv_name);
		ares_query(d->channel, d->srv_name, ns_c_in, ns_t_srv, on_srv, d);
	} else {
		log_info("home agent discovery: %s", d->mn->home_agent_name);
		lookup_addresses(d, d->mn->home_agent_name);
	}
	settle(d);
}

static int on_retry(sd_event_source *src, uint64_t usec, void *userdata)
{
	(void)src;
	(void)usec;
	attempt(userdata);
	return 0;
}

int mn_discovery_start(struct mn_discovery **out, sd_event *ev, const struct mn_config *mn,
		       mn_ha_found_fn found, void *ctx, struct xmip_error *err)
{
	struct mn_discovery *d;
	int i, ret;

	if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS)
		return xmip_err(err, -ENOMEM, "home agent discovery: c-ares set-up failed");
	d = calloc(1, sizeof(*d));
	if (!d) {
		ares_library_cleanup();
		return xmip_err(err, -ENOMEM, "out of memory");
	}
	*d = (struct mn_discovery){ .ev = ev, .mn = mn, .found = found, .ctx = ctx,
				    .retry_s = FIRST_RETRY_S, .outcome = FAILED };
	for (i = 0; i < MAX_SOCKETS; i++)
		d->sockets[i].fd = ARES_SOCKET_BAD;
	snprintf(d->srv_name, sizeof(d->srv_name), "_mip6._ipv6.%s", mn->home_agent_domain);
	ret = sd_event_add_time(ev, &d->timeout, CLOCK_MONOTONIC, 0, 0, on_timeout, d);
	if (ret >= 0)
		ret = sd_event_add_time(ev, &d->retry, CLOCK_MONOTONIC, 0, 0, on_retry, d);
	if (ret < 0) {
		mn_discovery_stop(d);
		return xmip_err(err, ret, "home agent discovery: %s", strerror(-ret));
	}
	sd_event_source_set_enabled(d->timeout, SD_EVENT_OFF);
	/* The first attempt from the loop: found() may act on the caller. */
	sd_event_source_set_time(d->retry, now_us(ev));
	sd_event_source_set_enabled(d->retry, SD_EVENT_ONESHOT);
	*out = d;
	return 0;
}

void mn_discovery_again(struct mn_discovery *d)
{
	int enabled = SD_EVENT_OFF;

	sd_event_source_get_enabled(d->retry, &enabled);
	if (d->outcome == RUNNING || enabled != SD_EVENT_OFF)
		return;
	attempt(d);
}

void mn_discovery_reload(struct mn_discovery *d, const struct mn_config *mn)
{
	d->mn = mn;
}

void mn_discovery_stop(struct mn_discovery *d)
{
	if (!d)
		return;
	close_channel(d);
	sd_event_source_disable_unref(d->timeout);
	sd_event_source_disable_unref(d->retry);
	ares_library_cleanup();
	free(d);
}
