// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * pbuforge: proxy Mobile IPv6 signalling as a MAG (or someone posing as
 * one) sends it, for the LMA's tests (selftests/netns/test_lma_signal.sh):
 *
 *   pbuforge pbu -f MAG6 -d LMA6 -i NAI [-a HOA4] [-l LIFETIME] [-s SEQ]
 *                [-h HI] [-m MAC] [-t OFFSET-MS | -T] [-k SPI:HEXKEY]
 *                [-6] [-V] [-w SECONDS]
 *       a proxy BU for the host NAI (A, H, P; handoff indicator HI [1],
 *       access technology Ethernet, the host's MAC, RFC 5213's timestamp
 *       shifted by OFFSET-MS or left out, the IPv4 home address request
 *       for HOA4 [0.0.0.0]; -6 adds a home network prefix request, -V
 *       leaves the IPv4 request out), signed with -k (RFC 4285); -w waits
 *       that long for the PBA and prints it
 *   pbuforge bri -f MAG6 [-k SPI:HEXKEY] [-w SECONDS] [-n]
 *       waits for a revocation indication to MAG6, prints it, and answers
 *       it with an acknowledgement (signed with -k) unless -n
 *
 * Printed, one line a message, what the tests read:
 *   pba status=0 seq=1 lifetime=150 v4status=0 hoa4=198.51.100.10/24
 *       dra=198.51.100.1 dhcp=server ts=echo|lma|none signed=yes|no
 *   bri seq=3 trigger=2 p=1 id=host1@lab.example signed=yes|no
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "mh/mh.h"
#include "mh/mh_auth.h"
#include "mh/mh_socket.h"

struct args {
	struct in6_addr mag, lma;
	bool got_mag, got_lma;
	struct mh_auth_key key;
	bool sign;
	int wait_s;
};

static void usage(void)
{
	fprintf(stderr, "usage: pbuforge pbu -f MAG6 -d LMA6 -i NAI [-a HOA4] [-l LIFETIME] [-s SEQ] [-h HI]\n"
			"                    [-m MAC] [-t OFFSET-MS | -T] [-k SPI:HEXKEY] [-6] [-V] [-w SECONDS]\n"
			"       pbuforge bri -f MAG6 [-k SPI:HEXKEY] [-w SECONDS] [-n]\n");
	exit(2);
}

static size_t parse_hex(const char *hex, uint8_t *out, size_t cap, const char *sep)
{
	size_t n = 0;

	while (*hex) {
		unsigned int b;

		if (sep && *hex && strchr(sep, *hex)) {
			hex++;
			continue;
		}
		if (n == cap || !isxdigit((unsigned char)hex[0]) || !isxdigit((unsigned char)hex[1]) ||
		    sscanf(hex, "%2x", &b) != 1)
			usage();
		out[n++] = (uint8_t)b;
		hex += 2;
	}
	return n;
}

static void parse_key(const char *arg, struct args *a)
{
	const char *colon = strchr(arg, ':');

	if (!colon)
		usage();
	a->key.spi = (uint32_t)strtoul(arg, NULL, 0);
	a->key.len = (uint8_t)parse_hex(colon + 1, a->key.key, sizeof(a->key.key), NULL);
	a->sign = true;
}

/* RFC 4285 between MAG and LMA, as the LMA computes it: the MAG's address
 * as the care-of address, the LMA's as the home address. */
static void send_msg(int fd, struct mh_msg *m, const struct args *a)
{
	uint8_t buf[MH_MAX_LEN];
	struct xmip_error err = { 0 };
	int len;

	if (a->sign)
		mh_auth_prepare(m, &a->key);
	len = mh_encode(m, &a->mag, &a->lma, buf, sizeof(buf));
	if (len < 0 || (a->sign && mh_auth_sign(buf, (size_t)len, &a->key, &a->mag, &a->lma, &a->mag, &a->lma))) {
		fprintf(stderr, "pbuforge: cannot encode\n");
		exit(1);
	}
	if (mh_socket_send(fd, buf, (size_t)len, &a->mag, &a->lma, 0)) {
		perror("pbuforge: send");
		exit(1);
	}
	(void)err;
}

