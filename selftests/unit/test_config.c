// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* Configuration loading: good files give the right values; every kind of bad
 * file gives "file:line: problem" and no half-filled configuration. */
#include <arpa/inet.h>
#include <sys/stat.h>
#include "helpers.h"
#include <syslog.h>
#include "core/config.h"
#include "dsmip6/ha_config.h"
#include "dsmip6/mn_config.h"

/* The roles' sections of a loaded configuration. */
#define HA(cfg) dsmip6_ha_config(&(cfg))
#define MN(cfg) dsmip6_mn_config(&(cfg))

#define HA_GOOD                                                               \
	"instance = \"ha1\";\n"                                               \
	"role = \"home-agent\";\n"                                            \
	"log_level = \"debug\";\n"                                            \
	"dataplane = { xdp_mode = \"native\"; max_bindings = 1000; };\n"     \
	"home_agent = {\n"                                                    \
	"  home_link = \"eth0\";\n"                                           \
	"  interfaces = [ \"eth1\", \"eth2\" ];\n"                            \
	"  address6 = \"2001:db8:1::2\";\n"                                   \
	"  address4 = \"198.51.100.2\";\n"                                    \
	"  home_prefix6 = \"2001:db8:100::/64\";\n"                           \
	"  ipv4_pool = \"192.0.2.128/25\";\n"                                 \
	"  bu_protection = \"unprotected-for-tests\";\n"                      \
	"  mobile_nodes = (\n"                                                \
	"    { id = \"mn1\"; home_address6 = \"2001:db8:100::100\";\n"        \
	"      ipv4_home_addresses = [ \"192.0.2.100\" ];\n"                  \
	"      mobile_network_prefixes = [ \"2001:db8:200::/48\" ]; },\n"     \
	"    { id = \"mn2\"; home_address6 = \"2001:db8:100::101\"; }\n"      \
	"  );\n"                                                              \
	"};\n"

/* Loads text as a config file; returns the result, error text in err. */
static int load(const char *text, struct xmip_config *cfg, char *err, size_t len, char **path)
{
	*path = write_temp(text);
	return xmip_config_load(*path, cfg, err, len);
}

static void done(struct xmip_config *cfg, char *path)
{
	xmip_config_free(cfg);
	unlink(path);
	free(path);
}

static void test_home_agent_good(void **state)
{
	struct xmip_config cfg;
	char err[512] = "", *path, a[64];

	(void)state;
	assert_int_equal(load(HA_GOOD, &cfg, err, sizeof(err), &path), 0);
	assert_string_equal(cfg.instance, "ha1");
	assert_string_equal(cfg.roles_name, "home-agent");
	assert_int_equal(cfg.log_level, LOG_DEBUG);
	assert_int_equal(cfg.xdp_mode, XMIP_XDP_NATIVE);
	assert_int_equal(cfg.max_bindings, 1000);
	assert_string_equal(cfg.control_socket, "/run/xmip/ha1.sock");
	assert_string_equal(HA(cfg)->home_link, "eth0");
	assert_int_equal(HA(cfg)->n_interfaces, 2);
	assert_string_equal(HA(cfg)->interfaces[1], "eth2");
	inet_ntop(AF_INET6, &HA(cfg)->address6, a, sizeof(a));
	assert_string_equal(a, "2001:db8:1::2");
	assert_true(HA(cfg)->has_address4);
	assert_int_equal(HA(cfg)->home_prefix6.len, 64);
	assert_true(HA(cfg)->has_v4_pool);
	assert_int_equal(HA(cfg)->v4_pool.len, 25);
	assert_int_equal(HA(cfg)->nat_keepalive_s, 110);   /* NATKATIMEOUT default */
	assert_int_equal(HA(cfg)->protection, MH_PROTECT_UNPROTECTED);
	assert_int_equal(HA(cfg)->n_mobile_nodes, 2);
	assert_string_equal(HA(cfg)->mobile_nodes[0].id, "mn1");
	assert_int_equal(HA(cfg)->mobile_nodes[0].n_v4_hoas, 1);
	assert_int_equal(HA(cfg)->mobile_nodes[0].n_mnp6, 1);
	assert_int_equal(HA(cfg)->mobile_nodes[0].mnp6[0].len, 48);
	assert_int_equal(HA(cfg)->mobile_nodes[1].n_v4_hoas, 0);
	done(&cfg, path);
}

