// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The control socket, server and client, on a real UNIX socket with the
 * server's sd-event loop in a thread. */
#include <errno.h>
#include <grp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include "helpers.h"
#include "core/control.h"
#include "ctl/ctl_client.h"

struct fixture {
	sd_event *ev;
	struct control_server *srv;
	pthread_t thread;
	atomic_int stop;
	char dir[64];
	char path[108];
};

static struct json_object *echo_handler(void *userdata, const char *args)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "tag", json_object_new_string(userdata));
	json_object_object_add(o, "args", json_object_new_string(args));
	return o;
}

/* A reply of several megabytes: more than a socket buffer holds. */
static struct json_object *big_handler(void *userdata, const char *args)
{
	struct json_object *o = json_object_new_object();
	size_t len = 8u << 20;
	char *s = malloc(len + 1);

	(void)userdata;
	(void)args;
	memset(s, 'x', len);
	s[len] = 0;
	json_object_object_add(o, "blob", json_object_new_string(s));
	free(s);
	return o;
}

static void *loop_thread(void *arg)
{
	struct fixture *f = arg;

	while (!atomic_load(&f->stop))
		sd_event_run(f->ev, 20000);
	return NULL;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct xmip_error err = { 0 };

	snprintf(f->dir, sizeof(f->dir), "/tmp/xmip-ctl-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/sub/ctl.sock", f->dir);
	assert_int_equal(sd_event_new(&f->ev), 0);
	assert_int_equal(control_server_start(&f->srv, f->ev, f->path, CONTROL_ROOT_ONLY, &err), 0);
	control_server_set_timeout(f->srv, 300 * 1000);
	control_server_register(f->srv, "echo", echo_handler, "hello");
	control_server_register(f->srv, "big", big_handler, NULL);
	assert_int_equal(pthread_create(&f->thread, NULL, loop_thread, f), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char sub[128];

	atomic_store(&f->stop, 1);
	pthread_join(f->thread, NULL);
	control_server_stop(f->srv);
	sd_event_unref(f->ev);
	snprintf(sub, sizeof(sub), "%s/sub", f->dir);
	rmdir(sub);
	rmdir(f->dir);
	free(f);
	return 0;
}

static const char *field(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : NULL;
}

static void test_request_reply(void **state)
{
	struct fixture *f = *state;
	struct xmip_error err = { 0 };
	struct json_object *reply;
	struct stat st;

	assert_int_equal(ctl_request(f->path, "echo  a b", 2000, &reply, &err), 0);
	assert_string_equal(field(reply, "tag"), "hello");
	assert_string_equal(field(reply, "args"), "a b");
	json_object_put(reply);
	/* Only root may talk to the agent. */
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

/* connect() to path from a child process running as nobody, with group
 * (unless CONTROL_ROOT_ONLY) as its one supplementary group; returns the
 * child's errno, 0 when it got in. (The child calls only what is safe
 * after a fork in a threaded process.) */
static int connect_as_nobody(const char *path, gid_t group)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int status;
	pid_t pid;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd;

		if (setgroups(group == CONTROL_ROOT_ONLY ? 0 : 1, &group) || setgid(65534) ||
		    setuid(65534))
			_exit(100);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		_exit(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 ? 0 : errno);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* The socket file is the gate: the directories above it are open here, so
 * that only its own mode stops another user. */
static void test_others_refused(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(chmod(f->dir, 0755), 0);
	assert_int_equal(connect_as_nobody(f->path, CONTROL_ROOT_ONLY), EACCES);
	assert_int_equal(connect_as_nobody(f->path, 4242), EACCES);
}

/* control_group: its members get in, the socket is 0660 and theirs. */
static void test_group_admitted(void **state)
{
	struct fixture *f = *state;
	struct control_server *grp_srv;
	struct xmip_error err = { 0 };
	char path[128];
	struct stat st;
	sd_event *ev;

	/* On an event loop of its own, which nothing runs: sd-event is not
	 * thread-safe, and connect() completes on the listen backlog. */
	assert_int_equal(sd_event_new(&ev), 0);
	assert_int_equal(chmod(f->dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/sub/group.sock", f->dir);
	assert_int_equal(control_server_start(&grp_srv, ev, path, 4242, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0660);
	assert_int_equal(st.st_gid, 4242);
	assert_int_equal(connect_as_nobody(path, 4242), 0);
	assert_int_equal(connect_as_nobody(path, 4243), EACCES);
	control_server_stop(grp_srv);
	sd_event_unref(ev);
}

static void test_unknown_command(void **state)
{
	struct fixture *f = *state;
	struct xmip_error err = { 0 };
	struct json_object *reply;

	assert_int_equal(ctl_request(f->path, "nope", 2000, &reply, &err), 0);
	assert_string_equal(field(reply, "error"), "unknown command 'nope'");
	json_object_put(reply);
}

static void test_large_reply(void **state)
{
	struct fixture *f = *state;
	struct xmip_error err = { 0 };
	struct json_object *reply;

	assert_int_equal(ctl_request(f->path, "big", 10000, &reply, &err), 0);
	assert_int_equal(strlen(field(reply, "blob")), 8u << 20);
	json_object_put(reply);
}

static int raw_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	return fd;
}

/* Waits (bounded) until the server holds n connections. */
static void wait_clients(struct fixture *f, int n)
{
	int i;

	for (i = 0; i < 200 && control_server_clients(f->srv) != n; i++)
		usleep(10000);
	assert_int_equal(control_server_clients(f->srv), n);
}

static void test_client_leaves_mid_reply(void **state)
{
	struct fixture *f = *state;
	struct xmip_error err = { 0 };
	struct json_object *reply;
	char buf[100];
	int fd = raw_connect(f->path);

	assert_int_equal(send(fd, "big\n", 4, 0), 4);
	assert_true(recv(fd, buf, sizeof(buf), 0) > 0);
	close(fd);
	wait_clients(f, 0);
	/* The server goes on answering. */
	assert_int_equal(ctl_request(f->path, "echo", 2000, &reply, &err), 0);
	json_object_put(reply);
}

static void test_stalled_client_times_out(void **state)
{
	struct fixture *f = *state;
	int fd = raw_connect(f->path);
	char buf[16];

	wait_clients(f, 1);
	/* The server's deadline (300 ms here) closes the connection. */
	assert_int_equal(recv(fd, buf, sizeof(buf), 0), 0);
	close(fd);
	wait_clients(f, 0);
}

static void test_request_too_long(void **state)
{
	struct fixture *f = *state;
	char req[CONTROL_MAX_REQUEST + 10], reply[256] = "";
	int fd = raw_connect(f->path);
	ssize_t n, got = 0;

	memset(req, 'a', sizeof(req));
	assert_int_equal(send(fd, req, sizeof(req), MSG_NOSIGNAL), (ssize_t)sizeof(req));
	while ((n = recv(fd, reply + got, sizeof(reply) - 1 - (size_t)got, 0)) > 0)
		got += n;
	close(fd);
	assert_non_null(strstr(reply, "request longer than"));
}

static void test_no_server(void **state)
{
	struct xmip_error err = { 0 };
	struct json_object *reply;

	(void)state;
	assert_int_equal(ctl_request("/tmp/xmip-no-such.sock", "status", 500, &reply, &err), -ENOENT);
	assert_non_null(strstr(err.msg, "is it running?"));
	assert_null(reply);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_request_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_others_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_admitted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_command, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_leaves_mid_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stalled_client_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_too_long, setup, teardown),
		cmocka_unit_test(test_no_server),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
