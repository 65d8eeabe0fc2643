/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Wire constants of Mobile IPv6 (RFC 6275), NEMO (RFC 3963), DSMIPv6
 * (RFC 5555) and Proxy Mobile IPv6 (RFC 5213, 5844, 5846), with their IANA
 * values. Shared by the BPF programs and the agent,
 * so it holds plain #defines only: no types, no includes.
 */
#ifndef XMIP_PROTO_H
#define XMIP_PROTO_H

/* IP protocol numbers the data plane classifies on. */
#define XMIP_IPPROTO_ICMP 1
#define XMIP_IPPROTO_IPIP 4     /* IPv4 in IP */
#define XMIP_IPPROTO_TCP 6
#define XMIP_IPPROTO_IPV6 41    /* IPv6 in IP */
#define XMIP_IPPROTO_UDP 17
#define XMIP_IPPROTO_ESP 50
#define XMIP_IPPROTO_ICMPV6 58
#define XMIP_IPPROTO_NONE 59    /* "no next header": MH payload proto */
#define XMIP_IPPROTO_MH 135     /* Mobility Header */

/* UDP ports. */
#define XMIP_PORT_DSMIP 4191    /* RFC 5555 UDP encapsulation */
#define XMIP_PORT_MIP4 434      /* Mobile IPv4 registration */
#define XMIP_PORT_PMIP_V4 5436  /* RFC 5844 4: proxy MIPv6 over IPv4 (pmip6-cntl) */
#define XMIP_PORT_IKE 500
#define XMIP_PORT_IKE_NATT 4500

/* Mobility Header message types (RFC 6275 6.1, RFC 5846). */
#define XMIP_MH_BRR 0           /* Binding Refresh Request */
#define XMIP_MH_HOTI 1
#define XMIP_MH_COTI 2
#define XMIP_MH_HOT 3
#define XMIP_MH_COT 4
#define XMIP_MH_BU 5            /* Binding Update */
#define XMIP_MH_BA 6            /* Binding Acknowledgement */
#define XMIP_MH_BE 7            /* Binding Error */
#define XMIP_MH_BRI 16          /* Binding Revocation Indication */

/* Mobility options (RFC 6275 6.2, RFC 3963, RFC 4283, RFC 5555 section 8). */
#define XMIP_MOPT_PAD1 0
#define XMIP_MOPT_PADN 1
#define XMIP_MOPT_REFRESH_ADVICE 2
#define XMIP_MOPT_ALT_COA 3
#define XMIP_MOPT_NONCE_INDICES 4
#define XMIP_MOPT_AUTH_DATA 5
#define XMIP_MOPT_MNP 6         /* Mobile Network Prefix (NEMO) */
#define XMIP_MOPT_MN_ID 8       /* Mobile Node Identifier (NAI) */
#define XMIP_MOPT_AUTH 9        /* Mobility Message Authentication (RFC 4285) */
#define XMIP_MOPT_REPLAY 10     /* Mobility Message Replay Protection (RFC 4285) */
#define XMIP_MOPT_IPV4_HOA 29
#define XMIP_MOPT_IPV4_ACK 30   /* RFC 5555 text says 29; IANA assigned 30 */
#define XMIP_MOPT_NAT_DETECT 31
#define XMIP_MOPT_IPV4_COA 32
/* Proxy Mobile IPv6 (RFC 5213 8.3-8.8, RFC 5844 3.3). */
#define XMIP_MOPT_HNP 22        /* Home Network Prefix */
#define XMIP_MOPT_HANDOFF 23    /* Handoff Indicator */
#define XMIP_MOPT_ATT 24        /* Access Technology Type */
#define XMIP_MOPT_MN_LL_ID 25   /* Mobile Node Link-layer Identifier */
#define XMIP_MOPT_LINK_LOCAL 26 /* Link-local Address */
#define XMIP_MOPT_TIMESTAMP 27  /* Timestamp (48.16 seconds since 1970) */
#define XMIP_MOPT_IPV4_HOA_REQ 36   /* IPv4 Home Address Request */
#define XMIP_MOPT_IPV4_HOA_REP 37   /* IPv4 Home Address Reply */
#define XMIP_MOPT_IPV4_DRA 38       /* IPv4 Default-Router Address */
#define XMIP_MOPT_IPV4_DHCP_MODE 39 /* IPv4 DHCP Support Mode */