static void test_mobile_node_good(void **state)
{
	struct xmip_config cfg;
	char err[512] = "", *path;

	(void)state;
	assert_int_equal(load("instance = \"mn\"; role = \"mobile-node\";\n"
			      "mobile_node = { interfaces = [ \"wlan0\" ];\n"
			      "  home_address6 = \"2001:db8:100::100\"; bu_protection = \"unprotected-for-tests\";\n"
			      "  home_agent6 = \"2001:db8:1::2\"; };\n",
			      &cfg, err, sizeof(err), &path), 0);
	assert_string_equal(cfg.roles_name, "mobile-node");
	assert_string_equal(MN(cfg)->tunnel_interface, "xmip0");   /* default */
	assert_int_equal(MN(cfg)->n_interfaces, 1);
	assert_int_equal(MN(cfg)->home_address4.s_addr, 0);        /* ask the HA */
	assert_false(MN(cfg)->has_home_agent4);
	assert_int_equal(cfg.xdp_mode, XMIP_XDP_AUTO);
	/* The home link's prefix defaults to the home address's /64. */
	assert_int_equal(MN(cfg)->home_prefix6.len, 64);
	assert_true(prefix6_contains(&MN(cfg)->home_prefix6, &MN(cfg)->home_address6));
	assert_int_equal(MN(cfg)->home_prefix6.addr.s6_addr[15], 0);
	assert_int_equal(MN(cfg)->n_mnp6, 0);
	done(&cfg, path);
}

static void test_mobile_router_good(void **state)
{
	struct xmip_config cfg;
	char err[512] = "", *path;
	struct in6_addr inside, outside;

	(void)state;
	assert_int_equal(load("instance = \"mr\"; role = \"mobile-node\";\n"
			      "mobile_node = { interfaces = [ \"wlan0\" ];\n"
			      "  home_address6 = \"2001:db8:100::100\"; bu_protection = \"unprotected-for-tests\";\n"
			      "  home_prefix6 = \"2001:db8:100::/56\";\n"
			      "  mobile_network_prefixes = [ \"2001:db8:200::/64\", \"2001:db8:300::/48\" ];\n"
			      "  home_agent6 = \"2001:db8:1::2\"; };\n",
			      &cfg, err, sizeof(err), &path), 0);
	assert_int_equal(MN(cfg)->n_mnp6, 2);
	assert_int_equal(MN(cfg)->mnp6[1].len, 48);
	assert_int_equal(MN(cfg)->home_prefix6.len, 56);
	inet_pton(AF_INET6, "2001:db8:100:ff::1", &inside);
	inet_pton(AF_INET6, "2001:db8:101::1", &outside);
	assert_true(prefix6_contains(&MN(cfg)->home_prefix6, &inside));
	assert_false(prefix6_contains(&MN(cfg)->home_prefix6, &outside));
	done(&cfg, path);
}

/* One bad file: it must fail, name the file and line, and say what is wrong. */
static void expect_error(const char *text, int line, const char *needle)
{
	struct xmip_config cfg;
	char err[512] = "", *path, prefix[300];

	assert_int_equal(load(text, &cfg, err, sizeof(err), &path), -1);
	snprintf(prefix, sizeof(prefix), "%s:%d: ", path, line);
	if (strncmp(err, prefix, strlen(prefix)) != 0 || !strstr(err, needle))
		fail_msg("expected '%s...%s', got '%s'", prefix, needle, err);
	/* A failed load leaves nothing allocated to free. */
	assert_int_equal(cfg.n_roles, 0);
	unlink(path);
	free(path);
}

static void test_syntax_error(void **state)
{
	(void)state;
	expect_error("instance = \"x\";\nrole = \"home-agent\";\nhome_agent = { home_link = ; };\n", 3, "syntax error");
}

static void test_unknown_key(void **state)
{
	(void)state;
	expect_error("instance = \"x\";\nrole = \"mobile-node\";\nmobile_nod = {};\n", 3,
		     "'mobile_nod': unknown setting");
}

static void test_unknown_key_in_section(void **state)
{
	(void)state;
	expect_error("instance = \"x\";\nrole = \"home-agent\";\nhome_agent = {\n"
		     "  home_link = \"eth0\";\n  adress6 = \"::1\";\n};\n", 5, "unknown setting");
}

