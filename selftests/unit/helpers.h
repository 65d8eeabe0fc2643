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
#include <arpa/inet.h>
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

/* An IPv4 address from its text (the tests' constants are valid). */
static inline struct in_addr a4(const char *text)
{
	struct in_addr a = { 0 };

	assert_int_equal(inet_pton(AF_INET, text, &a), 1);
	return a;
}

/* Removes a file write_temp() made, and frees its name. */
static inline void remove_temp(char *path)
{
	unlink(path);
	free(path);
}

#endif
