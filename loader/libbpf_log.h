/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Captures what libbpf and libxdp print, so that a failure can be reported as
 * one message that carries the kernel's reason (a verifier line, a pin
 * mismatch) instead of pages of log on stderr. Internal to the loader. */
#ifndef XMIP_LIBBPF_LOG_H
#define XMIP_LIBBPF_LOG_H

#include <stddef.h>
#include "xmip_error.h"

void libbpf_log_install(void);
/* Forget what was captured: call before the operation you will report on. */
void libbpf_log_reset(void);
/* The most telling line captured since the last reset ("" if none). */
const char *libbpf_log_reason(void);
/* Fills err with "<what>: <errno text>[; libbpf: <reason>][; <hint>]": the
 * one message a user sees for a failed load or attach. Returns code. */
int loader_error(struct xmip_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Loader's own log lines (level as syslog). */
void loader_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