static void test_bad_address(void **state)
{
	(void)state;
	expect_error("instance = \"x\";\nrole = \"home-agent\";\nhome_agent = {\n"
		     "  home_link = \"eth0\";\n  address6 = \"2001:db8::zz\";\n"
		     "  home_prefix6 = \"2001:db8::/64\";\n};\n",
		     5, "'2001:db8::zz' is not an IPv6 address");
}

static void test_bad_prefix_length(void **state)
{
	(void)state;
	expect_error("instance = \"x\";\nrole = \"home-agent\";\nhome_agent = {\n"
		     "  home_link = \"eth0\";\n  address6 = \"2001:db8::1\";\n"
		     "  home_prefix6 = \"2001:db8::/129\";\n};\n",
		     6, "prefix length");
}

static void test_missing_required(void **state)
{
	(void)state;
	expect_error("instance = \"x\";\nrole = \"home-agent\";\nhome_agent = {\n"
		     "  home_link = \"eth0\";\n};\n", 3, "missing required setting 'address6'");
}

static void test_bad_role(void **state)
{
	(void)state;
	expect_error("instance = \"x\";\n\nrole = \"router\";\n", 3, "'router' is not a role");
}

static void test_bad_xdp_mode(void **state)
{
	(void)state;
	expect_error("instance = \"x\";\nrole = \"mobile-node\";\ndataplane = {\n"
		     "  xdp_mode = \"turbo\";\n};\n", 4, "'turbo' is not one of");
}

static void test_bad_type(void **state)
{
	(void)state;
	expect_error("instance = \"x\";\nrole = \"mobile-node\";\ndataplane = {\n"
		     "  max_bindings = \"many\";\n};\n", 4, "must be an integer");
}

static void test_bad_instance_name(void **state)
{
	(void)state;
	expect_error("instance = \"../etc\";\n", 1, "use only letters");
}

static void test_duplicate_mobile_node(void **state)
{
	(void)state;
	expect_error("instance = \"x\";\nrole = \"home-agent\";\nhome_agent = {\n"
		     "  home_link = \"eth0\"; bu_protection = \"unprotected-for-tests\";\n  address6 = \"2001:db8::1\";\n"
		     "  home_prefix6 = \"2001:db8::/64\";\n  mobile_nodes = (\n"
		     "    { id = \"a\"; home_address6 = \"2001:db8::10\"; },\n"
		     "    { id = \"b\"; home_address6 = \"2001:db8::10\"; }\n  );\n};\n",
		     9, "already given to 'a'");
}

static void test_bad_mobile_network_prefix(void **state)
{
	(void)state;
	expect_error("instance = \"x\";\nrole = \"mobile-node\";\nmobile_node = {\n"
		     "  interfaces = [ \"wlan0\" ];\n  home_address6 = \"2001:db8::10\"; bu_protection = \"unprotected-for-tests\";\n"
		     "  home_agent6 = \"2001:db8::1\";\n"
		     "  mobile_network_prefixes = [ \"192.0.2.0/24\" ];\n};\n",
		     7, "not an IPv6 prefix");
}

#define MN_HEAD_PROTECTED(how) "instance = \"x\";\nrole = \"mobile-node\";\nmobile_node = {\n" \
		"  interfaces = [ \"wlan0\" ];\n  home_address6 = \"2001:db8::10\"; bu_protection = \"" how "\";\n"
#define MN_HEAD MN_HEAD_PROTECTED("unprotected-for-tests")
#define MN_IPSEC_HEAD MN_HEAD_PROTECTED("ipsec")

/* RFC 5555 4.5: IPv4 mobile network prefixes, host bits cleared; the node
 * asks for an address or a prefix, not both. */
