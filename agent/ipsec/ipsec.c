// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>
#include "ipsec/ipsec.h"
#include "ipsec/ipsec_conns.h"
#include "core/log.h"
#include "ipsec/vici_conn.h"
#include "ipsec/xfrm_mh_policy.h"
#include "xmip_proto.h"

#define VICI_TIMEOUT_MS 3000
#define RECONNECT_FIRST_US (1000 * 1000ULL)
#define RECONNECT_MAX_US (10 * 1000 * 1000ULL)
/* How often the connections are checked for (swanctl --load-all). */
#define WATCH_INTERVAL_US (3 * 1000 * 1000ULL)
#define PEM_MAX (64 * 1024)

static const char *const events[] = { "ike-updown", "child-updown", "ike-update" };

struct ipsec {
	const struct ipsec_config *cfg;
	struct ipsec_plan plan;
	sd_event *ev;
	struct ike_peer *peers;             /* plan.peers */
	int n_peers;
	char *cert_pem, *key_pem, *ca_pem;
	struct vici_conn cmd, evt;          /* commands; events only */
	sd_event_source *evt_io, *timer;
	uint64_t backoff_us;
	bool connected, said_unreachable;
	unsigned conn_loads;
	void (*protection_up)(void *ctx);
	void *protection_up_ctx;
};

static char *read_pem(const char *path, struct xmip_error *err)
{
	FILE *f = fopen(path, "re");
	char *buf = f ? calloc(1, PEM_MAX + 1) : NULL;
	size_t n = buf ? fread(buf, 1, PEM_MAX, f) : 0;

	if (f)
		fclose(f);
	if (!buf || n == 0 || n == PEM_MAX) {
		free(buf);
		xmip_err(err, -EINVAL, "%s: cannot read it, or it is empty or over 64 KiB", path);
		return NULL;
	}
	return buf;
}

static struct ike_peer *peer_by_conn(struct ipsec *s, const char *conn)
{
	int i;

	for (i = 0; i < s->n_peers; i++)
		if (!strcmp(s->peers[i].conn, conn))
			return &s->peers[i];
	return NULL;
}

/* --- events -------------------------------------------------------------- */

static void copy_hosts(struct ike_peer *p, const struct vici_node *ike)
{
	const char *l = vici_value(ike, "local-host"), *r = vici_value(ike, "remote-host");

	snprintf(p->local_host, sizeof(p->local_host), "%s", l ? l : "");
	snprintf(p->remote_host, sizeof(p->remote_host), "%s", r ? r : "");
}

static void on_event(void *ctx, const char *name, const struct vici_node *msg)
{
	struct ipsec *s = ctx;
	const struct vici_node *ike = vici_first_section(msg);
	struct ike_peer *p = ike ? peer_by_conn(s, ike->name) : NULL;
	const char *up = vici_value(msg, "up");
	bool is_up = up && !strcmp(up, "yes");

	if (!p)
		return;     /* someone else's connection */
	if (!strcmp(name, "ike-updown")) {
		p->ike_up = is_up;
		if (!is_up)
			p->child_up = p->payload_up = false;
		copy_hosts(p, ike);
		log_notice("IKE SA %s %s: %s <-> %s, peer %s", p->conn, is_up ? "up" : "down",
			   p->local_host, p->remote_host, p->remote_id);
	} else if (!strcmp(name, "child-updown")) {
		const struct vici_node *children = vici_child(ike, "child-sas");
		const struct vici_node *child = vici_first_section(children);
		const char *cname = child ? vici_value(child, "name") : NULL;

		if (cname && !strcmp(cname, XMIP_CHILD_PAYLOAD)) {
			p->payload_up = is_up;
			log_notice("CHILD_SA %s of %s %s (IPv4 payload in ESP tunnel mode)",
				   XMIP_CHILD_PAYLOAD, p->conn, is_up ? "up" : "down");
			return;
		}
		if (cname && strcmp(cname, XMIP_CHILD_BU))
			return;
		p->child_up = is_up;
		log_notice("CHILD_SA %s of %s %s: reqid %s, SPIs in %s out %s", XMIP_CHILD_BU, p->conn,
			   is_up ? "up" : "down", child && vici_value(child, "reqid") ? vici_value(child, "reqid") : "?",
			   child && vici_value(child, "spi-in") ? vici_value(child, "spi-in") : "-",
			   child && vici_value(child, "spi-out") ? vici_value(child, "spi-out") : "-");
		if (is_up && s->protection_up)
			s->protection_up(s->protection_up_ctx);
	} else if (!strcmp(name, "ike-update")) {
		/* The new endpoints come at the top, the SA as it was below. */
		copy_hosts(p, msg);
		log_notice("IKE SA %s moves to %s <-> %s (MOBIKE)", p->conn, p->local_host, p->remote_host);
	}
}