/* Binding Update flags, in the 16-bit field after the sequence number. */
#define XMIP_BU_F_A 0x8000      /* Acknowledge */
#define XMIP_BU_F_H 0x4000      /* Home registration */
#define XMIP_BU_F_L 0x2000      /* Link-local compatibility */
#define XMIP_BU_F_K 0x1000      /* Key management mobility capability */
#define XMIP_BU_F_M 0x0800      /* MAP registration */
#define XMIP_BU_F_R 0x0400      /* Mobile router (NEMO) */
#define XMIP_BU_F_P 0x0200      /* Proxy registration */
#define XMIP_BU_F_F 0x0100      /* Force UDP encapsulation (RFC 5555) */

/* Binding Acknowledgement status (RFC 6275 6.1.8, RFC 3963, RFC 5555). */
#define XMIP_BA_ACCEPTED 0
#define XMIP_BA_ACCEPTED_PREFIX_DISCOVERY 1
#define XMIP_BA_UNSPECIFIED 128
#define XMIP_BA_ADMIN_PROHIBITED 129
#define XMIP_BA_INSUFFICIENT_RESOURCES 130
#define XMIP_BA_HOME_REG_NOT_SUPPORTED 131
#define XMIP_BA_NOT_HOME_SUBNET 132
#define XMIP_BA_NOT_HA_FOR_MN 133
#define XMIP_BA_DAD_FAILED 134
#define XMIP_BA_SEQ_OUT_OF_WINDOW 135
#define XMIP_BA_EXPIRED_HOME_NONCE 136
#define XMIP_BA_EXPIRED_COA_NONCE 137
#define XMIP_BA_EXPIRED_NONCES 138
#define XMIP_BA_REG_TYPE_CHANGE 139
#define XMIP_BA_MR_OP_NOT_PERMITTED 140
#define XMIP_BA_INVALID_PREFIX 141
#define XMIP_BA_NOT_AUTHORIZED_PREFIX 142
#define XMIP_BA_FORWARDING_NOT_SETUP 143
#define XMIP_BA_F_FLAG_NOT_ALLOWED 144 /* RFC 5555 4.3 (which RFC 4285 had as MIPV6-ID-MISMATCH) */
#define XMIP_BA_ID_MISMATCH 144         /* RFC 4285: MIPV6-ID-MISMATCH */
#define XMIP_BA_MESG_ID_REQD 145        /* RFC 4285: MIPV6-MESG-ID-REQD (replay check) */
#define XMIP_BA_AUTH_FAIL 146           /* RFC 4285: MIPV6-AUTH-FAIL */
/* Proxy Mobile IPv6 (RFC 5213 8.9, RFC 5845, RFC 5844 3.3.4). */
#define XMIP_BA_PROXY_REG_NOT_ENABLED 152
#define XMIP_BA_NOT_LMA_FOR_MN 153
#define XMIP_BA_MAG_NOT_AUTHORIZED 154      /* for proxy registration */
#define XMIP_BA_NOT_AUTHORIZED_FOR_HNP 155
#define XMIP_BA_TIMESTAMP_MISMATCH 156      /* outside the validity window */
#define XMIP_BA_TIMESTAMP_LOWER 157         /* lower than the previous accepted */
#define XMIP_BA_MISSING_HNP 158
#define XMIP_BA_BCE_PREFIX_MISMATCH 159     /* prefixes of BCE and PBU differ */
#define XMIP_BA_MISSING_MN_ID 160
#define XMIP_BA_MISSING_HANDOFF 161
#define XMIP_BA_MISSING_ATT 162
#define XMIP_BA_GRE_KEY_REQUIRED 163
#define XMIP_BA_NOT_AUTHORIZED_IPV4 170     /* for IPv4 mobility service */
#define XMIP_BA_NOT_AUTHORIZED_IPV4_HOA 171
#define XMIP_BA_NOT_AUTHORIZED_IPV6 172     /* for IPv6 mobility service */
#define XMIP_BA_MULTIPLE_IPV4_HOA 173       /* not supported */

