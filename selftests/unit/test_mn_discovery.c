// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * The pure parts of home agent discovery: the RFC 2782 order of SRV
 * targets (priorities, weighted draws with the randomness passed in) and
 * the addresses taken from an A/AAAA answer. The DNS exchange itself runs
 * against a real resolver in selftests/netns/test_ha_discovery.sh.
 */
#include <arpa/inet.h>
#include <ares.h>
#include "helpers.h"
#include "dsmip6/mn_discovery.h"
#include "net/srv_order.h"

/* Draws from a script; every draw checks the bound it was given. */
struct script {
	const uint32_t *draws;
	const uint32_t *bounds;
	int n;
};

static uint32_t scripted(uint32_t bound, void *ctx)
{
	struct script *s = ctx;

	assert_true(s->n > 0);
	assert_int_equal(bound, *s->bounds++);
	s->n--;
	return *s->draws++;
}

static struct srv_target target(const char *host, uint16_t priority, uint16_t weight)
{
	struct srv_target t = { .priority = priority, .weight = weight };

	snprintf(t.host, sizeof(t.host), "%s", host);
	return t;
}

static void test_lowest_priority_first(void **state)
{
	struct srv_target t[3] = { target("c", 30, 0), target("a", 10, 0), target("b", 20, 0) };
	struct script none = { 0 };

	(void)state;
	srv_order(t, 3, scripted, &none);   /* one per priority: no draw */
	assert_string_equal(t[0].host, "a");
	assert_string_equal(t[1].host, "b");
	assert_string_equal(t[2].host, "c");
}

/* Orders three targets of one priority with weights 30, 10, 0 by the
 * scripted draws; each must be asked for with the bound given. */
static void order_weighted(struct srv_target t[3], const uint32_t draws[2], const uint32_t bounds[2])
{
	struct script s = { draws, bounds, 2 };

	t[0] = target("w30", 10, 30), t[1] = target("w10", 10, 10), t[2] = target("w0", 10, 0);
	srv_order(t, 3, scripted, &s);
	assert_int_equal(s.n, 0);
}

/* Weights 0, 10, 30 (sum 40): running sums 0, 10, 40. A draw of 0 picks
 * the zero-weight target (placed first), 1 the weight-10 one, 11 the
 * weight-30 one; then the rest is drawn again. */
static void test_weighted_draws(void **state)
{
	static const uint32_t draws_a[] = { 0, 1 }, bounds_a[] = { 40, 40 };
	static const uint32_t draws_b[] = { 11, 0 }, bounds_b[] = { 40, 10 };
	struct srv_target t[3];

	(void)state;
	order_weighted(t, draws_a, bounds_a);
	assert_string_equal(t[0].host, "w0");
	assert_string_equal(t[1].host, "w10");
	assert_string_equal(t[2].host, "w30");

	order_weighted(t, draws_b, bounds_b);
	assert_string_equal(t[0].host, "w30");
	assert_string_equal(t[1].host, "w0");
	assert_string_equal(t[2].host, "w10");
}

/* Priorities are never mixed by the draws. */
static void test_groups_drawn_separately(void **state)
{
	static const uint32_t draws[] = { 5, 5 }, bounds[] = { 10, 10 };
	struct srv_target t[4] = { target("p2-a", 2, 5), target("p1-a", 1, 5),
				   target("p2-b", 2, 5), target("p1-b", 1, 5) };
	struct script s = { draws, bounds, 2 };

	(void)state;
	srv_order(t, 4, scripted, &s);
	assert_int_equal(t[0].priority, 1);
	assert_int_equal(t[1].priority, 1);
	assert_int_equal(t[2].priority, 2);
	assert_int_equal(t[3].priority, 2);
	assert_int_equal(s.n, 0);
}

static struct ares_addrinfo_node node6(struct sockaddr_in6 *sa, const char *addr)
{
	*sa = (struct sockaddr_in6){ .sin6_family = AF_INET6 };
	inet_pton(AF_INET6, addr, &sa->sin6_addr);
	return (struct ares_addrinfo_node){ .ai_family = AF_INET6, .ai_addr = (struct sockaddr *)sa,
					    .ai_addrlen = sizeof(*sa) };
}

static struct ares_addrinfo_node node4(struct sockaddr_in *sa, const char *addr)
{
	*sa = (struct sockaddr_in){ .sin_family = AF_INET };
	inet_pton(AF_INET, addr, &sa->sin_addr);
	return (struct ares_addrinfo_node){ .ai_family = AF_INET, .ai_addr = (struct sockaddr *)sa,
					    .ai_addrlen = sizeof(*sa) };
}

/* Link-local and IPv4-mapped AAAA answers are no home agent address. */
static void test_addresses_from_answer(void **state)
{
	struct sockaddr_in6 ll, mapped, global, second;
	struct sockaddr_in v4;
	struct ares_addrinfo_node n[5] = { node6(&ll, "fe80::1"), node6(&mapped, "::ffff:192.0.2.1"),
					   node4(&v4, "198.51.100.2"), node6(&global, "2001:db8:1::2"),
					   node6(&second, "2001:db8:1::3") };
	struct home_agent_address ha;
	char text[INET6_ADDRSTRLEN];
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		n[i].ai_next = &n[i + 1];
	assert_true(mn_discovery_address(n, &ha));
	inet_ntop(AF_INET6, &ha.addr6, text, sizeof(text));
	assert_string_equal(text, "2001:db8:1::2");
	assert_true(ha.has_addr4);
	inet_ntop(AF_INET, &ha.addr4, text, sizeof(text));
	assert_string_equal(text, "198.51.100.2");
}

static void test_no_ipv6_no_home_agent(void **state)
{
	struct sockaddr_in6 ll;
	struct sockaddr_in v4;
	struct ares_addrinfo_node n[2] = { node4(&v4, "198.51.100.2"), node6(&ll, "fe80::1") };
	struct home_agent_address ha;

	(void)state;
	n[0].ai_next = &n[1];
	assert_false(mn_discovery_address(n, &ha));
	assert_false(mn_discovery_address(NULL, &ha));
	assert_false(ha.has_addr4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lowest_priority_first),
		cmocka_unit_test(test_weighted_draws),
		cmocka_unit_test(test_groups_drawn_separately),
		cmocka_unit_test(test_addresses_from_answer),
		cmocka_unit_test(test_no_ipv6_no_home_agent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