static void test_ipv4_prefixes(void **state)
{
	struct xmip_config cfg;
	char err[512] = "", *path, a[INET_ADDRSTRLEN];

	(void)state;
	assert_int_equal(load(MN_HEAD "  home_agent6 = \"2001:db8::1\";\n"
			      "  ipv4_mobile_network_prefix = \"0.0.0.0/28\"; };\n",
			      &cfg, err, sizeof(err), &path), 0);
	assert_true(MN(cfg)->has_v4_mnp);
	assert_int_equal(MN(cfg)->v4_mnp.len, 28);
	assert_int_equal(MN(cfg)->v4_mnp.addr.s_addr, 0);
	done(&cfg, path);

	assert_int_equal(load("instance = \"x\";\nrole = \"home-agent\";\nhome_agent = {\n"
			      "  home_link = \"eth0\"; bu_protection = \"unprotected-for-tests\";\n  address6 = \"2001:db8::1\";\n"
			      "  home_prefix6 = \"2001:db8::/64\";\n  mobile_nodes = (\n"
			      "    { id = \"a\"; home_address6 = \"2001:db8::10\";\n"
			      "      ipv4_mobile_network_prefixes = [ \"198.18.0.9/28\", \"198.18.1.0/24\" ]; }\n"
			      "  );\n};\n", &cfg, err, sizeof(err), &path), 0);
	assert_int_equal(HA(cfg)->mobile_nodes[0].n_v4_mnp, 2);
	inet_ntop(AF_INET, &HA(cfg)->mobile_nodes[0].v4_mnp[0].addr, a, sizeof(a));
	assert_string_equal(a, "198.18.0.0");
	done(&cfg, path);

	expect_error(MN_HEAD "  home_agent6 = \"2001:db8::1\";\n  home_address4 = \"192.0.2.1\";\n"
		     "  ipv4_mobile_network_prefix = \"0.0.0.0/28\";\n};\n",
		     8, "use either home_address4 or ipv4_mobile_network_prefix");
	expect_error(MN_HEAD "  home_agent6 = \"2001:db8::1\";\n"
		     "  ipv4_mobile_network_prefix = \"2001:db8::/24\";\n};\n",
		     7, "is not an IPv4 prefix");
}

/* RFC 5555 2.1: the home agent by DNS, through an SRV record or a name. */
static void test_home_agent_by_dns(void **state)
{
	struct xmip_config cfg;
	char err[512] = "", *path;

	(void)state;
	assert_int_equal(load(MN_HEAD "  home_agent_domain = \"example.net.\";\n"
			      "  dns_servers = [ \"192.0.2.53\", \"2001:db8::53\" ]; };\n",
			      &cfg, err, sizeof(err), &path), 0);
	assert_true(mn_discovers_home_agent(MN(cfg)));
	assert_string_equal(MN(cfg)->home_agent_domain, "example.net.");
	assert_string_equal(MN(cfg)->home_agent_name, "");
	assert_int_equal(MN(cfg)->n_dns_servers, 2);
	assert_string_equal(MN(cfg)->dns_servers[1], "2001:db8::53");
	done(&cfg, path);

	assert_int_equal(load(MN_HEAD "  home_agent_name = \"ha1.example.net\"; };\n",
			      &cfg, err, sizeof(err), &path), 0);
	assert_string_equal(MN(cfg)->home_agent_name, "ha1.example.net");
	assert_int_equal(MN(cfg)->n_dns_servers, 0);   /* /etc/resolv.conf's */
	done(&cfg, path);
}

static void test_bad_home_agent_settings(void **state)
{
	(void)state;
	expect_error(MN_HEAD "};\n", 3, "set one of home_agent6 (with home_agent4), home_agent_name");
	expect_error(MN_HEAD "  home_agent6 = \"2001:db8::1\";\n  home_agent_name = \"ha.example\";\n};\n",
		     3, "set one of");
	expect_error(MN_HEAD "  home_agent_name = \"ha.example\";\n  home_agent4 = \"192.0.2.1\";\n};\n",
		     7, "only used with home_agent6");
	expect_error(MN_HEAD "  home_agent_name = \"ha..example\";\n};\n", 6, "'ha..example' is not a DNS name");
	expect_error(MN_HEAD "  home_agent_domain = \"ex ample\";\n};\n", 6, "is not a DNS name");
	expect_error(MN_HEAD "  home_agent6 = \"2001:db8::1\";\n  dns_servers = [ \"192.0.2.53\" ];\n};\n",
		     7, "only used with home_agent_name or home_agent_domain");
	expect_error(MN_HEAD "  home_agent_domain = \"example\";\n  dns_servers = [ \"192.0.2.53\", \"ns1\" ];\n};\n",
		     7, "element 2 is not an IP address");
}

/* ipsec = { }: the files charon gets, our identity (a mobile node's is its
 * id), the peer's (a mobile node's home agent), private keys kept private. */
