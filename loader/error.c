// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include "xmip_error.h"

int xmip_err(struct xmip_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

const char *xmip_errno_hint(int code)
{
	switch (code < 0 ? -code : code) {
	case EPERM:
	case EACCES:
		return "run xmipd as root (it needs CAP_BPF, CAP_NET_ADMIN and CAP_SYS_ADMIN)";
	case ENODEV:
		return "no such network interface";
	case EOPNOTSUPP:
		return "not supported by this interface or kernel";
	case EBUSY:
	case EEXIST:
		return "another program is already attached";
	case ENOMEM:
		return "out of memory (or the locked-memory limit is too low)";
	default:
		return NULL;
	}
}