/* The next message of type type from the LMA, within the wait; its bytes
 * in buf. False on timeout. */
static bool receive(int fd, struct args *a, uint8_t type, struct mh_msg *m, uint8_t *buf, struct mh_received *rx)
{
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long left;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = a->wait_s * 1000L - ((now.tv_sec - start.tv_sec) * 1000L + (now.tv_nsec - start.tv_nsec) / 1000000);
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return false;
		if (mh_socket_recv(fd, buf, MH_MAX_LEN, rx) ||
		    mh_decode(buf, rx->len, &rx->src, &rx->dst, m) != MH_OK || m->type != type)
			continue;
		if (!a->got_lma) {
			a->lma = rx->src;
			a->got_lma = true;
		}
		return true;
	}
}

static const char *signed_by(const struct args *a, const uint8_t *buf, const struct mh_received *rx,
			     const struct mh_msg *m)
{
	if (!m->opt.has_auth)
		return "no";
	return a->sign && mh_auth_verify(buf, rx->len, m, &a->key, &a->mag, &rx->src) ? "yes" : "bad";
}

static int forge_pbu(int argc, char **argv)
{
	struct mh_msg m = { .type = XMIP_MH_BU }, pba;
	struct args a = { 0 };
	uint8_t buf[MH_MAX_LEN];
	struct mh_received rx;
	struct xmip_error err = { 0 };
	struct timespec t;
	int64_t offset_ms = 0;
	bool no_ts = false;
	char v4[INET_ADDRSTRLEN], dra[INET_ADDRSTRLEN];
	int opt, fd;

	m.bu.seq = 1;
	m.bu.flags = XMIP_BU_F_A | XMIP_BU_F_H | XMIP_BU_F_P;
	m.bu.lifetime = 150;
	m.opt.pmip.has_handoff = true;
	m.opt.pmip.handoff = XMIP_HI_NEW_INTERFACE;
	m.opt.pmip.has_att = true;
	m.opt.pmip.att = XMIP_ATT_ETHERNET;
	m.opt.pmip.has_v4_req = true;
	m.opt.pmip.has_ll_id = true;
	m.opt.pmip.ll_id_len = (uint8_t)parse_hex("020000000001", m.opt.pmip.ll_id, 6, NULL);
	while ((opt = getopt(argc, argv, "f:d:i:a:l:s:h:m:t:Tk:6Vw:")) != -1) {
		switch (opt) {
		case 'f': a.got_mag = inet_pton(AF_INET6, optarg, &a.mag) == 1; break;
		case 'd': a.got_lma = inet_pton(AF_INET6, optarg, &a.lma) == 1; break;
		case 'i':
			m.opt.has_mn_id = true;
			m.opt.mn_id_subtype = MH_MN_ID_NAI;
			m.opt.mn_id_len = (uint8_t)snprintf(m.opt.mn_id, sizeof(m.opt.mn_id), "%s", optarg);
			break;
		case 'a':
			if (inet_pton(AF_INET, optarg, &m.opt.pmip.v4_req) != 1)
				usage();
			m.opt.pmip.v4_req_plen = 32;
			break;
		case 'l': m.bu.lifetime = (uint16_t)strtoul(optarg, NULL, 0); break;
		case 's': m.bu.seq = (uint16_t)strtoul(optarg, NULL, 0); break;
		case 'h': m.opt.pmip.handoff = (uint8_t)strtoul(optarg, NULL, 0); break;
		case 'm': m.opt.pmip.ll_id_len = (uint8_t)parse_hex(optarg, m.opt.pmip.ll_id, MH_LL_ID_MAX, ":"); break;
		case 't': offset_ms = strtoll(optarg, NULL, 0); break;
		case 'T': no_ts = true; break;
		case 'k': parse_key(optarg, &a); break;
		case '6': m.opt.pmip.n_hnp = 1; break;   /* ::/0: "assign me one" */
		case 'V': m.opt.pmip.has_v4_req = false; break;
		case 'w': a.wait_s = atoi(optarg); break;
		default: usage();
		}
	}
	if (!a.got_mag || !a.got_lma)
		usage();
	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += offset_ms / 1000;
	t.tv_nsec += offset_ms % 1000 * 1000000;
	if (t.tv_nsec < 0) {
		t.tv_sec--;
		t.tv_nsec += 1000000000;
	} else if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	m.opt.pmip.has_timestamp = !no_ts;
	m.opt.pmip.timestamp = mh_pmip_timestamp(&t);
	fd = mh_socket_open(&a.mag, &err);
	if (fd < 0) {
		fprintf(stderr, "pbuforge: %s\n", err.msg);
		return 1;
	}
	send_msg(fd, &m, &a);
	if (!a.wait_s)
		return 0;
	if (!receive(fd, &a, XMIP_MH_BA, &pba, buf, &rx)) {
		printf("pba none\n");
		return 1;
	}
	inet_ntop(AF_INET, &pba.opt.pmip.v4_rep, v4, sizeof(v4));
	inet_ntop(AF_INET, &pba.opt.pmip.v4_dra, dra, sizeof(dra));
	printf("pba status=%u seq=%u lifetime=%u p=%d v4status=%d hoa4=%s/%u dra=%s dhcp=%s ts=%s signed=%s\n",
	       pba.ba.status, pba.ba.seq, pba.ba.lifetime, !!(pba.ba.flags & MH_BA_F_P),
	       pba.opt.pmip.has_v4_rep ? pba.opt.pmip.v4_rep_status : -1, v4, pba.opt.pmip.v4_rep_plen,
	       pba.opt.pmip.has_v4_dra ? dra : "none",
	       !pba.opt.pmip.has_dhcp_mode ? "none" : pba.opt.pmip.dhcp_server ? "server" : "relay",
	       !pba.opt.pmip.has_timestamp ? "none"
	       : pba.opt.pmip.timestamp == m.opt.pmip.timestamp && m.opt.pmip.has_timestamp ? "echo" : "lma",
	       signed_by(&a, buf, &rx, &pba));
	close(fd);
	return 0;
}