/* --- the session --------------------------------------------------------- */

static int command_ok(struct ipsec *s, const char *cmd, const struct vici_builder *msg, const char *what)
{
	struct vici_node *reply = NULL;
	char why[256];
	int ret = vici_conn_command(&s->cmd, cmd, msg, &reply, VICI_TIMEOUT_MS, NULL, NULL);

	if (ret) {
		log_err("charon: %s (%s): %s", cmd, what, strerror(-ret));
	} else if (!vici_reply_ok(reply, why, sizeof(why))) {
		log_err("charon refused %s (%s): %s", cmd, what, why);
		ret = -EINVAL;
	}
	vici_node_free(reply);
	return ret;
}

static int load_credentials(struct ipsec *s)
{
	struct vici_builder b;
	int ret;

	vici_builder_init(&b);
	vici_kv(&b, "type", "any");
	vici_kv(&b, "data", s->key_pem);
	ret = command_ok(s, "load-key", &b, s->cfg->private_key);
	vici_builder_free(&b);
	if (ret)
		return ret;
	vici_builder_init(&b);
	vici_kv(&b, "type", "X509");
	vici_kv(&b, "flag", "CA");
	vici_kv(&b, "data", s->ca_pem);
	ret = command_ok(s, "load-cert", &b, s->cfg->ca_certificate);
	vici_builder_free(&b);
	return ret;
}

static int load_conn(struct ipsec *s, struct ike_peer *p)
{
	struct vici_builder b;
	int ret;

	vici_builder_init(&b);
	ipsec_build_conn(s->cfg, &s->plan, p, s->cert_pem, &b);
	if (vici_builder_error(&b)) {
		log_err("connection %s: %s", p->conn, vici_builder_error(&b));
		ret = -EINVAL;
	} else {
		ret = command_ok(s, "load-conn", &b, p->conn);
	}
	vici_builder_free(&b);
	if (!ret) {
		s->conn_loads++;
		log_info("charon: connection %s loaded (reqid %#x)", p->conn, p->reqid);
	}
	return ret;
}

static void disconnect(struct ipsec *s)
{
	int i;

	s->evt_io = sd_event_source_unref(s->evt_io);
	vici_conn_close(&s->cmd);
	vici_conn_close(&s->evt);
	s->connected = false;
	for (i = 0; i < s->n_peers; i++)
		s->peers[i].ike_up = s->peers[i].child_up = false;
}

static void arm_timer(struct ipsec *s, uint64_t after_us)
{
	uint64_t now;

	sd_event_now(s->ev, CLOCK_MONOTONIC, &now);
	sd_event_source_set_time(s->timer, now + after_us);
	sd_event_source_set_enabled(s->timer, SD_EVENT_ONESHOT);
}

static void lost(struct ipsec *s, const char *why)
{
	log_warn("charon: %s; connecting again (its SAs and our policies stay in the kernel)", why);
	disconnect(s);
	s->backoff_us = RECONNECT_FIRST_US;
	arm_timer(s, s->backoff_us);
}

static int on_event_readable(sd_event_source *src, int fd, uint32_t revents, void *userdata)
{
	struct ipsec *s = userdata;

	(void)src;
	(void)fd;
	(void)revents;
	if (vici_conn_dispatch(&s->evt, on_event, s) < 0)
		lost(s, "the VICI event socket closed (charon stopped?)");
	return 0;
}

