// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * libFuzzer target for the configuration loader (`make fuzz`), built with
 * ASan and UBSan: each input is written to a file (the loader reads files,
 * as xmipd does) and loaded. Oracle beyond "no crash, no leak": a refused
 * file says where ("file:" and, past the file's own checks, the line) and
 * leaves nothing allocated; an accepted one loads again to the same result.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/config.h"
#include "dsmip6/ha_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void remove_input(void)
{
	unlink(path);
}

static void write_input(const uint8_t *data, size_t size)
{
	FILE *f;

	if (!path[0]) {
		int fd;

		/* (In memory where there is a tmpfs for it: a run writes thousands.) */
		snprintf(path, sizeof(path), "%s/xmip-fuzz-config-XXXXXX",
			 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		fd = mkstemp(path);
		assert(fd >= 0);
		close(fd);
		atexit(remove_input);
	}
	f = fopen(path, "w");
	assert(f);
	assert(fwrite(data, 1, size, f) == size);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xmip_config cfg, again;
	char err[1024] = "", err2[1024] = "";

	if (size > 1 << 16)
		return 0;
	write_input(data, size);
	if (xmip_config_load(path, &cfg, err, sizeof(err))) {
		/* Every refusal names the file. */
		assert(strncmp(err, path, strlen(path)) == 0);
		assert(cfg.n_roles == 0);
		return 0;
	}
	assert(xmip_config_load(path, &again, err2, sizeof(err2)) == 0);
	assert(strcmp(again.roles_name, cfg.roles_name) == 0 && again.max_bindings == cfg.max_bindings &&
	       strcmp(again.instance, cfg.instance) == 0 &&
	       !dsmip6_ha_config(&again) == !dsmip6_ha_config(&cfg) &&
	       (!dsmip6_ha_config(&cfg) ||
		dsmip6_ha_config(&again)->n_mobile_nodes == dsmip6_ha_config(&cfg)->n_mobile_nodes));
	xmip_config_free(&again);
	xmip_config_free(&cfg);
	return 0;
}
