// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/capability.h>
#include "core/log.h"
#include "core/privileges.h"

static const cap_value_t kept[] = { CAP_NET_ADMIN, CAP_NET_RAW, CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN };
#define N_KEPT (sizeof(kept) / sizeof(kept[0]))

static bool is_kept(cap_value_t c)
{
	size_t i;

	for (i = 0; i < N_KEPT; i++)
		if (kept[i] == c)
			return true;
	return false;
}

unsigned long long privileges_kept_mask(void)
{
	unsigned long long mask = 0;
	size_t i;

	for (i = 0; i < N_KEPT; i++)
		mask |= 1ULL << kept[i];
	return mask;
}

/* The bounding set first: dropping from it needs CAP_SETPCAP, which the
 * second step gives up. */
static int drop_bounding(struct xmip_error *err)
{
	cap_value_t c;

	for (c = 0; c < (cap_value_t)cap_max_bits(); c++) {
		if (is_kept(c) || cap_get_bound(c) != 1)
			continue;
		if (cap_drop_bound(c) < 0)
			return xmip_err(err, -errno, "dropping %s from the bounding set: %s",
					cap_to_name(c), strerror(errno));
	}
	return 0;
}

int privileges_drop(struct xmip_error *err)
{
	cap_flag_value_t have = CAP_CLEAR;
	cap_t now = cap_get_proc(), next;
	size_t i;
	int ret;

	if (!now)
		return xmip_err(err, -errno, "reading capabilities: %s", strerror(errno));
	/* Without CAP_SETPCAP (not root, or already dropped) there is nothing
	 * to give up that this process could get back. */
	cap_get_flag(now, CAP_SETPCAP, CAP_EFFECTIVE, &have);
	if (have != CAP_SET) {
		cap_free(now);
		return 0;
	}
	ret = drop_bounding(err);
	next = cap_init();
	for (i = 0; !ret && i < N_KEPT; i++) {
		cap_get_flag(now, kept[i], CAP_PERMITTED, &have);
		if (have == CAP_SET &&
		    (cap_set_flag(next, CAP_PERMITTED, 1, &kept[i], CAP_SET) ||
		     cap_set_flag(next, CAP_EFFECTIVE, 1, &kept[i], CAP_SET)))
			ret = xmip_err(err, -errno, "capability set: %s", strerror(errno));
	}
	if (!ret && cap_set_proc(next) < 0)
		ret = xmip_err(err, -errno, "dropping capabilities: %s", strerror(errno));
	cap_free(next);
	cap_free(now);
	if (!ret)
		log_info("capabilities: kept CAP_NET_ADMIN, CAP_NET_RAW, CAP_BPF, CAP_PERFMON, CAP_SYS_ADMIN; the rest dropped");
	return ret;
}