static int try_connect(struct ipsec *s)
{
	const char *path = s->cfg->vici_socket;
	size_t i;
	int ret;

	ret = vici_conn_open(&s->cmd, path);
	if (!ret)
		ret = vici_conn_open(&s->evt, path);
	if (ret) {
		if (!s->said_unreachable)
			log_warn("charon's VICI socket %s: %s; trying again (BUs wait for their SA)", path,
				 strerror(-ret));
		s->said_unreachable = true;
		disconnect(s);
		return ret;
	}
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		ret = vici_conn_register(&s->evt, events[i], true, VICI_TIMEOUT_MS, on_event, s);
		if (ret == -ENOENT)
			log_warn("charon has no '%s' event; continuing without it", events[i]);
		else if (ret)
			goto fail;
	}
	ret = sd_event_add_io(s->ev, &s->evt_io, s->evt.fd, EPOLLIN, on_event_readable, s);
	if (ret < 0 || (ret = load_credentials(s)))
		goto fail;
	for (i = 0; i < (size_t)s->n_peers; i++)
		if ((ret = load_conn(s, &s->peers[i])))
			goto fail;
	s->connected = true;
	s->said_unreachable = false;
	log_notice("charon: session up on %s, %d connection(s) loaded", path, s->n_peers);
	return 0;
fail:
	log_warn("charon: setting up the session failed: %s", strerror(-ret));
	disconnect(s);
	return ret;
}

/* Loads again whatever charon no longer has. */
static void check_conns(struct ipsec *s)
{
	struct vici_node *reply = NULL;
	const struct vici_node *list, *item;
	int i, ret;

	ret = vici_conn_command(&s->cmd, "get-conns", NULL, &reply, VICI_TIMEOUT_MS, NULL, NULL);
	if (ret) {
		vici_node_free(reply);
		lost(s, ret == -ECONNRESET ? "charon closed the VICI socket" : "get-conns failed");
		return;
	}
	list = vici_child(reply, "conns");
	for (i = 0; i < s->n_peers; i++) {
		bool there = false;

		for (item = list ? list->children : NULL; item && !there; item = item->next)
			there = !strcmp(item->value, s->peers[i].conn);
		if (!there) {
			log_notice("charon: connection %s is gone (swanctl --load-all unloads what VICI "
				   "loaded); loading it again", s->peers[i].conn);
			load_conn(s, &s->peers[i]);
		}
	}
	vici_node_free(reply);
}

static int on_timer(sd_event_source *src, uint64_t usec, void *userdata)
{
	struct ipsec *s = userdata;

	(void)src;
	(void)usec;
	if (s->connected) {
		check_conns(s);
		if (s->connected)
			arm_timer(s, WATCH_INTERVAL_US);
		return 0;
	}
	if (!try_connect(s)) {
		arm_timer(s, WATCH_INTERVAL_US);
		return 0;
	}
	s->backoff_us = s->backoff_us ? s->backoff_us * 2 : RECONNECT_FIRST_US;
	if (s->backoff_us > RECONNECT_MAX_US)
		s->backoff_us = RECONNECT_MAX_US;
	arm_timer(s, s->backoff_us);
	return 0;
}

/* --- policies ------------------------------------------------------------ */

static int set_policies(struct ipsec *s, struct xmip_error *err)
{
	int i, j;

	for (i = 0; i < s->n_peers; i++) {
		struct mh_policy pol[3];
		int n = 2;

		mh_policies_for(&s->peers[i].home_address, &s->plan.anchor6, s->peers[i].reqid, !s->plan.mobile,
				pol);
		if (s->plan.proxy) {
			/* Revocation (RFC 5846 11) both ways: the LMA's BRI,
			 * the MAG's BRA. The inbound policy covers every type. */
			pol[2] = s->plan.mobile ? pol[0] : pol[1];
			pol[2].mh_type = XMIP_MH_BRI;
			n = 3;
		}
		for (j = 0; j < n; j++)
			if (xfrm_mh_policy_set(&pol[j], err))
				return -EIO;
	}
	log_info("XFRM: BU and BA policies for %d home address(es) require ESP", s->n_peers);
	return 0;
}

