/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * One error, one message: what failed, on what, and why, in words a user can
 * act on. Filled by the loader and the agent, printed once by the caller.
 */
#ifndef XMIP_ERROR_H
#define XMIP_ERROR_H

#include <stddef.h>

struct xmip_error {
	int code;            /* negative errno, 0 when no error */
	char msg[1024];
};

/* Sets err (if not NULL) and returns code, so callers can `return xmip_err(...)`. */
int xmip_err(struct xmip_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A hint for common kernel errors: missing privileges, no such device. */
const char *xmip_errno_hint(int code);

#endif /* XMIP_ERROR_H */
