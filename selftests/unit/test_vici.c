// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The VICI client: the message and packet codec against the byte example of
 * the vici plugin's README, malformed input, and the connection against a
 * fake daemon on a UNIX socket (a thread that answers from a script). The
 * client against the real charon runs in selftests/netns/test_ipsec_ike.sh.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include "helpers.h"
#include "core/role.h"
#include "dsmip6/ha_config.h"
#include "dsmip6/mn_config.h"
#include "pmip/lma_config.h"
#include "pmip/mag_config.h"
#include "ipsec/ipsec_conns.h"
#include "ipsec/vici_conn.h"
#include "ipsec/vici_msg.h"

/* The README's "Encoding example", byte for byte. */
static const uint8_t readme_example[] = {
	3, 4, 'k', 'e', 'y', '1', 0, 6, 'v', 'a', 'l', 'u', 'e', '1',
	1, 8, 's', 'e', 'c', 't', 'i', 'o', 'n', '1',
	1, 11, 's', 'u', 'b', '-', 's', 'e', 'c', 't', 'i', 'o', 'n',
	3, 4, 'k', 'e', 'y', '2', 0, 6, 'v', 'a', 'l', 'u', 'e', '2',
	2,
	4, 5, 'l', 'i', 's', 't', '1',
	5, 0, 5, 'i', 't', 'e', 'm', '1',
	5, 0, 5, 'i', 't', 'e', 'm', '2',
	6,
	2,
};

static void build_readme_example(struct vici_builder *b)
{
	vici_builder_init(b);
	vici_kv(b, "key1", "value1");
	vici_section_start(b, "section1");
	vici_section_start(b, "sub-section");
	vici_kv(b, "key2", "value2");
	vici_section_end(b);
	vici_list_start(b, "list1");
	vici_list_item(b, "item1");
	vici_list_item(b, "item2");
	vici_list_end(b);
	vici_section_end(b);
}

static void encodes_the_readme_example(void **state)
{
	struct vici_builder b;

	(void)state;
	build_readme_example(&b);
	assert_null(vici_builder_error(&b));
	assert_int_equal(b.len, sizeof(readme_example));
	assert_memory_equal(b.data, readme_example, sizeof(readme_example));
	vici_builder_free(&b);
}

static void parses_the_readme_example(void **state)
{
	char err[128];
	struct vici_node *root = vici_parse(readme_example, sizeof(readme_example), err, sizeof(err));
	const struct vici_node *list, *item;

	(void)state;
	assert_non_null(root);
	assert_string_equal(vici_value(root, "key1"), "value1");
	assert_string_equal(vici_value(root, "section1.sub-section.key2"), "value2");
	assert_null(vici_value(root, "section1.key2"));
	assert_null(vici_value(root, "section1"));        /* a section, not a value */
	list = vici_child(vici_child(root, "section1"), "list1");
	assert_non_null(list);
	assert_int_equal(list->kind, VICI_NODE_LIST);
	item = list->children;
	assert_string_equal(item->value, "item1");
	assert_string_equal(item->next->value, "item2");
	assert_null(item->next->next);
	assert_string_equal(vici_first_section(root)->name, "section1");
	vici_node_free(root);
}

static void refuses_malformed_messages(void **state)
{
	static const struct {
		const char *what;
		uint8_t bytes[16];
		size_t len;
	} bad[] = {
		{ "truncated value", { 3, 1, 'k', 0, 5, 'a' }, 6 },
		{ "truncated name", { 1, 9, 's' }, 3 },
		{ "unclosed section", { 1, 1, 's' }, 3 },
		{ "end without section", { 2 }, 1 },
		{ "section in a list", { 4, 1, 'l', 1, 1, 's', 2, 6 }, 8 },
		{ "item outside a list", { 5, 0, 1, 'x' }, 4 },
		{ "unclosed list", { 4, 1, 'l', 5, 0, 1, 'x' }, 7 },
		{ "unknown element", { 9 }, 1 },
	};
	char err[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_null(vici_parse(bad[i].bytes, bad[i].len, err, sizeof(err)));
		if (!strstr(err, "VICI message:"))
			fail_msg("%s: no reason given", bad[i].what);
	}
}