int ipsec_start(struct ipsec **out, sd_event *ev, const struct ipsec_config *cfg, struct ipsec_plan *plan,
		struct xmip_error *err)
{
	struct ipsec *s = calloc(1, sizeof(*s));
	int ret;

	*out = NULL;
	if (!s) {
		ipsec_plan_free(plan);
		return xmip_err(err, -ENOMEM, "ipsec: out of memory");
	}
	s->cfg = cfg;
	s->plan = *plan;
	*plan = (struct ipsec_plan){ 0 };
	s->peers = s->plan.peers;
	s->n_peers = s->plan.n_peers;
	s->ev = ev;
	s->cmd.fd = s->evt.fd = -1;
	ret = -EINVAL;
	if (!(s->cert_pem = read_pem(cfg->certificate, err)) ||
	    !(s->key_pem = read_pem(cfg->private_key, err)) ||
	    !(s->ca_pem = read_pem(cfg->ca_certificate, err)))
		goto fail;
	if ((ret = set_policies(s, err)))
		goto fail;
	ret = sd_event_add_time(ev, &s->timer, CLOCK_MONOTONIC, 0, 0, on_timer, s);
	if (ret < 0) {
		xmip_err(err, ret, "ipsec timer: %s", strerror(-ret));
		goto fail;
	}
	*out = s;
	return 0;
fail:
	if (!err->msg[0])
		xmip_err(err, ret, "ipsec: %s", strerror(-ret));
	ipsec_stop(s);
	return ret;
}

void ipsec_on_protection_up(struct ipsec *s, void (*fn)(void *ctx), void *ctx)
{
	s->protection_up = fn;
	s->protection_up_ctx = ctx;
}

void ipsec_stop(struct ipsec *s)
{
	if (!s)
		return;
	disconnect(s);
	sd_event_source_unref(s->timer);
	ipsec_plan_free(&s->plan);
	free(s->cert_pem);
	if (s->key_pem)
		explicit_bzero(s->key_pem, strlen(s->key_pem));
	free(s->key_pem);
	free(s->ca_pem);
	free(s);
}

struct json_object *ipsec_report(void *ipsec, const char *args)
{
	struct ipsec *s = ipsec;
	struct json_object *o = json_object_new_object(), *conns = json_object_new_array();
	char buf[INET6_ADDRSTRLEN];
	int i;

	(void)args;
	json_object_object_add(o, "vici_socket", json_object_new_string(s->cfg->vici_socket));
	json_object_object_add(o, "charon", json_object_new_string(s->connected ? "connected" : "unreachable"));
	json_object_object_add(o, "connection_loads", json_object_new_int64(s->conn_loads));
	for (i = 0; i < s->n_peers; i++) {
		const struct ike_peer *p = &s->peers[i];
		struct json_object *c = json_object_new_object();

		json_object_object_add(c, "connection", json_object_new_string(p->conn));
		json_object_object_add(c, "peer", json_object_new_string(p->remote_id));
		inet_ntop(AF_INET6, &p->home_address, buf, sizeof(buf));
		json_object_object_add(c, "home_address", json_object_new_string(buf));
		json_object_object_add(c, "reqid", json_object_new_int64(p->reqid));
		json_object_object_add(c, "ike_sa", json_object_new_string(p->ike_up ? "up" : "down"));
		json_object_object_add(c, "bu_sa", json_object_new_string(p->child_up ? "up" : "down"));
		if (p->n_hoa4)
			json_object_object_add(c, "payload_sa",
					       json_object_new_string(p->payload_up ? "up" : "down"));
		json_object_object_add(c, "local_host", json_object_new_string(p->local_host));
		json_object_object_add(c, "remote_host", json_object_new_string(p->remote_host));
		json_object_array_add(conns, c);
	}
	json_object_object_add(o, "connections", conns);
	return o;
}
