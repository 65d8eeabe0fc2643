// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Dropping capabilities, for real, in a child process (the unit tests run as
 * root): what the kernel then reports, and what it then refuses. */
#include <errno.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "helpers.h"
#include "core/privileges.h"

/* The hex mask of "Name:\t..." in /proc/self/status. */
static unsigned long long status_mask(const char *name)
{
	char line[256];
	unsigned long long mask = ~0ULL;
	size_t n = strlen(name);
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, name, n) == 0 && line[n] == ':')
			mask = strtoull(line + n + 1, NULL, 16);
	if (f)
		fclose(f);
	return mask;
}

/* Runs the check in a child after privileges_drop(); exit codes say which
 * step failed. */
static int child(const char *file)
{
	struct xmip_error err = { 0 };
	unsigned long long kept = privileges_kept_mask();

	if (privileges_drop(&err))
		return 10;
	if (status_mask("CapEff") != kept)
		return 11;
	if (status_mask("CapPrm") != kept)
		return 12;
	if (status_mask("CapBnd") != kept)
		return 13;
	/* CAP_CHOWN is gone: root can no longer give its file away. */
	if (chown(file, 65534, 65534) == 0 || errno != EPERM)
		return 14;
	/* Dropping again finds nothing to drop. */
	if (privileges_drop(&err))
		return 15;
	return 0;
}

static void test_drop_keeps_only_the_listed(void **state)
{
	char *file = write_temp("x");
	int status;
	pid_t pid;

	(void)state;
	if (geteuid() != 0)
		skip();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child(file));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	unlink(file);
	free(file);
}

/* CAP_NET_ADMIN (12), CAP_NET_RAW (13), CAP_SYS_ADMIN (21), CAP_PERFMON
 * (38), CAP_BPF (39), as /proc/PID/status would show them. */
static void test_kept_mask(void **state)
{
	(void)state;
	assert_int_equal(privileges_kept_mask(), 0x000000c000203000ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kept_mask),
		cmocka_unit_test(test_drop_keeps_only_the_listed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
