// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* xmipd: the xmip agent. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "core/config.h"
#include "core/daemon.h"
#include "core/dp_setup.h"
#include "core/log.h"
#include "core/role.h"
#include "xmip_loader.h"

/* The loader's own lines (fallbacks, reuse, libbpf debug) join our log. */
static void loader_log_bridge(int level, const char *msg)
{
	log_msg(level, "%s", msg);
}

/* What the roles keep outside the data plane (a state file). */
static int cleanup_roles(const struct xmip_config *cfg, struct xmip_error *err)
{
	int i, ret;

	for (i = 0; i < cfg->n_roles; i++) {
		const struct xmip_role *r = cfg->roles[i].role;

		if (r->cleanup && (ret = r->cleanup(cfg->roles[i].cfg, err)))
			return ret;
	}
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: xmipd [-c FILE] [-l LEVEL] [--check | --cleanup]\n"
		"  -c, --config FILE     configuration (default " XMIP_DEFAULT_CONFIG ")\n"
		"  -l, --log-level LEVEL err, warning, notice, info or debug (overrides the file)\n"
		"      --check           validate the configuration and exit\n"
		"      --cleanup         detach the instance's programs, remove its pinned maps\n"
		"                        (and its bindings) and its tunnel interface, then exit\n"
		"  -h, --help\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "check", no_argument, NULL, 'C' },
		{ "cleanup", no_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *config = XMIP_DEFAULT_CONFIG;
	int level = -1, check = 0, cleanup = 0, c;

	log_setup("xmipd");
	xmip_loader_set_log(loader_log_bridge);
	while ((c = getopt_long(argc, argv, "c:l:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'l':
			level = log_level_parse(optarg);
			if (level < 0) {
				fprintf(stderr, "xmipd: unknown log level '%s'\n", optarg);
				return 2;
			}
			break;
		case 'C':
			check = 1;
			break;
		case 'X':
			cleanup = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (level >= 0)
		log_set_level(level);

	if (check || cleanup) {
		struct xmip_config cfg;
		struct xmip_error err = { 0 };
		char msg[1024];
		int ret = 0;

		if (xmip_config_load(config, &cfg, msg, sizeof(msg))) {
			log_err("%s", msg);
			return 1;
		}
		if (check)
			printf("%s: configuration OK (%s '%s')\n", config, cfg.roles_name, cfg.instance);
		else if ((ret = dp_cleanup(&cfg, &err)) || (ret = cleanup_roles(&cfg, &err)))
			log_err("cleanup: %s", err.msg);
		else
			log_notice("instance '%s' cleaned up", cfg.instance);
		xmip_config_free(&cfg);
		return ret ? 1 : 0;
	}
	return xmipd_run(config, level);
}
