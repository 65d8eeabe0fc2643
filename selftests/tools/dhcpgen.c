// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * dhcpgen: prints a DHCP reply framed by the access kind's codec (Ethernet,
 * IPv4, UDP 67 -> 68) as a hex dump text2pcap reads, so that tshark's DHCP
 * dissector (an implementation we did not write) checks it; with "raw",
 * a client's DISCOVER or REQUEST as bytes (the fuzzer's seed corpus).
 *   dhcpgen offer|ack|nak
 *   dhcpgen discover|request raw
 * Fixed values: the test script (selftests/netns/test_mh_wire.sh) expects
 * them.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "access/dhcp4.h"

static const uint8_t host_mac[6] = { 0x02, 0, 0x5e, 0, 0x53, 0x10 };
static const uint8_t router_mac[6] = { 0x02, 0, 0x5e, 0, 0, 0x01 };

static void client(struct dhcp4_msg *m, uint8_t type)
{
	m->op = 1;
	m->xid = 0x3903f326;
	m->flags = DHCP4_FLAG_BROADCAST;
	m->type = type;
	memcpy(m->chaddr, host_mac, 6);
	m->client_id_len = 7;
	m->client_id[0] = 1;
	memcpy(m->client_id + 1, host_mac, 6);
	if (type == DHCP4_REQUEST) {
		m->has_requested = true;
		inet_pton(AF_INET, "198.51.100.10", &m->requested);
		m->has_server_id = true;
		inet_pton(AF_INET, "198.51.100.1", &m->server_id);
	}
}

static void reply(struct dhcp4_msg *m, uint8_t type)
{
	m->op = 2;
	m->xid = 0x3903f326;
	m->flags = DHCP4_FLAG_BROADCAST;
	m->type = type;
	memcpy(m->chaddr, host_mac, 6);
	m->has_server_id = true;
	inet_pton(AF_INET, "198.51.100.1", &m->server_id);
	if (type == DHCP4_NAK)
		return;
	inet_pton(AF_INET, "198.51.100.10", &m->yiaddr);
	m->lease_s = 600;
	m->has_netmask = true;
	inet_pton(AF_INET, "255.255.255.0", &m->netmask);
	m->has_router = true;
	m->router = m->server_id;
}

int main(int argc, char **argv)
{
	struct dhcp4_msg m = { 0 }, req = { 0 };
	uint8_t payload[DHCP4_MAX_LEN], frame[DHCP4_MAX_LEN + 64];
	struct dhcp4_dest to;
	int len, i;

	if (argc == 3 && !strcmp(argv[2], "raw") && (!strcmp(argv[1], "discover") || !strcmp(argv[1], "request"))) {
		client(&m, !strcmp(argv[1], "discover") ? DHCP4_DISCOVER : DHCP4_REQUEST);
		len = dhcp4_encode(&m, payload, sizeof(payload));
		return len > 0 && fwrite(payload, 1, (size_t)len, stdout) == (size_t)len ? 0 : 1;
	}
	if (argc != 2 || (strcmp(argv[1], "offer") && strcmp(argv[1], "ack") && strcmp(argv[1], "nak"))) {
		fprintf(stderr, "usage: dhcpgen offer|ack|nak\n       dhcpgen discover|request raw\n");
		return 2;
	}
	reply(&m, !strcmp(argv[1], "offer") ? DHCP4_OFFER : !strcmp(argv[1], "ack") ? DHCP4_ACK : DHCP4_NAK);
	client(&req, DHCP4_DISCOVER);
	dhcp4_reply_dest(&req, &m, &to);
	len = dhcp4_encode(&m, payload, sizeof(payload));
	if (len < 0 || (len = dhcp4_frame(payload, (size_t)len, router_mac, m.server_id, &to, frame, sizeof(frame))) < 0)
		return 1;
	for (i = 0; i < len; i++) {
		if (i % 16 == 0)
			printf("%06x", i);
		printf(" %02x", frame[i]);
		if (i % 16 == 15 || i == len - 1)
			printf("\n");
	}
	return 0;
}