static void builder_reports_misuse(void **state)
{
	struct vici_builder b;
	char longname[300];

	(void)state;
	vici_builder_init(&b);
	vici_section_start(&b, "open");
	assert_string_equal(vici_builder_error(&b), "unclosed section or list");
	vici_builder_free(&b);

	vici_builder_init(&b);
	vici_list_item(&b, "x");
	assert_string_equal(vici_builder_error(&b), "list item outside a list");
	vici_builder_free(&b);

	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	vici_builder_init(&b);
	vici_kv(&b, longname, "v");
	assert_string_equal(vici_builder_error(&b), "name longer than 255 bytes");
	vici_builder_free(&b);
}

static void encodes_and_decodes_packets(void **state)
{
	static const uint8_t version_request[] = { 0, 0, 0, 9, 0, 7, 'v', 'e', 'r', 's', 'i', 'o', 'n' };
	static const uint8_t confirm[] = { 0, 0, 0, 1, 5 };
	struct vici_builder out;
	struct vici_packet p;

	(void)state;
	vici_builder_init(&out);
	assert_int_equal(vici_packet_encode(&out, VICI_CMD_REQUEST, "version", NULL), 0);
	assert_memory_equal(out.data, version_request, sizeof(version_request));
	assert_int_equal(out.len, sizeof(version_request));
	vici_builder_free(&out);

	vici_builder_init(&out);
	assert_int_equal(vici_packet_encode(&out, VICI_EVENT_CONFIRM, NULL, NULL), 0);
	assert_memory_equal(out.data, confirm, sizeof(confirm));
	vici_builder_free(&out);

	assert_int_equal(vici_packet_decode(version_request + 4, 9, &p), 0);
	assert_int_equal(p.type, VICI_CMD_REQUEST);
	assert_string_equal(p.name, "version");
	assert_int_equal(p.msg_len, 0);
	assert_int_equal(vici_packet_decode(version_request + 4, 5, &p), -EBADMSG); /* name cut */
	assert_int_equal(vici_packet_decode((const uint8_t[]){ 8 }, 1, &p), -EBADMSG);
	assert_int_equal(vici_packet_decode(confirm + 4, 1, &p), 0);
	assert_int_equal(p.type, VICI_EVENT_CONFIRM);
}

/* --- a fake daemon ------------------------------------------------------- */

#define MAX_STEPS 4

/* For each request the daemon receives: the bytes it answers with (several
 * writes, to split segments), or a hang-up. */
struct step {
	const uint8_t *writes[3];
	size_t lens[3];
	bool hang_up;
	bool silent;
};

struct fake_daemon {
	char path[108];
	int listen_fd;
	pthread_t thread;
	struct step steps[MAX_STEPS];
	int n_steps;
	uint8_t requests[MAX_STEPS][256];   /* what arrived, as segments */
	size_t request_lens[MAX_STEPS];
};

