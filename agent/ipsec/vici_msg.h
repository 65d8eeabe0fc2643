/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * strongSwan's VICI protocol, the message and packet layers (the vici
 * plugin's README): a message is a tree of sections, key/values and lists
 * encoded as typed elements; a packet is a type byte, a name for the named
 * types, and a message; the stream carries packets as segments prefixed with
 * a 32-bit length. Pure code: no sockets here (vici_conn.h has them).
 */
#ifndef XMIP_VICI_MSG_H
#define XMIP_VICI_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VICI_SEGMENT_MAX (512 * 1024)    /* the daemon's limit */

enum vici_packet_type {
	VICI_CMD_REQUEST = 0,
	VICI_CMD_RESPONSE = 1,
	VICI_CMD_UNKNOWN = 2,
	VICI_EVENT_REGISTER = 3,
	VICI_EVENT_UNREGISTER = 4,
	VICI_EVENT_CONFIRM = 5,
	VICI_EVENT_UNKNOWN = 6,
	VICI_EVENT = 7,
};

enum vici_element {
	VICI_SECTION_START = 1,
	VICI_SECTION_END = 2,
	VICI_KEY_VALUE = 3,
	VICI_LIST_START = 4,
	VICI_LIST_ITEM = 5,
	VICI_LIST_END = 6,
};

/* A message under construction. Appending never fails on the spot: the
 * first problem (memory, a name over 255 bytes, a value over 65535, an
 * unbalanced end) is kept in err and every later append is ignored, so a
 * builder is checked once, at the end. */
struct vici_builder {
	uint8_t *data;
	size_t len, cap;
	int depth;               /* open sections */
	bool in_list;
	const char *err;
};

void vici_builder_init(struct vici_builder *b);
void vici_builder_free(struct vici_builder *b);
void vici_section_start(struct vici_builder *b, const char *name);
void vici_section_end(struct vici_builder *b);
void vici_kv(struct vici_builder *b, const char *key, const char *value);
void vici_kvf(struct vici_builder *b, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A value that is not a C string (a DER certificate, say). */
void vici_kv_blob(struct vici_builder *b, const char *key, const void *value, size_t len);
void vici_list_start(struct vici_builder *b, const char *name);
void vici_list_item(struct vici_builder *b, const char *value);
void vici_list_end(struct vici_builder *b);
/* NULL when the message is complete and balanced, else what is wrong. */
const char *vici_builder_error(const struct vici_builder *b);

/* A parsed message. Sections and lists hold their children in order; list
 * items are values without a name. Values are NUL-terminated copies (the
 * protocol's values are not), with their length. */
enum vici_node_kind { VICI_NODE_SECTION, VICI_NODE_VALUE, VICI_NODE_LIST };

struct vici_node {
	enum vici_node_kind kind;
	char *name;              /* "" for list items and the root */
	char *value;
	size_t value_len;
	struct vici_node *children, *next;
};

/* Returns the root section, or NULL with a reason in err. */
struct vici_node *vici_parse(const uint8_t *msg, size_t len, char *err, size_t errlen);
void vici_node_free(struct vici_node *n);
/* The child of a section called name, of any kind; NULL if none. */
const struct vici_node *vici_child(const struct vici_node *section, const char *name);
/* A value by path of names separated by '.', e.g. "child-sas.bu.state". */
const char *vici_value(const struct vici_node *section, const char *path);
/* The first child section of a section (events name it after the IKE_SA). */
const struct vici_node *vici_first_section(const struct vici_node *section);

/* A packet: type, name (named types only) and message, as one segment
 * payload (without the length prefix). */
struct vici_packet {
	uint8_t type;
	char name[256];
	const uint8_t *msg;
	size_t msg_len;
};

bool vici_packet_named(uint8_t type);
/* Appends the 4-byte length and the segment to out (a builder used as a
 * plain buffer). msg may be NULL for an empty message. */
int vici_packet_encode(struct vici_builder *out, uint8_t type, const char *name,
		       const struct vici_builder *msg);
/* Splits a segment payload; msg points into seg. -EBADMSG if malformed. */
int vici_packet_decode(const uint8_t *seg, size_t len, struct vici_packet *p);

#endif
