/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Small helpers for the cmocka unit tests. */
#ifndef XMIP_TEST_HELPERS_H
#define XMIP_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

/* Writes text to a new temporary file; the caller unlinks and frees it. */
static inline char *write_temp(const char *text)
{
	char *path = strdup("/tmp/xmip-test-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

#endif