static void test_ipsec_settings(void **state)
{
	char *cert = write_temp("-----BEGIN CERTIFICATE-----\n"), *key = write_temp("key\n");
	char head[1024], text[2048], err[512] = "", *path;
	struct xmip_config cfg;

	(void)state;
	snprintf(head, sizeof(head), MN_IPSEC_HEAD "  id = \"mn1@example.net\";\n  home_agent6 = \"2001:db8::1\";\n};\n"
		 "ipsec = {\n  certificate = \"%s\";\n  private_key = \"%s\";\n  ca_certificate = \"%s\";\n",
		 cert, key, cert);
	snprintf(text, sizeof(text), "%s  peer_identity = \"ha.example.net\";\n};\n", head);
	assert_int_equal(load(text, &cfg, err, sizeof(err), &path), 0);
	assert_true(cfg.ipsec.enabled);
	assert_string_equal(cfg.ipsec.identity, "mn1@example.net");
	assert_string_equal(cfg.ipsec.peer_identity, "ha.example.net");
	assert_string_equal(cfg.ipsec.vici_socket, "/var/run/charon.vici");
	assert_string_equal(cfg.ipsec.private_key, key);
	done(&cfg, path);

	snprintf(text, sizeof(text), "%s};\n", head);
	expect_error(text, 9, "missing required setting 'peer_identity'");
	snprintf(text, sizeof(text), "%s  peer_identity = \"ha\";\n  psk = \"x\";\n};\n", head);
	expect_error(text, 14, "unknown setting");
	/* The payload tunnel's selectors name the IPv4 home address. */
	snprintf(text, sizeof(text), "%s  peer_identity = \"ha\";\n  protect_ipv4_payload = true;\n};\n", head);
	expect_error(text, 14, "needs a configured home_address4");
	chmod(key, 0640);
	snprintf(text, sizeof(text), "%s  peer_identity = \"ha\";\n};\n", head);
	expect_error(text, 11, "is open to group or others (mode 0640): chmod 600 it");

	/* No identity to present; no IKE peer known before discovery. */
	chmod(key, 0600);
	snprintf(text, sizeof(text), MN_IPSEC_HEAD "  home_agent6 = \"2001:db8::1\";\n};\n"
		 "ipsec = {\n  certificate = \"%s\";\n  private_key = \"%s\";\n  ca_certificate = \"%s\";\n"
		 "  peer_identity = \"ha\";\n};\n", cert, key, cert);
	expect_error(text, 8, "needs an identity");
	snprintf(text, sizeof(text), MN_IPSEC_HEAD "  id = \"mn1\";\n  home_agent_name = \"ha.example\";\n};\n"
		 "ipsec = {\n  certificate = \"%s\";\n  private_key = \"%s\";\n  ca_certificate = \"%s\";\n"
		 "  peer_identity = \"ha\";\n};\n", cert, key, cert);
	expect_error(text, 9, "needs home_agent6");

	snprintf(text, sizeof(text), "%s  peer_identity = \"ha\";\n};\n", head);
	unlink(key);
	expect_error(text, 11, "cannot read");
	unlink(cert);
	free(cert);
	free(key);
}

static void test_bad_v4_hoa_list(void **state)
{
	(void)state;
	expect_error("instance = \"x\";\nrole = \"home-agent\";\nhome_agent = {\n"
		     "  home_link = \"eth0\"; bu_protection = \"unprotected-for-tests\";\n  address6 = \"2001:db8::1\";\n"
		     "  home_prefix6 = \"2001:db8::/64\";\n  mobile_nodes = (\n"
		     "    { id = \"a\"; home_address6 = \"2001:db8::10\";\n"
		     "      ipv4_home_addresses = [ \"192.0.2.300\" ]; }\n  );\n};\n",
		     9, "'192.0.2.300' is not an IPv4 address");
}

static void test_missing_section(void **state)
{
	struct xmip_config cfg;
	char err[512] = "", *path;

	(void)state;
	assert_int_equal(load("instance = \"x\";\nrole = \"home-agent\";\n", &cfg, err, sizeof(err), &path), -1);
	assert_non_null(strstr(err, "needs a home_agent = { ... } section"));
	assert_non_null(strstr(err, path));
	unlink(path);
	free(path);
}

