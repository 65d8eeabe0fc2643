// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ipsec/ipsec_conns.h"

int ipsec_plan_init(struct ipsec_plan *plan, int n)
{
	plan->peers = calloc((size_t)n + 1, sizeof(*plan->peers));
	plan->n_peers = plan->peers ? n : 0;
	return plan->peers ? 0 : -ENOMEM;
}

void ipsec_plan_free(struct ipsec_plan *plan)
{
	free(plan->peers);
	plan->peers = NULL;
	plan->n_peers = 0;
}

void ipsec_plan_set_peer(struct ipsec_plan *plan, int i, const char *remote_id, const struct in6_addr *hoa,
			 const struct in_addr *hoa4, int n_hoa4)
{
	struct ike_peer *p = &plan->peers[i];

	snprintf(p->remote_id, sizeof(p->remote_id), "%s", remote_id);
	p->home_address = *hoa;
	if (n_hoa4 > XMIP_IKE_MAX_HOA4)
		n_hoa4 = XMIP_IKE_MAX_HOA4;
	if (n_hoa4 > 0)
		memcpy(p->hoa4, hoa4, sizeof(*hoa4) * (size_t)n_hoa4);
	p->n_hoa4 = n_hoa4 > 0 ? n_hoa4 : 0;
	snprintf(p->conn, sizeof(p->conn), "xmip-%s", p->remote_id);
	p->reqid = XMIP_REQID_BASE + (uint32_t)i + 1;
}

static void list_of_addresses(struct vici_builder *b, const char *name, const struct in6_addr *a6,
			      const struct in_addr *a4)
{
	char buf[INET6_ADDRSTRLEN];

	vici_list_start(b, name);
	vici_list_item(b, inet_ntop(AF_INET6, a6, buf, sizeof(buf)));
	if (a4)
		vici_list_item(b, inet_ntop(AF_INET, a4, buf, sizeof(buf)));
	vici_list_end(b);
}

static void host_ts(struct vici_builder *b, const char *name, const struct in6_addr *a)
{
	char buf[INET6_ADDRSTRLEN + 4];

	inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
	vici_list_start(b, name);
	vici_list_item(b, strcat(buf, "/128"));
	vici_list_end(b);
}

/* The home addresses' side of the payload tunnel: each IPv4 home address. */
static void hoa4_ts(struct vici_builder *b, const char *name, const struct ike_peer *p)
{
	char buf[INET_ADDRSTRLEN + 3];
	int i;

	vici_list_start(b, name);
	for (i = 0; i < p->n_hoa4; i++) {
		inet_ntop(AF_INET, &p->hoa4[i], buf, INET_ADDRSTRLEN);
		vici_list_item(b, strcat(buf, "/32"));
	}
	vici_list_end(b);
}

static void any4_ts(struct vici_builder *b, const char *name)
{
	vici_list_start(b, name);
	vici_list_item(b, "0.0.0.0/0");
	vici_list_end(b);
}

/*
 * RFC 5555 5.2.2: IPv4 payload in ESP tunnel mode between the care-of
 * address and the home agent (UDP 4500 through a NAT), the kernel's own:
 * charon installs its policies, and MOBIKE moves it with the IKE SA. The
 * home agent's XDP leaves that traffic to the stack (XMIP_TUNF_ESP_PAYLOAD4).
 */
static void payload_child(const struct ike_peer *p, bool ha, struct vici_builder *b)
{
	vici_section_start(b, XMIP_CHILD_PAYLOAD);
	vici_kv(b, "mode", "tunnel");
	if (ha) {
		any4_ts(b, "local_ts");
		hoa4_ts(b, "remote_ts", p);
	} else {
		hoa4_ts(b, "local_ts", p);
		any4_ts(b, "remote_ts");
		vici_kv(b, "start_action", "start");
		vici_kv(b, "dpd_action", "restart");
	}
	vici_section_end(b);
}

void ipsec_build_conn(const struct ipsec_config *ip, const struct ipsec_plan *plan, const struct ike_peer *p,
		      const char *cert_pem, struct vici_builder *b)
{
	bool ha = !plan->mobile;
	const struct in6_addr *ha6 = &plan->anchor6;
	const struct in_addr *ha4 = plan->has_anchor4 ? &plan->anchor4 : NULL;

	vici_section_start(b, p->conn);
	vici_kv(b, "version", "2");
	/* The IKE SA follows the care-of address (RFC 4555); the BU SA
	 * stays on the home address and needs no update. A MAG does not
	 * move. */
	vici_kv(b, "mobike", plan->proxy ? "no" : "yes");
	list_of_addresses(b, ha ? "local_addrs" : "remote_addrs", ha6, ha4);
	if (!ha) {
		/* The node notices a dead home agent and starts again. */
		vici_kv(b, "dpd_delay", "30s");
	}
	vici_section_start(b, "local");
	vici_kv(b, "auth", "pubkey");
	vici_kv(b, "id", ip->identity);
	vici_list_start(b, "certs");
	vici_list_item(b, cert_pem);
	vici_list_end(b);
	vici_section_end(b);
	vici_section_start(b, "remote");
	vici_kv(b, "auth", "pubkey");
	vici_kv(b, "id", p->remote_id);
	vici_section_end(b);

	vici_section_start(b, "children");
	vici_section_start(b, XMIP_CHILD_BU);
	vici_kv(b, "mode", plan->proxy ? "transport" : "transport_proxy");
	vici_kv(b, "policies", "no");
	vici_kvf(b, "reqid", "%u", p->reqid);
	/* No rekeying: a CHILD_SA negotiated while IKE runs through a NAT
	 * gets its host selectors replaced by the IKE addresses (strongSwan
	 * does that for transport mode), which the peer refuses for a home
	 * address. The SA made before stays through MOBIKE moves, and goes
	 * with its IKE SA. */
	vici_kv(b, "rekey_time", "0");
	host_ts(b, "local_ts", ha ? ha6 : &p->home_address);
	host_ts(b, "remote_ts", ha ? &p->home_address : ha6);
	if (!ha) {
		vici_kv(b, "start_action", "start");
		vici_kv(b, "dpd_action", "restart");
	}
	vici_section_end(b);
	if (p->n_hoa4)
		payload_child(p, ha, b);
	vici_section_end(b);
	vici_section_end(b);
}
