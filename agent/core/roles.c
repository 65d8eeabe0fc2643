// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The roles xmipd knows. Adding one is a folder with its table (see
 * core/role.h) and one line here.
 */
#include <string.h>
#include "core/role.h"

extern const struct xmip_role dsmip6_home_agent_role;
extern const struct xmip_role dsmip6_mobile_node_role;
extern const struct xmip_role pmip_lma_role;
extern const struct xmip_role pmip_mag_role;
#ifdef XMIP_TEST_ROLES
extern const struct xmip_role test_probe_role;
#endif

static const struct xmip_role *const roles[] = {
	&dsmip6_home_agent_role,            /* agent/dsmip6/ha_role.c */
	&dsmip6_mobile_node_role,           /* agent/dsmip6/mn_role.c */
	&pmip_lma_role,                     /* agent/pmip/lma_role.c */
	&pmip_mag_role,                     /* agent/pmip/mag_role.c */
#ifdef XMIP_TEST_ROLES
	&test_probe_role,                   /* selftests/roles/: test builds only */
#endif
};

const struct xmip_role *const *xmip_roles(int *n)
{
	*n = (int)(sizeof(roles) / sizeof(roles[0]));
	return roles;
}

const struct xmip_role *xmip_role_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(roles[i]->name, name) == 0)
			return roles[i];
	return NULL;
}
