// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * A role for tests only (built into build/tests/xmipd_roles, never
 * shipped): it shows what adding a role takes, and lets a test run two
 * roles in one process. Its section, probe = { greeting = "..."; }, is
 * parsed with the configuration core's readers (file:line errors, unknown
 * keys refused); it has no data plane and no signalling; it reports its
 * greeting, how often it was reloaded, and whether a data plane and the
 * loop were handed to it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/role.h"

struct probe_config {
	char greeting[64];
	uint32_t level;
};

struct probe {
	const struct probe_config *cfg;
	sd_event *ev;
	int reloads;
};

static void *config_parse(struct cfg_ctx *ctx, const config_setting_t *g, const struct xmip_config *cfg)
{
	static const char *const known[] = { "greeting", "level", NULL };
	struct probe_config *p = calloc(1, sizeof(*p));

	(void)cfg;
	if (!p)
		return NULL;
	p->level = 1;
	if (cfg_check_known(ctx, g, known) ||
	    cfg_copy_string(ctx, g, "greeting", p->greeting, sizeof(p->greeting), 1) ||
	    cfg_get_uint(ctx, g, "level", &p->level, 1, 9)) {
		free(p);
		return NULL;
	}
	return p;
}

static void config_free(void *rc)
{
	free(rc);
}

/* Anything may change on a reload but the level. */
static bool reload_keeps(const void *old_rc, const void *new_rc)
{
	return ((const struct probe_config *)old_rc)->level == ((const struct probe_config *)new_rc)->level;
}

static int start(void **state, const struct role_env *env, const void *rc, struct xmip_error *err)
{
	struct probe *p = calloc(1, sizeof(*p));

	if (!p)
		return xmip_err(err, -ENOMEM, "probe: out of memory");
	p->cfg = rc;
	p->ev = env->ev;
	*state = p;
	return 0;
}

static void reload(void *state, const void *rc)
{
	struct probe *p = state;

	p->cfg = rc;
	p->reloads++;
}

static void stop(void *state)
{
	free(state);
}

static struct json_object *report(void *state, const char *args)
{
	struct probe *p = state;
	struct json_object *o = json_object_new_object();

	(void)args;
	json_object_object_add(o, "greeting", json_object_new_string(p->cfg->greeting));
	json_object_object_add(o, "level", json_object_new_int((int)p->cfg->level));
	json_object_object_add(o, "reloads", json_object_new_int(p->reloads));
	json_object_object_add(o, "loop", json_object_new_boolean(p->ev != NULL));
	return o;
}

const struct xmip_role test_probe_role = {
	.name = "probe",
	.section = "probe",
	.config_parse = config_parse,
	.config_free = config_free,
	.reload_keeps = reload_keeps,
	.start = start,
	.reload = reload,
	.stop = stop,
	.report = report,
};