static void test_missing_file(void **state)
{
	struct xmip_config cfg;
	char err[512] = "";

	(void)state;
	assert_int_equal(xmip_config_load("/nonexistent/xmipd.conf", &cfg, err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/xmipd.conf: cannot read: No such file or directory");
}

/* A configuration another user may write is refused before it is read;
 * the fix is in the message. */
static void test_unsafe_file_refused(void **state)
{
	struct xmip_config cfg;
	char err[512] = "", want[512], *path = write_temp(HA_GOOD);

	(void)state;
	assert_int_equal(chmod(path, 0664), 0);
	assert_int_equal(xmip_config_load(path, &cfg, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: is writable by group or others (mode 0664): chmod go-w it", path);
	assert_string_equal(err, want);

	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(chown(path, 65534, 0), 0);
	assert_int_equal(xmip_config_load(path, &cfg, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: is owned by uid 65534, neither root nor the user xmipd runs as: chown it", path);
	assert_string_equal(err, want);

	/* Readable by all, written by root only: what /etc holds. */
	assert_int_equal(chown(path, 0, 0), 0);
	assert_int_equal(xmip_config_load(path, &cfg, err, sizeof(err)), 0);
	xmip_config_free(&cfg);
	unlink(path);
	free(path);
}

/* A certificate others may write would let them choose whom IKE trusts. */
static void test_unsafe_certificate_refused(void **state)
{
	char *cert = write_temp("-----BEGIN CERTIFICATE-----\n"), *key = write_temp("key\n");
	char text[2048];

	(void)state;
	assert_int_equal(chmod(cert, 0666), 0);
	snprintf(text, sizeof(text), MN_IPSEC_HEAD "  id = \"mn1\";\n  home_agent6 = \"2001:db8::1\";\n};\n"
		 "ipsec = {\n  certificate = \"%s\";\n  private_key = \"%s\";\n  ca_certificate = \"%s\";\n"
		 "  peer_identity = \"ha\";\n};\n", cert, key, cert);
	expect_error(text, 10, "is writable by group or others (mode 0666): chmod go-w it");
	unlink(cert);
	unlink(key);
	free(cert);
	free(key);
}

/* bu_protection: a choice every section makes; RFC 4285's keys from a
 * secret file, every configured node with one. */
static void test_bu_protection(void **state)
{
	char *keys = write_temp("mn1@example.net 1000 00112233445566778899aabbccddeeff\n"
				"mn1@example.net 1001 00112233445566778899aabbccddeeff00\n"
				"mn2@example.net 2000 00112233445566778899aabbccddeeff\n");
	char text[2048], err[512] = "", *path;
	struct xmip_config cfg;

	(void)state;
	chmod(keys, 0600);
	snprintf(text, sizeof(text), "instance = \"x\";\nrole = \"home-agent\";\nhome_agent = {\n"
		 "  home_link = \"eth0\"; address6 = \"2001:db8::1\"; home_prefix6 = \"2001:db8::/64\";\n"
		 "  bu_protection = \"rfc4285\";\n  mn_ha_keys = \"%s\";\n  mobile_nodes = (\n"
		 "    { id = \"mn2@example.net\"; home_address6 = \"2001:db8::20\"; },\n"
		 "    { id = \"mn1@example.net\"; home_address6 = \"2001:db8::10\"; }\n  );\n};\n", keys);
	assert_int_equal(load(text, &cfg, err, sizeof(err), &path), 0);
	assert_int_equal(HA(cfg)->protection, MH_PROTECT_RFC4285);
	assert_int_equal(HA(cfg)->mobile_nodes[1].n_sa, 2);
	assert_int_equal(HA(cfg)->keys.sa[HA(cfg)->mobile_nodes[1].sa_first].key.spi, 1000);
	assert_int_equal(HA(cfg)->mobile_nodes[0].n_sa, 1);
	done(&cfg, path);

	/* A node the file has no key for: named, at its entry's line. */
	snprintf(text, sizeof(text), "instance = \"x\";\nrole = \"home-agent\";\nhome_agent = {\n"
		 "  home_link = \"eth0\"; address6 = \"2001:db8::1\"; home_prefix6 = \"2001:db8::/64\";\n"
		 "  bu_protection = \"rfc4285\";\n  mn_ha_keys = \"%s\";\n  mobile_nodes = (\n"
		 "    { id = \"mn1@example.net\"; home_address6 = \"2001:db8::10\"; },\n"
		 "    { id = \"mn3@example.net\"; home_address6 = \"2001:db8::30\"; }\n  );\n};\n", keys);
	expect_error(text, 9, "mobile node 'mn3@example.net' has no key in");
	/* The mobile node: its own keys, by its id, the first the one it uses. */
	snprintf(text, sizeof(text), MN_HEAD_PROTECTED("rfc4285") "  id = \"mn1@example.net\";\n"
		 "  mn_ha_keys = \"%s\";\n  home_agent6 = \"2001:db8::1\";\n};\n", keys);
	assert_int_equal(load(text, &cfg, err, sizeof(err), &path), 0);
	assert_int_equal(MN(cfg)->protection, MH_PROTECT_RFC4285);
	assert_int_equal(MN(cfg)->n_keys, 2);
	assert_int_equal(MN(cfg)->keys[0].spi, 1000);
	done(&cfg, path);
	snprintf(text, sizeof(text), MN_HEAD_PROTECTED("rfc4285") "  id = \"mn9@example.net\";\n"
		 "  mn_ha_keys = \"%s\";\n  home_agent6 = \"2001:db8::1\";\n};\n", keys);
	expect_error(text, 7, "no key for 'mn9@example.net'");
	snprintf(text, sizeof(text), MN_HEAD_PROTECTED("rfc4285") "  mn_ha_keys = \"%s\";\n"
		 "  home_agent6 = \"2001:db8::1\";\n};\n", keys);
	expect_error(text, 3, "needs an id");
	expect_error(MN_HEAD_PROTECTED("rfc4285") "  id = \"mn1\";\n  home_agent6 = \"2001:db8::1\";\n};\n", 3,
		     "missing required setting 'mn_ha_keys'");
	snprintf(text, sizeof(text), MN_HEAD "  mn_ha_keys = \"%s\";\n  home_agent6 = \"2001:db8::1\";\n};\n", keys);
	expect_error(text, 6, "only used with bu_protection = \"rfc4285\"");
	expect_error(MN_HEAD_PROTECTED("ipsec") "  home_agent6 = \"2001:db8::1\";\n};\n", 5,
		     "\"ipsec\" needs an ipsec = { ... } section");
	expect_error(MN_HEAD_PROTECTED("none") "  home_agent6 = \"2001:db8::1\";\n};\n", 5,
		     "'none' is not one of \"rfc4285\", \"ipsec\", \"unprotected-for-tests\"");
	/* The keys file's own errors, with its name and line. */
	chmod(keys, 0644);
	snprintf(text, sizeof(text), MN_HEAD_PROTECTED("rfc4285") "  id = \"mn1@example.net\";\n"
		 "  mn_ha_keys = \"%s\";\n  home_agent6 = \"2001:db8::1\";\n};\n", keys);
	expect_error(text, 7, "is open to group or others (mode 0644)");
	unlink(keys);
	free(keys);
}

/* control_group names a group of the system's; unknown, the line says so. */
static void test_control_group(void **state)
{
	struct xmip_config cfg;
	char err[512] = "", *path;

	(void)state;
	assert_int_equal(load(HA_GOOD, &cfg, err, sizeof(err), &path), 0);
	assert_int_equal(cfg.control_group, (gid_t)-1);
	done(&cfg, path);
	assert_int_equal(load("control_group = \"root\";\n" HA_GOOD, &cfg, err, sizeof(err), &path), 0);
	assert_int_equal(cfg.control_group, 0);
	done(&cfg, path);
	expect_error("control_group = \"xmip-no-such-group\";\n" HA_GOOD, 1,
		     "'control_group': no group 'xmip-no-such-group' on this system");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_home_agent_good),
		cmocka_unit_test(test_mobile_node_good),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_unknown_key_in_section),
		cmocka_unit_test(test_bad_address),
		cmocka_unit_test(test_bad_prefix_length),
		cmocka_unit_test(test_missing_required),
		cmocka_unit_test(test_bad_role),
		cmocka_unit_test(test_bad_xdp_mode),
		cmocka_unit_test(test_bad_type),
		cmocka_unit_test(test_bad_instance_name),
		cmocka_unit_test(test_duplicate_mobile_node),
		cmocka_unit_test(test_bad_v4_hoa_list),
		cmocka_unit_test(test_home_agent_by_dns),
		cmocka_unit_test(test_ipv4_prefixes),
		cmocka_unit_test(test_bad_home_agent_settings),
		cmocka_unit_test(test_mobile_router_good),
		cmocka_unit_test(test_bad_mobile_network_prefix),
		cmocka_unit_test(test_missing_section),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_ipsec_settings),
		cmocka_unit_test(test_unsafe_file_refused),
		cmocka_unit_test(test_unsafe_certificate_refused),
		cmocka_unit_test(test_control_group),
		cmocka_unit_test(test_bu_protection),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
