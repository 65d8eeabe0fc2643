// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The loader's error reporting against the real kernel: a program the
 * verifier rejects becomes one message carrying the verifier's reason, not
 * pages of log; an instance name that would escape the pin directory is
 * refused before anything is created.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <bpf/libbpf.h>
#include "xmip_loader.h"
#include "libbpf_log.h"

static char object_path[512];

static void test_verifier_reason_in_one_message(void **state)
{
	struct xmip_error err = { 0 };
	struct bpf_object *obj;
	int ret;

	(void)state;
	libbpf_log_install();
	libbpf_log_reset();
	obj = bpf_object__open_file(object_path, NULL);
	assert_non_null(obj);
	ret = bpf_object__load(obj);
	assert_true(ret < 0);
	loader_error(&err, ret, "loading %s", "rejected.bpf.o");
	bpf_object__close(obj);
	printf("message: %s\n", err.msg);
	assert_int_equal(err.code, ret);
	assert_non_null(strstr(err.msg, "loading rejected.bpf.o: Permission denied; libbpf: "));
	/* The verifier's own words for the unchecked packet read (6.1 and
	 * newer kernels phrase it differently). */
	assert_true(strstr(err.msg, "invalid access to packet") ||
		    strstr(err.msg, "outside of the packet"));
	assert_non_null(strstr(err.msg, "the kernel's verifier rejected the program"));
	assert_null(strstr(err.msg, "run xmipd as root"));
	assert_null(strchr(err.msg, '\n'));
}

static void test_bad_instance_refused(void **state)
{
	struct xmip_dp_opts opts = { .instance = "../../etc", .kind = XMIP_DP_ANCHOR };
	struct xmip_error err = { 0 };
	struct xmip_dp *dp;

	(void)state;
	assert_int_equal(xmip_dp_open(&dp, &opts, &err), -EINVAL);
	assert_null(dp);
	assert_non_null(strstr(err.msg, "invalid instance name '../../etc'"));
	assert_int_equal(access(XMIP_PIN_ROOT "/../../etc", F_OK) == 0 &&
			 access("/sys/fs/etc", F_OK) == 0, 0);
}

static void test_missing_interface(void **state)
{
	struct xmip_error err = { 0 };

	(void)state;
	assert_int_equal(xmip_detach_interface("xmip-nosuch0", &err), -ENODEV);
	assert_string_equal(err.msg, "interface 'xmip-nosuch0' not found");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verifier_reason_in_one_message),
		cmocka_unit_test(test_bad_instance_refused),
		cmocka_unit_test(test_missing_interface),
	};
	char *slash;

	/* rejected.bpf.o is built next to this program. */
	snprintf(object_path, sizeof(object_path), "%s", argv[0]);
	slash = strrchr(object_path, '/');
	snprintf(slash ? slash + 1 : object_path,
		 sizeof(object_path) - (size_t)(slash ? slash + 1 - object_path : 0),
		 "rejected.bpf.o");
	(void)argc;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
