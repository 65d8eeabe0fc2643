// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* xmipctl: asks a running xmipd for its status, counters and bindings. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "core/config.h"
#include "ctl/ctl_client.h"

#define CTL_TIMEOUT_MS 5000

static void usage(FILE *out)
{
	fprintf(out,
		"usage: xmipctl [-i INSTANCE | -s SOCKET | -c CONFIG] [--json] COMMAND [ROLE]\n"
		"commands:\n"
		"  status     role, interfaces and programs, map summary\n"
		"  stats      data-plane counters (one per event and drop reason)\n"
		"  bindings   bindings as the data plane holds them\n"
		"  registrations [ROLE]  signalling state of the role (home-agent, lma:\n"
		"             its binding cache; mobile-node: its binding update list);\n"
		"             every role's when the agent runs several and none is named\n"
		"  ipsec      the session with charon and each IKE and BU SA\n"
		"options:\n"
		"  -i, --instance NAME   talk to " XMIP_RUN_DIR "/NAME.sock\n"
		"  -s, --socket PATH     talk to this control socket\n"
		"  -c, --config FILE     use the control socket named in FILE\n"
		"                        (default: " XMIP_DEFAULT_CONFIG ")\n"
		"  -j, --json            print the agent's JSON reply as is\n");
}

static const char *jget(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

static void print_ipsec(struct json_object *o)
{
	struct json_object *list;
	size_t i;

	printf("charon: %s (%s), connections loaded %s time(s)\n", jget(o, "charon"),
	       jget(o, "vici_socket"), jget(o, "connection_loads"));
	if (!json_object_object_get_ex(o, "connections", &list))
		return;
	printf("%-28s %-26s %-6s %-6s %-8s %s\n", "CONNECTION", "HOME ADDRESS", "IKE", "BU SA",
	       "PAYLOAD", "IKE ENDPOINTS");
	for (i = 0; i < json_object_array_length(list); i++) {
		struct json_object *c = json_object_array_get_idx(list, i);

		printf("%-28s %-26s %-6s %-6s %-8s %s <-> %s\n", jget(c, "connection"),
		       jget(c, "home_address"), jget(c, "ike_sa"), jget(c, "bu_sa"),
		       json_object_object_get_ex(c, "payload_sa", NULL) ? jget(c, "payload_sa") : "-",
		       jget(c, "local_host"), jget(c, "remote_host"));
	}
}

static void print_status(struct json_object *o)
{
	struct json_object *ifs;
	size_t i;

	printf("instance     %s\nrole         %s\npid          %s\nuptime       %s s\n"
	       "config       %s\npinned maps  %s (%s)\nbindings     %s IPv6, %s IPv4\n",
	       jget(o, "instance"), jget(o, "role"), jget(o, "pid"), jget(o, "uptime_s"),
	       jget(o, "config"), jget(o, "pin_dir"),
	       strcmp(jget(o, "maps_reused"), "true") == 0 ? "reused after restart" : "created",
	       jget(o, "bindings_ipv6"), jget(o, "bindings_ipv4"));
	if (json_object_object_get_ex(o, "bu_protection", &ifs))
		printf("BU/BA        %s\n", json_object_get_string(ifs));
	if (json_object_object_get_ex(o, "warnings", &ifs))
		for (i = 0; i < json_object_array_length(ifs); i++)
			printf("WARNING      %s\n", json_object_get_string(json_object_array_get_idx(ifs, i)));
	if (!json_object_object_get_ex(o, "interfaces", &ifs))
		return;
	printf("\n%-16s %-8s %s\n", "INTERFACE", "XDP", "TC EGRESS");
	for (i = 0; i < json_object_array_length(ifs); i++) {
		struct json_object *e = json_object_array_get_idx(ifs, i);

		printf("%-16s %-8s %s\n", jget(e, "name"), jget(e, "xdp"),
		       strcmp(jget(e, "tc_egress"), "true") == 0 ? "yes" : "no");
	}
}

static void print_stats(struct json_object *o)
{
	struct json_object *list;
	size_t i;

	if (!json_object_object_get_ex(o, "counters", &list))
		return;
	for (i = 0; i < json_object_array_length(list); i++) {
		struct json_object *e = json_object_array_get_idx(list, i);

		printf("%14s  %-20s %s\n", jget(e, "value"), jget(e, "name"), jget(e, "description"));
	}
}

/* One line per key: value of an object (the MN's list entry, each of the
 * HA's registrations). */
static void print_fields(struct json_object *o)
{
	json_object_object_foreach(o, key, val)
		printf("  %-16s %s\n", key, json_object_get_string(val));
}

/* A role's report: a list of registrations (an anchor's binding cache),
 * or its fields (a mobile node's binding update list entry). */
static void print_registrations(struct json_object *o)
{
	struct json_object *list;
	size_t i, n;

	if (!json_object_object_get_ex(o, "registrations", &list)) {
		printf("signalling state:\n");
		print_fields(o);
		return;
	}
	n = json_object_array_length(list);
	if (!n)
		printf("no registrations\n");
	for (i = 0; i < n; i++) {
		printf("registration %zu:\n", i + 1);
		print_fields(json_object_array_get_idx(list, i));
	}
}

static void print_bindings(struct json_object *o)
{
	struct json_object *list;
	size_t i;

	if (!json_object_object_get_ex(o, "bindings", &list))
		return;
	if (json_object_array_length(list) == 0) {
		printf("no bindings\n");
		return;
	}
	printf("%-40s %-6s %-40s %-6s %s\n", "HOME", "FORMAT", "CARE-OF", "PORT", "NAT");
	for (i = 0; i < json_object_array_length(list); i++) {
		struct json_object *e = json_object_array_get_idx(list, i);

		printf("%-40s %-6s %-40s %-6s %s\n", jget(e, "home"), jget(e, "format"),
		       jget(e, "care_of"), jget(e, "remote_port"),
		       strcmp(jget(e, "nat"), "true") == 0 ? "yes" : "no");
	}
	if (strcmp(jget(o, "truncated"), "true") == 0)
		printf("(list truncated)\n");
}

static int socket_from_config(const char *file, char *path, size_t len)
{
	struct xmip_config cfg;
	char msg[1024];

	if (xmip_config_load(file, &cfg, msg, sizeof(msg))) {
		fprintf(stderr, "xmipctl: %s\n", msg);
		return -1;
	}
	snprintf(path, len, "%s", cfg.control_socket);
	xmip_config_free(&cfg);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "instance", required_argument, NULL, 'i' },
		{ "socket", required_argument, NULL, 's' },
		{ "config", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	char path[108] = "", request[128];
	struct xmip_error err = { 0 };
	struct json_object *reply, *e;
	const char *cmd;
	int json = 0, c, ret = 0;

	while ((c = getopt_long(argc, argv, "i:s:c:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			snprintf(path, sizeof(path), "%s/%s.sock", XMIP_RUN_DIR, optarg);
			break;
		case 's':
			snprintf(path, sizeof(path), "%s", optarg);
			break;
		case 'c':
			if (socket_from_config(optarg, path, sizeof(path)))
				return 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1 && !(optind == argc - 2 && !strcmp(argv[optind], "registrations"))) {
		usage(stderr);
		return 2;
	}
	cmd = argv[optind];
	/* "registrations ROLE": one role of an agent that runs several. */
	if (optind == argc - 2)
		snprintf(request, sizeof(request), "%s %s", cmd, argv[optind + 1]);
	else
		snprintf(request, sizeof(request), "%s", cmd);
	/* No socket named: the one of the installed configuration. */
	if (!path[0] && socket_from_config(XMIP_DEFAULT_CONFIG, path, sizeof(path))) {
		fprintf(stderr, "xmipctl: name the agent with -i INSTANCE, -s SOCKET or -c CONFIG\n");
		return 1;
	}
	if (strcmp(cmd, "status") && strcmp(cmd, "stats") && strcmp(cmd, "bindings") &&
	    strcmp(cmd, "registrations") && strcmp(cmd, "ipsec")) {
		fprintf(stderr, "xmipctl: unknown command '%s'\n", cmd);
		usage(stderr);
		return 2;
	}
	if (ctl_request(path, request, CTL_TIMEOUT_MS, &reply, &err)) {
		fprintf(stderr, "xmipctl: %s\n", err.msg);
		return 1;
	}
	if (json_object_object_get_ex(reply, "error", &e)) {
		fprintf(stderr, "xmipctl: xmipd: %s\n", json_object_get_string(e));
		ret = 1;
	} else if (json) {
		printf("%s\n", json_object_to_json_string_ext(reply, JSON_C_TO_STRING_PRETTY));
	} else if (strcmp(cmd, "status") == 0) {
		print_status(reply);
	} else if (strcmp(cmd, "stats") == 0) {
		print_stats(reply);
	} else if (strcmp(cmd, "bindings") == 0) {
		print_bindings(reply);
	} else if (strcmp(cmd, "ipsec") == 0) {
		print_ipsec(reply);
	} else {
		print_registrations(reply);
	}
	json_object_put(reply);
	return ret;
}
