// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include "libbpf_log.h"
#include "xmip_loader.h"

static xmip_loader_log_fn log_fn;
static char reason[512];
/* Set when reason came from a verifier log: the most precise explanation
 * there is; libbpf's follow-up warnings ("failed to load object") must not
 * replace it. */
static int reason_is_verifier;

void xmip_loader_set_log(xmip_loader_log_fn fn)
{
	log_fn = fn;
}

void loader_log(int level, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (log_fn)
		log_fn(level, buf);
	else if (level <= LOG_WARNING)
		fprintf(stderr, "%s\n", buf);
}

static int skip_line(const char *line)
{
	/* Verifier summary lines say nothing about why a load failed. */
	static const char *const noise[] = {
		"processed ", "verification time", "stack depth", "-- END",
		"-- BEGIN", "Error:",
	};
	size_t i;

	if (!*line)
		return 1;
	for (i = 0; i < sizeof(noise) / sizeof(noise[0]); i++)
		if (strstr(line, noise[i]))
			return 1;
	return 0;
}

/*
 * Keeps the most telling line: libbpf's first warning names the cause (a pin
 * mismatch, a missing map) and later ones its consequences ("failed to load
 * object"), so the first wins; a verifier log wins over everything, and from
 * it the last meaningful line, which is the verifier's complaint.
 */
static void remember_reason(const char *text)
{
	int verifier = strstr(text, "BEGIN PROG LOAD LOG") != NULL;
	char copy[8192];
	char *line, *save = NULL;

	if (reason_is_verifier || (*reason && !verifier))
		return;
	snprintf(copy, sizeof(copy), "%s", text);
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (skip_line(line))
			continue;
		if (strncmp(line, "libbpf: ", 8) == 0)
			line += 8;
		snprintf(reason, sizeof(reason), "%s", line);
	}
	reason_is_verifier = verifier;
}

static int print_cb(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char buf[8192];
	size_t n;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (level == LIBBPF_WARN)
		remember_reason(buf);
	/* Everything goes to the debug log, whole (the verifier log included);
	 * the caller reports the failure itself, with the reason kept above. */
	n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = 0;
	if (log_fn)
		log_fn(LOG_DEBUG, buf);
	return 0;
}

static int xdp_print_cb(enum libxdp_print_level level, const char *fmt, va_list ap)
{
	return print_cb((enum libbpf_print_level)level, fmt, ap);
}

int loader_error(struct xmip_error *err, int code, const char *fmt, ...)
{
	/* A verifier rejection is about the program, not about privileges. */
	const char *hint = reason_is_verifier ?
		"the kernel's verifier rejected the program (log_level = \"debug\" shows its whole log)" :
		xmip_errno_hint(code);
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return xmip_err(err, code, "%s: %s%s%s%s%s", what, strerror(code < 0 ? -code : code),
			*reason ? "; libbpf: " : "", reason, hint ? "; " : "", hint ? hint : "");
}

void libbpf_log_install(void)
{
	libbpf_set_print(print_cb);
	libxdp_set_print(xdp_print_cb);
}

void libbpf_log_reset(void)
{
	reason[0] = 0;
	reason_is_verifier = 0;
}

const char *libbpf_log_reason(void)
{
	return reason;
}
