// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include "nlroute.h"

struct nl_sock *nlroute_socket(struct xmip_error *err)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (!sk) {
		xmip_err(err, -ENOMEM, "out of memory");
		return NULL;
	}
	if (nl_connect(sk, NETLINK_ROUTE) < 0) {
		nl_socket_free(sk);
		xmip_err(err, -EIO, "cannot open a netlink route socket");
		return NULL;
	}
	return sk;
}