static int read_segment(int fd, uint8_t *buf, size_t cap)
{
	uint8_t hdr[4];
	size_t len, got = 0;

	if (recv(fd, hdr, 4, MSG_WAITALL) != 4)
		return -1;
	len = (size_t)hdr[0] << 24 | (size_t)hdr[1] << 16 | (size_t)hdr[2] << 8 | hdr[3];
	if (len > cap)
		return -1;
	while (got < len) {
		ssize_t n = recv(fd, buf + got, len - got, 0);

		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return (int)len;
}

static void *daemon_main(void *arg)
{
	struct fake_daemon *d = arg;
	int fd = accept(d->listen_fd, NULL, NULL);
	int i, w;

	for (i = 0; fd >= 0 && i < d->n_steps; i++) {
		int n = read_segment(fd, d->requests[i], sizeof(d->requests[i]));

		if (n < 0)
			break;
		d->request_lens[i] = (size_t)n;
		if (d->steps[i].hang_up)
			break;
		if (d->steps[i].silent)
			continue;
		for (w = 0; w < 3 && d->steps[i].writes[w]; w++) {
			assert_int_equal(send(fd, d->steps[i].writes[w], d->steps[i].lens[w], MSG_NOSIGNAL),
					 (ssize_t)d->steps[i].lens[w]);
			usleep(20000);   /* separate writes, so the client sees partial segments */
		}
	}
	if (fd >= 0) {
		/* Keep the connection until the client closes it, unless told
		 * to hang up. */
		if (!(i < d->n_steps && d->steps[i].hang_up)) {
			uint8_t sink[64];

			while (recv(fd, sink, sizeof(sink), 0) > 0)
				;
		}
		close(fd);
	}
	return NULL;
}

static void daemon_start(struct fake_daemon *d)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	snprintf(d->path, sizeof(d->path), "/tmp/xmip-test-vici-%d.sock", getpid());
	unlink(d->path);
	strcpy(sun.sun_path, d->path);
	d->listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(d->listen_fd >= 0);
	assert_int_equal(bind(d->listen_fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(listen(d->listen_fd, 1), 0);
	assert_int_equal(pthread_create(&d->thread, NULL, daemon_main, d), 0);
}

static void daemon_stop(struct fake_daemon *d)
{
	pthread_join(d->thread, NULL);
	close(d->listen_fd);
	unlink(d->path);
}

/* An EVENT "ike-updown" { up = yes }, and a CMD_RESPONSE { success = yes }. */
static const uint8_t ev_updown[] = { 0, 0, 0, 0x15, 7, 10, 'i', 'k', 'e', '-', 'u', 'p', 'd', 'o', 'w', 'n',
				     3, 2, 'u', 'p', 0, 3, 'y', 'e', 's' };
static const uint8_t resp_ok[] = { 0, 0, 0, 0x0f, 1, 3, 7, 's', 'u', 'c', 'c', 'e', 's', 's', 0, 3, 'y', 'e', 's' };
static const uint8_t resp_fail[] = { 0, 0, 0, 0x20, 1, 3, 7, 's', 'u', 'c', 'c', 'e', 's', 's', 0, 2, 'n', 'o',
				     3, 6, 'e', 'r', 'r', 'm', 's', 'g', 0, 8, 'b', 'a', 'd', ' ', 'c', 'o', 'n', 'n' };
static const uint8_t unknown_cmd[] = { 0, 0, 0, 1, 2 };
static const uint8_t confirm[] = { 0, 0, 0, 1, 5 };
static const uint8_t unknown_event[] = { 0, 0, 0, 1, 6 };

struct seen {
	int events;
	char last[64];
	char up[8];
};

static void on_event(void *ctx, const char *name, const struct vici_node *msg)
{
	struct seen *s = ctx;
	const char *up = vici_value(msg, "up");

	s->events++;
	snprintf(s->last, sizeof(s->last), "%s", name);
	snprintf(s->up, sizeof(s->up), "%s", up ? up : "");
}

static void command_answers_with_events_between(void **state)
{
	struct fake_daemon d = { .n_steps = 2 };
	struct vici_conn c;
	struct vici_builder msg;
	struct vici_node *reply = NULL;
	struct seen seen = { 0 };
	struct vici_packet p;
	char err[64];

	(void)state;
	/* An event, then the response cut in two writes. */
	d.steps[0] = (struct step){ .writes = { ev_updown, resp_ok, resp_ok + 5 }, .lens = { sizeof(ev_updown), 5, sizeof(resp_ok) - 5 } };
	d.steps[1] = (struct step){ .writes = { resp_fail }, .lens = { sizeof(resp_fail) } };
	daemon_start(&d);
	assert_int_equal(vici_conn_open(&c, d.path), 0);

	vici_builder_init(&msg);
	vici_section_start(&msg, "conn");
	vici_kv(&msg, "version", "2");
	vici_section_end(&msg);
	assert_int_equal(vici_conn_command(&c, "load-conn", &msg, &reply, 2000, on_event, &seen), 0);
	assert_int_equal(seen.events, 1);
	assert_string_equal(seen.last, "ike-updown");
	assert_string_equal(seen.up, "yes");
	assert_true(vici_reply_ok(reply, err, sizeof(err)));
	vici_node_free(reply);

	assert_int_equal(vici_conn_command(&c, "load-conn", &msg, &reply, 2000, NULL, NULL), 0);
	assert_false(vici_reply_ok(reply, err, sizeof(err)));
	assert_string_equal(err, "bad conn");
	vici_node_free(reply);
	vici_conn_close(&c);
	daemon_stop(&d);

	/* What the daemon received: a named request with the message. */
	assert_int_equal(vici_packet_decode(d.requests[0], d.request_lens[0], &p), 0);
	assert_int_equal(p.type, VICI_CMD_REQUEST);
	assert_string_equal(p.name, "load-conn");
	assert_int_equal(p.msg_len, msg.len);
	assert_memory_equal(p.msg, msg.data, msg.len);
	vici_builder_free(&msg);
}

static void unknown_commands_and_events(void **state)
{
	struct fake_daemon d = { .n_steps = 3 };
	struct vici_conn c;
	struct vici_packet p;

	(void)state;
	d.steps[0] = (struct step){ .writes = { unknown_cmd }, .lens = { sizeof(unknown_cmd) } };
	d.steps[1] = (struct step){ .writes = { confirm }, .lens = { sizeof(confirm) } };
	d.steps[2] = (struct step){ .writes = { unknown_event }, .lens = { sizeof(unknown_event) } };
	daemon_start(&d);
	assert_int_equal(vici_conn_open(&c, d.path), 0);
	assert_int_equal(vici_conn_command(&c, "no-such-command", NULL, NULL, 2000, NULL, NULL), -EOPNOTSUPP);
	assert_int_equal(vici_conn_register(&c, "ike-update", true, 2000, NULL, NULL), 0);
	assert_int_equal(vici_conn_register(&c, "no-such-event", true, 2000, NULL, NULL), -ENOENT);
	vici_conn_close(&c);
	daemon_stop(&d);
	assert_int_equal(vici_packet_decode(d.requests[1], d.request_lens[1], &p), 0);
	assert_int_equal(p.type, VICI_EVENT_REGISTER);
	assert_string_equal(p.name, "ike-update");
}

static void silence_and_hang_up(void **state)
{
	struct fake_daemon d = { .n_steps = 2 };
	struct vici_conn c;

	(void)state;
	d.steps[0] = (struct step){ .silent = true };
	d.steps[1] = (struct step){ .hang_up = true };
	daemon_start(&d);
	assert_int_equal(vici_conn_open(&c, d.path), 0);
	assert_int_equal(vici_conn_command(&c, "version", NULL, NULL, 100, NULL, NULL), -ETIMEDOUT);
	assert_int_equal(vici_conn_command(&c, "version", NULL, NULL, 2000, NULL, NULL), -ECONNRESET);
	vici_conn_close(&c);
	daemon_stop(&d);
	assert_int_equal(vici_conn_open(&c, d.path), -ENOENT);   /* no daemon at all */
}

/* Events read without blocking, a segment split across reads, then EOF. */
static void dispatch_reads_events_until_hang_up(void **state)
{
	int sv[2];
	struct vici_conn c = { .fd = -1 };
	struct seen seen = { 0 };

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
	c.fd = sv[0];
	assert_int_equal(vici_conn_dispatch(&c, on_event, &seen), 0);   /* nothing yet */
	assert_int_equal(send(sv[1], ev_updown, 9, 0), 9);
	assert_int_equal(vici_conn_dispatch(&c, on_event, &seen), 0);
	assert_int_equal(seen.events, 0);
	assert_int_equal(send(sv[1], ev_updown + 9, sizeof(ev_updown) - 9, 0), (ssize_t)sizeof(ev_updown) - 9);
	assert_int_equal(send(sv[1], ev_updown, sizeof(ev_updown), 0), (ssize_t)sizeof(ev_updown));
	assert_int_equal(vici_conn_dispatch(&c, on_event, &seen), 0);
	assert_int_equal(seen.events, 2);
	close(sv[1]);
	assert_int_equal(vici_conn_dispatch(&c, on_event, &seen), -ECONNRESET);
	vici_conn_close(&c);
}

/* What the agent loads into charon: a mobile node's connection to its home
 * agent (initiated on load), a home agent's to each node (answered). */
static void list_is(const struct vici_node *conn, const char *path, const char *want)
{
	char section[64];
	const char *dot = strrchr(path, '.');
	const struct vici_node *list, *sec = conn;

	if (dot) {
		snprintf(section, sizeof(section), "%.*s", (int)(dot - path), path);
		for (char *tok = strtok(section, "."); tok; tok = strtok(NULL, "."))
			sec = vici_child(sec, tok);
		path = dot + 1;
	}
	list = vici_child(sec, path);
	assert_non_null(list);
	assert_int_equal(list->kind, VICI_NODE_LIST);
	assert_string_equal(list->children->value, want);
}

extern const struct xmip_role dsmip6_home_agent_role, dsmip6_mobile_node_role;

static void builds_connections(void **state)
{
	struct ipsec_config ip = { 0 };
	struct mn_config mn = { 0 };
	struct ha_config ha = { 0 };
	struct mn_authz mns[2] = { { .id = "mn1@example.net" }, { .id = "mn2@example.net" } };
	struct ipsec_plan plan = { 0 };
	struct vici_builder b;
	struct vici_node *msg;
	const struct vici_node *conn;
	char err[128];

	(void)state;
	snprintf(ip.identity, sizeof(ip.identity), "mn1@example.net");
	snprintf(ip.peer_identity, sizeof(ip.peer_identity), "ha.example.net");
	inet_pton(AF_INET6, "2001:db8:100::10", &mn.home_address6);
	inet_pton(AF_INET6, "2001:db8:1::2", &mn.home_agent6);
	inet_pton(AF_INET, "198.51.100.2", &mn.home_agent4);
	mn.has_home_agent4 = true;
	assert_int_equal(dsmip6_mobile_node_role.ipsec_plan(&mn, &ip, &plan), 0);
	assert_int_equal(plan.n_peers, 1);
	vici_builder_init(&b);
	ipsec_build_conn(&ip, &plan, &plan.peers[0], "PEM", &b);
	assert_null(vici_builder_error(&b));
	msg = vici_parse(b.data, b.len, err, sizeof(err));
	conn = vici_child(msg, "xmip-ha.example.net");
	assert_non_null(conn);
	assert_string_equal(vici_value(conn, "mobike"), "yes");
	assert_string_equal(vici_value(conn, "local.id"), "mn1@example.net");
	assert_string_equal(vici_value(conn, "remote.id"), "ha.example.net");
	list_is(conn, "remote_addrs", "2001:db8:1::2");
	list_is(conn, "local.certs", "PEM");
	assert_string_equal(vici_value(conn, "children.bu.mode"), "transport_proxy");
	assert_string_equal(vici_value(conn, "children.bu.rekey_time"), "0");
	assert_string_equal(vici_value(conn, "children.bu.policies"), "no");
	assert_string_equal(vici_value(conn, "children.bu.reqid"), "2020409345");
	assert_string_equal(vici_value(conn, "children.bu.start_action"), "start");
	list_is(conn, "children.bu.local_ts", "2001:db8:100::10/128");
	list_is(conn, "children.bu.remote_ts", "2001:db8:1::2/128");
	assert_null(vici_child(vici_child(conn, "children"), "payload"));
	vici_node_free(msg);
	vici_builder_free(&b);
	ipsec_plan_free(&plan);

	/* The home agent: one per node, its own addresses local, no start. */
	ha.mobile_nodes = mns;
	ha.n_mobile_nodes = 2;
	inet_pton(AF_INET6, "2001:db8:100::20", &mns[1].home_address6);
	ha.address6 = mn.home_agent6;
	assert_int_equal(dsmip6_home_agent_role.ipsec_plan(&ha, &ip, &plan), 0);
	assert_int_equal(plan.n_peers, 2);
	assert_int_equal(plan.peers[1].reqid, XMIP_REQID_BASE + 2);
	vici_builder_init(&b);
	ipsec_build_conn(&ip, &plan, &plan.peers[1], "PEM", &b);
	msg = vici_parse(b.data, b.len, err, sizeof(err));
	conn = vici_child(msg, "xmip-mn2@example.net");
	assert_non_null(conn);
	assert_string_equal(vici_value(conn, "remote.id"), "mn2@example.net");
	list_is(conn, "local_addrs", "2001:db8:1::2");
	assert_null(vici_child(conn, "remote_addrs"));
	assert_null(vici_value(conn, "children.bu.start_action"));
	list_is(conn, "children.bu.local_ts", "2001:db8:1::2/128");
	list_is(conn, "children.bu.remote_ts", "2001:db8:100::20/128");
	vici_node_free(msg);
	vici_builder_free(&b);
	ipsec_plan_free(&plan);
}

/* RFC 5555 5.2.2 on: a second CHILD_SA, tunnel mode, charon's policies,
 * between the IPv4 home addresses and anywhere. */
static void builds_the_payload_tunnel(void **state)
{
	struct ipsec_config ip = { 0 };
	struct mn_config mn_cfg = { 0 };
	struct ha_config ha_cfg = { 0 };
	struct mn_authz mns[1] = { { .id = "mn1@example.net", .n_v4_hoas = 1 } };
	struct ipsec_plan plan = { 0 };
	struct vici_builder b;
	struct vici_node *msg;
	const struct vici_node *conn;
	char err[128];
	int role;

	(void)state;
	snprintf(ip.identity, sizeof(ip.identity), "mn1@example.net");
	snprintf(ip.peer_identity, sizeof(ip.peer_identity), "ha.example.net");
	ip.protect_ipv4_payload = true;
	inet_pton(AF_INET, "192.0.2.100", &mn_cfg.home_address4);
	mn_cfg.has_home_address4 = true;
	inet_pton(AF_INET, "192.0.2.100", &mns[0].v4_hoas[0]);
	ha_cfg.mobile_nodes = mns;
	ha_cfg.n_mobile_nodes = 1;
	for (role = 0; role < 2; role++) {
		bool ha = role == 1;

		if (ha)
			assert_int_equal(dsmip6_home_agent_role.ipsec_plan(&ha_cfg, &ip, &plan), 0);
		else
			assert_int_equal(dsmip6_mobile_node_role.ipsec_plan(&mn_cfg, &ip, &plan), 0);
		assert_int_equal(plan.peers[0].n_hoa4, 1);
		vici_builder_init(&b);
		ipsec_build_conn(&ip, &plan, &plan.peers[0], "PEM", &b);
		assert_null(vici_builder_error(&b));
		msg = vici_parse(b.data, b.len, err, sizeof(err));
		conn = vici_first_section(msg);
		assert_non_null(conn);
		assert_string_equal(vici_value(conn, "children.payload.mode"), "tunnel");
		assert_null(vici_value(conn, "children.payload.policies"));   /* charon's */
		list_is(conn, "children.payload.local_ts", ha ? "0.0.0.0/0" : "192.0.2.100/32");
		list_is(conn, "children.payload.remote_ts", ha ? "192.0.2.100/32" : "0.0.0.0/0");
		if (ha)
			assert_null(vici_value(conn, "children.payload.start_action"));
		else
			assert_string_equal(vici_value(conn, "children.payload.start_action"), "start");
		assert_string_equal(vici_value(conn, "children.bu.mode"), "transport_proxy");
		vici_node_free(msg);
		vici_builder_free(&b);
		ipsec_plan_free(&plan);
	}
}

extern const struct xmip_role pmip_lma_role, pmip_mag_role;

/* Proxy mobility (RFC 5213 4): MAG and LMA at fixed addresses, which are
 * the SA's too: transport mode, no MOBIKE; the LMA has a connection per
 * MAG (the MAG's id its IKE identity), the MAG one to its LMA. */
static void builds_the_mag_lma_connection(void **state)
{
	struct ipsec_config ip = { 0 };
	struct lma_config lma = { 0 };
	struct mag_config mag = { 0 };
	struct ipsec_plan plan = { 0 };
	struct vici_builder b;
	struct vici_node *msg;
	const struct vici_node *conn;
	char err[128];

	(void)state;
	snprintf(ip.identity, sizeof(ip.identity), "mag1");
	snprintf(ip.peer_identity, sizeof(ip.peer_identity), "lma.example.net");
	inet_pton(AF_INET6, "2001:db8:21::2", &mag.address6);
	inet_pton(AF_INET6, "2001:db8:2::1", &mag.lma_address6);
	assert_int_equal(pmip_mag_role.ipsec_plan(&mag, &ip, &plan), 0);
	assert_true(plan.proxy && plan.mobile);
	vici_builder_init(&b);
	ipsec_build_conn(&ip, &plan, &plan.peers[0], "PEM", &b);
	msg = vici_parse(b.data, b.len, err, sizeof(err));
	conn = vici_child(msg, "xmip-lma.example.net");
	assert_non_null(conn);
	assert_string_equal(vici_value(conn, "mobike"), "no");
	list_is(conn, "remote_addrs", "2001:db8:2::1");
	assert_string_equal(vici_value(conn, "children.bu.mode"), "transport");
	assert_string_equal(vici_value(conn, "children.bu.start_action"), "start");
	list_is(conn, "children.bu.local_ts", "2001:db8:21::2/128");
	list_is(conn, "children.bu.remote_ts", "2001:db8:2::1/128");
	vici_node_free(msg);
	vici_builder_free(&b);
	ipsec_plan_free(&plan);

	snprintf(ip.identity, sizeof(ip.identity), "lma.example.net");
	lma.address6 = mag.lma_address6;
	lma.n_mags = 2;
	snprintf(lma.mags[0].id, sizeof(lma.mags[0].id), "mag1");
	snprintf(lma.mags[1].id, sizeof(lma.mags[1].id), "mag2");
	lma.mags[0].address6 = mag.address6;
	inet_pton(AF_INET6, "2001:db8:22::2", &lma.mags[1].address6);
	assert_int_equal(pmip_lma_role.ipsec_plan(&lma, &ip, &plan), 0);
	assert_true(plan.proxy && !plan.mobile);
	assert_int_equal(plan.n_peers, 2);
	vici_builder_init(&b);
	ipsec_build_conn(&ip, &plan, &plan.peers[1], "PEM", &b);
	msg = vici_parse(b.data, b.len, err, sizeof(err));
	conn = vici_child(msg, "xmip-mag2");
	assert_non_null(conn);
	assert_string_equal(vici_value(conn, "remote.id"), "mag2");
	list_is(conn, "local_addrs", "2001:db8:2::1");
	assert_string_equal(vici_value(conn, "children.bu.mode"), "transport");
	assert_null(vici_value(conn, "children.bu.start_action"));
	list_is(conn, "children.bu.remote_ts", "2001:db8:22::2/128");
	vici_node_free(msg);
	vici_builder_free(&b);
	ipsec_plan_free(&plan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builds_the_mag_lma_connection),
		cmocka_unit_test(encodes_the_readme_example),
		cmocka_unit_test(builds_the_payload_tunnel),
		cmocka_unit_test(parses_the_readme_example),
		cmocka_unit_test(refuses_malformed_messages),
		cmocka_unit_test(builder_reports_misuse),
		cmocka_unit_test(encodes_and_decodes_packets),
		cmocka_unit_test(command_answers_with_events_between),
		cmocka_unit_test(unknown_commands_and_events),
		cmocka_unit_test(silence_and_hang_up),
		cmocka_unit_test(dispatch_reads_events_until_hang_up),
		cmocka_unit_test(builds_connections),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