/* IPv4 Home Address Reply status (RFC 5844 3.3.2: its own registry). */
#define XMIP_V4REP_SUCCESS 0
#define XMIP_V4REP_FAILURE 128
#define XMIP_V4REP_ADMIN_PROHIBITED 129
#define XMIP_V4REP_INCORRECT_HOA 130
#define XMIP_V4REP_INVALID_ADDR 131
#define XMIP_V4REP_NO_DYNAMIC 132           /* dynamic assignment not available */

/* Handoff Indicator values (RFC 5213 8.4). */
#define XMIP_HI_NEW_INTERFACE 1
#define XMIP_HI_OTHER_INTERFACE 2
#define XMIP_HI_OTHER_MAG 3                 /* between MAGs, same interface */
#define XMIP_HI_UNKNOWN 4
#define XMIP_HI_NOT_CHANGED 5               /* re-registration */

/* Access Technology Type values (RFC 5213 8.5). */
#define XMIP_ATT_VIRTUAL 1
#define XMIP_ATT_PPP 2
#define XMIP_ATT_ETHERNET 3
#define XMIP_ATT_WLAN 4
#define XMIP_ATT_WIMAX 5

/* Binding Revocation (RFC 5846 6): B.R. types, flags, triggers, statuses. */
#define XMIP_BR_INDICATION 1
#define XMIP_BR_ACK 2
#define XMIP_BR_F_P 0x8000                  /* proxy binding */
#define XMIP_BR_F_V 0x4000                  /* IPv4 home address binding only */
#define XMIP_BR_F_G 0x2000                  /* global revocation */
#define XMIP_BR_TRIGGER_UNSPECIFIED 0
#define XMIP_BR_TRIGGER_ADMIN 1
#define XMIP_BR_TRIGGER_HANDOVER_SAME_ATT 2 /* inter-MAG, same access type */
#define XMIP_BR_TRIGGER_HANDOVER_OTHER_ATT 3
#define XMIP_BR_TRIGGER_HANDOVER_UNKNOWN 4
#define XMIP_BR_TRIGGER_USER_TERMINATION 5
#define XMIP_BR_TRIGGER_ACCESS_TERMINATION 6
#define XMIP_BR_TRIGGER_OUT_OF_SYNC 7
#define XMIP_BR_TRIGGER_PEER_POLICY 128
#define XMIP_BR_TRIGGER_LOCAL_POLICY 129
#define XMIP_BRA_SUCCESS 0
#define XMIP_BRA_PARTIAL_SUCCESS 1
#define XMIP_BRA_NO_BINDING 128
#define XMIP_BRA_IPV4_HOA_REQUIRED 129      /* the IPv4 home address option */
#define XMIP_BRA_GLOBAL_NOT_AUTHORIZED 130
#define XMIP_BRA_ID_REQUIRED 131            /* the revoked node's identity */
#define XMIP_BRA_MN_ATTACHED 132            /* revocation failed: still attached */

/* IPv4 Address Acknowledgement status (RFC 5555 3.2.1). */
#define XMIP_V4ACK_SUCCESS 0
#define XMIP_V4ACK_FAILURE 128
#define XMIP_V4ACK_ADMIN_PROHIBITED 129
#define XMIP_V4ACK_INCORRECT_HOA 130
#define XMIP_V4ACK_INVALID_HOA 131
#define XMIP_V4ACK_DHCP_IN_PROGRESS 132
#define XMIP_V4ACK_PREFIX_UNAUTHORIZED 133

/* Binding Error status (RFC 6275 6.1.9). */
#define XMIP_BE_UNKNOWN_HAO 1
#define XMIP_BE_UNKNOWN_MH_TYPE 2

/* Timers (RFC 6275 13, RFC 5555 6), seconds. */
#define XMIP_INITIAL_BINDACK_TIMEOUT 1
#define XMIP_MAX_BINDACK_TIMEOUT 32
#define XMIP_NATKATIMEOUT 110

#endif /* XMIP_PROTO_H */