static int answer_bri(int argc, char **argv)
{
	struct mh_msg bri, bra = { .type = XMIP_MH_BRI };
	struct args a = { .wait_s = 5 };
	uint8_t buf[MH_MAX_LEN];
	struct mh_received rx;
	struct xmip_error err = { 0 };
	bool answer = true;
	int opt, fd;

	while ((opt = getopt(argc, argv, "f:k:w:n")) != -1) {
		switch (opt) {
		case 'f': a.got_mag = inet_pton(AF_INET6, optarg, &a.mag) == 1; break;
		case 'k': parse_key(optarg, &a); break;
		case 'w': a.wait_s = atoi(optarg); break;
		case 'n': answer = false; break;
		default: usage();
		}
	}
	if (!a.got_mag)
		usage();
	fd = mh_socket_open(&a.mag, &err);
	if (fd < 0) {
		fprintf(stderr, "pbuforge: %s\n", err.msg);
		return 1;
	}
	if (!receive(fd, &a, XMIP_MH_BRI, &bri, buf, &rx) || bri.br.br_type != XMIP_BR_INDICATION) {
		printf("bri none\n");
		return 1;
	}
	printf("bri seq=%u trigger=%u p=%d id=%s signed=%s\n", bri.br.seq, bri.br.code,
	       !!(bri.br.flags & XMIP_BR_F_P), bri.opt.has_mn_id ? bri.opt.mn_id : "none",
	       signed_by(&a, buf, &rx, &bri));
	fflush(stdout);
	if (!answer)
		return 0;
	bra.br.br_type = XMIP_BR_ACK;
	bra.br.code = XMIP_BRA_SUCCESS;
	bra.br.seq = bri.br.seq;
	bra.br.flags = XMIP_BR_F_P;
	bra.opt.has_mn_id = bri.opt.has_mn_id;
	bra.opt.mn_id_subtype = bri.opt.mn_id_subtype;
	bra.opt.mn_id_len = bri.opt.mn_id_len;
	memcpy(bra.opt.mn_id, bri.opt.mn_id, sizeof(bra.opt.mn_id));
	send_msg(fd, &bra, &a);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "pbu"))
		return forge_pbu(argc - 1, argv + 1);
	if (!strcmp(argv[1], "bri"))
		return answer_bri(argc - 1, argv + 1);
	usage();
	return 2;
}
