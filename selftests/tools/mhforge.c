// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * mhforge: what an attacker puts on the wire against a home agent, for
 * selftests/netns/test_bu_forgery.sh. Three ways:
 *
 *   mhforge bu -f SRC6 -H HOA6 -d HA6 [-a ALT-COA] [-s SEQ] [-i ID]
 *              [-k SPI:HEXKEY] [-t OFFSET-MS | -T]
 *       a home registration for HOA6 from SRC6 (home address option, as a
 *       mobile node sends it), asking for ALT-COA as the care-of address;
 *       -k signs it (RFC 4285 MN-HA) with that association, -t shifts its
 *       timestamp, -T leaves the timestamp out, -i adds the identifier
 *   mhforge raw6 -f SRC6 HEX
 *       an IPv6 packet as captured (HEX), its source replaced by SRC6: a
 *       captured BU replayed, from where it came or from elsewhere (the
 *       Mobility Header's checksum covers the home address, not the
 *       source, so it stays valid)
 *   mhforge udp4 -d HA4 HEX
 *       HEX (the payload of a captured BU in UDP 4191: its IPv6 packet) to
 *       HA4 port 4191 from this host, as the node's NAT would forward it
 *
 * Packets leave through raw or UDP sockets in the caller's namespace.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "mh/mh.h"
#include "mh/mh_auth.h"
#include "xmip_proto.h"
#include "hao_packet.h"

static void usage(void)
{
	fprintf(stderr, "usage: mhforge bu -f SRC6 -H HOA6 -d HA6 [-a ALT-COA] [-s SEQ] [-i ID] "
			"[-k SPI:HEXKEY] [-t OFFSET-MS | -T]\n"
			"       mhforge raw6 -f SRC6 HEX\n"
			"       mhforge udp4 -d HA4 HEX\n");
	exit(2);
}

static size_t parse_hex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = strlen(hex), i;

	if (n % 2 || n / 2 > cap)
		usage();
	for (i = 0; i < n / 2; i++) {
		unsigned int b;

		if (!isxdigit((unsigned char)hex[2 * i]) || !isxdigit((unsigned char)hex[2 * i + 1]) ||
		    sscanf(hex + 2 * i, "%2x", &b) != 1)
			usage();
		out[i] = (uint8_t)b;
	}
	return n / 2;
}

static void send_raw6(const uint8_t *pkt, size_t len, const struct in6_addr *dst)
{
	struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_addr = *dst };
	int fd = socket(AF_INET6, SOCK_RAW, IPPROTO_RAW);

	if (fd < 0 || sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) != (ssize_t)len) {
		perror("mhforge: send");
		exit(1);
	}
	close(fd);
}

static int forge_bu(int argc, char **argv)
{
	struct in6_addr src = { 0 }, hoa = { 0 }, ha = { 0 }, coa;
	struct mh_msg m = { .type = XMIP_MH_BU };
	struct mh_auth_key key = { 0 };
	uint8_t pkt[HAO_PACKET_HEAD + MH_MAX_LEN], *mh = pkt + HAO_PACKET_HEAD;
	bool sign = false, got_src = false, got_hoa = false, got_ha = false;
	int64_t offset_ms = 0;
	int opt, len;

	m.bu.seq = 1;
	m.bu.flags = XMIP_BU_F_A | XMIP_BU_F_H;
	m.bu.lifetime = 150;
	m.opt.has_replay = true;
	while ((opt = getopt(argc, argv, "f:H:d:a:s:i:k:t:T")) != -1) {
		switch (opt) {
		case 'f': got_src = inet_pton(AF_INET6, optarg, &src) == 1; break;
		case 'H': got_hoa = inet_pton(AF_INET6, optarg, &hoa) == 1; break;
		case 'd': got_ha = inet_pton(AF_INET6, optarg, &ha) == 1; break;
		case 'a':
			if (inet_pton(AF_INET6, optarg, &m.opt.alt_coa) != 1)
				usage();
			m.opt.has_alt_coa = true;
			break;
		case 's': m.bu.seq = (uint16_t)strtoul(optarg, NULL, 0); break;
		case 'i':
			m.opt.has_mn_id = true;
			m.opt.mn_id_subtype = MH_MN_ID_NAI;
			m.opt.mn_id_len = (uint8_t)snprintf(m.opt.mn_id, sizeof(m.opt.mn_id), "%s", optarg);
			break;
		case 'k': {
			char *colon = strchr(optarg, ':');

			if (!colon)
				usage();
			key.spi = (uint32_t)strtoul(optarg, NULL, 0);
			key.len = (uint8_t)parse_hex(colon + 1, key.key, sizeof(key.key));
			sign = true;
			break;
		}
		case 't': offset_ms = strtoll(optarg, NULL, 0); break;
		case 'T': m.opt.has_replay = false; break;
		default: usage();
		}
	}
	if (!got_src || !got_hoa || !got_ha)
		usage();
	m.opt.timestamp = mh_ntp_now(offset_ms);
	if (sign)
		mh_auth_prepare(&m, &key);
	len = mh_encode(&m, &hoa, &ha, mh, MH_MAX_LEN);
	coa = mh_auth_coa(&m, &src, &hoa);
	if (len < 0 || (sign && mh_auth_sign(mh, (size_t)len, &key, &coa, &hoa, &hoa, &ha))) {
		fprintf(stderr, "mhforge: cannot encode the BU\n");
		return 1;
	}
	hao_packet_head(pkt, &src, &ha, &hoa, (size_t)len);
	send_raw6(pkt, HAO_PACKET_HEAD + (size_t)len, &ha);
	return 0;
}

static int replay6(int argc, char **argv)
{
	uint8_t pkt[2048];
	struct in6_addr src, dst;
	size_t len;

	if (argc != 4 || strcmp(argv[1], "-f") || inet_pton(AF_INET6, argv[2], &src) != 1)
		usage();
	len = parse_hex(argv[3], pkt, sizeof(pkt));
	if (len < 40 || (pkt[0] >> 4) != 6)
		usage();
	memcpy(pkt + 8, &src, 16);
	memcpy(&dst, pkt + 24, 16);
	send_raw6(pkt, len, &dst);
	return 0;
}

static int replay_udp4(int argc, char **argv)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(XMIP_PORT_DSMIP) };
	uint8_t payload[2048];
	size_t len;
	int fd;

	if (argc != 4 || strcmp(argv[1], "-d") || inet_pton(AF_INET, argv[2], &to.sin_addr) != 1)
		usage();
	len = parse_hex(argv[3], payload, sizeof(payload));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || sendto(fd, payload, len, 0, (struct sockaddr *)&to, sizeof(to)) != (ssize_t)len) {
		perror("mhforge: send");
		return 1;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "bu"))
		return forge_bu(argc - 1, argv + 1);
	if (!strcmp(argv[1], "raw6"))
		return replay6(argc - 1, argv + 1);
	if (!strcmp(argv[1], "udp4"))
		return replay_udp4(argc - 1, argv + 1);
	usage();
	return 2;
}
