// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ipsec/vici_msg.h"

/* --- building ------------------------------------------------------------ */

void vici_builder_init(struct vici_builder *b)
{
	memset(b, 0, sizeof(*b));
}

void vici_builder_free(struct vici_builder *b)
{
	free(b->data);
	vici_builder_init(b);
}

static void fail(struct vici_builder *b, const char *why)
{
	if (!b->err)
		b->err = why;
}

static void put(struct vici_builder *b, const void *p, size_t n)
{
	if (b->err)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		uint8_t *d;

		while (cap < b->len + n)
			cap *= 2;
		d = realloc(b->data, cap);
		if (!d) {
			fail(b, "out of memory");
			return;
		}
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

static void put_u8(struct vici_builder *b, uint8_t v)
{
	put(b, &v, 1);
}

static void put_name(struct vici_builder *b, const char *name)
{
	size_t n = strlen(name);

	if (n > 255) {
		fail(b, "name longer than 255 bytes");
		return;
	}
	put_u8(b, (uint8_t)n);
	put(b, name, n);
}

static void put_value(struct vici_builder *b, const void *v, size_t n)
{
	uint8_t be[2] = { (uint8_t)(n >> 8), (uint8_t)n };

	if (n > 0xffff) {
		fail(b, "value longer than 65535 bytes");
		return;
	}
	put(b, be, 2);
	put(b, v, n);
}

void vici_section_start(struct vici_builder *b, const char *name)
{
	if (b->in_list) {
		fail(b, "section inside a list");
		return;
	}
	put_u8(b, VICI_SECTION_START);
	put_name(b, name);
	b->depth++;
}

void vici_section_end(struct vici_builder *b)
{
	if (b->in_list || b->depth == 0) {
		fail(b, "section end without a section");
		return;
	}
	put_u8(b, VICI_SECTION_END);
	b->depth--;
}

void vici_kv_blob(struct vici_builder *b, const char *key, const void *value, size_t len)
{
	if (b->in_list) {
		fail(b, "key/value inside a list");
		return;
	}
	put_u8(b, VICI_KEY_VALUE);
	put_name(b, key);
	put_value(b, value, len);
}

void vici_kv(struct vici_builder *b, const char *key, const char *value)
{
	vici_kv_blob(b, key, value, strlen(value));
}

void vici_kvf(struct vici_builder *b, const char *key, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		fail(b, "formatted value too long");
		return;
	}
	vici_kv(b, key, buf);
}

void vici_list_start(struct vici_builder *b, const char *name)
{
	if (b->in_list) {
		fail(b, "list inside a list");
		return;
	}
	put_u8(b, VICI_LIST_START);
	put_name(b, name);
	b->in_list = true;
}

void vici_list_item(struct vici_builder *b, const char *value)
{
	if (!b->in_list) {
		fail(b, "list item outside a list");
		return;
	}
	put_u8(b, VICI_LIST_ITEM);
	put_value(b, value, strlen(value));
}

void vici_list_end(struct vici_builder *b)
{
	if (!b->in_list) {
		fail(b, "list end without a list");
		return;
	}
	put_u8(b, VICI_LIST_END);
	b->in_list = false;
}

const char *vici_builder_error(const struct vici_builder *b)
{
	if (b->err)
		return b->err;
	if (b->depth || b->in_list)
		return "unclosed section or list";
	return NULL;
}

/* --- parsing ------------------------------------------------------------- */

struct cursor {
	const uint8_t *p, *end;
};

static bool take(struct cursor *c, size_t n, const uint8_t **out)
{
	if ((size_t)(c->end - c->p) < n)
		return false;
	*out = c->p;
	c->p += n;
	return true;
}

static char *take_name(struct cursor *c)
{
	const uint8_t *len, *s;
	char *name;

	if (!take(c, 1, &len) || !take(c, *len, &s))
		return NULL;
	name = malloc((size_t)*len + 1);
	if (name) {
		memcpy(name, s, *len);
		name[*len] = '\0';
	}
	return name;
}

static bool take_value(struct cursor *c, struct vici_node *n)
{
	const uint8_t *len, *s;
	size_t l;

	if (!take(c, 2, &len))
		return false;
	l = (size_t)len[0] << 8 | len[1];
	if (!take(c, l, &s) || !(n->value = malloc(l + 1)))
		return false;
	memcpy(n->value, s, l);
	n->value[l] = '\0';
	n->value_len = l;
	return true;
}

static struct vici_node *node_new(enum vici_node_kind kind, char *name)
{
	struct vici_node *n = calloc(1, sizeof(*n));

	if (!n) {
		free(name);
		return NULL;
	}
	n->kind = kind;
	n->name = name;
	return n;
}

void vici_node_free(struct vici_node *n)
{
	while (n) {
		struct vici_node *next = n->next;

		vici_node_free(n->children);
		free(n->name);
		free(n->value);
		free(n);
		n = next;
	}
}

/* Appends at the tail kept per open container. */
static void append(struct vici_node ***tail, struct vici_node *n)
{
	**tail = n;
	*tail = &n->next;
}

#define VICI_MAX_DEPTH 32

struct vici_node *vici_parse(const uint8_t *msg, size_t len, char *err, size_t errlen)
{
	struct cursor c = { msg, msg + len };
	struct vici_node **tails[VICI_MAX_DEPTH + 1];
	struct vici_node *root = node_new(VICI_NODE_SECTION, strdup(""));
	struct vici_node *list = NULL, **list_tail = NULL;
	int depth = 0;
	const char *why = NULL;

	if (!root || !root->name) {
		vici_node_free(root);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	tails[0] = &root->children;
	while (c.p < c.end && !why) {
		uint8_t type = *c.p++;
		struct vici_node *n = NULL;

		if (list && type != VICI_LIST_ITEM && type != VICI_LIST_END) {
			why = "element other than an item inside a list";
			break;
		}
		switch (type) {
		case VICI_SECTION_START:
			if (depth == VICI_MAX_DEPTH) {
				why = "sections nested too deep";
				break;
			}
			if (!(n = node_new(VICI_NODE_SECTION, take_name(&c))) || !n->name) {
				why = "truncated section name";
				break;
			}
			append(&tails[depth], n);
			tails[++depth] = &n->children;
			n = NULL;
			break;
		case VICI_SECTION_END:
			if (depth == 0)
				why = "section end without a section";
			else
				depth--;
			break;
		case VICI_KEY_VALUE:
			if (!(n = node_new(VICI_NODE_VALUE, take_name(&c))) || !n->name ||
			    !take_value(&c, n)) {
				why = "truncated key/value";
				break;
			}
			append(&tails[depth], n);
			n = NULL;
			break;
		case VICI_LIST_START:
			if (!(n = node_new(VICI_NODE_LIST, take_name(&c))) || !n->name) {
				why = "truncated list name";
				break;
			}
			append(&tails[depth], n);
			list = n;
			list_tail = &n->children;
			n = NULL;
			break;
		case VICI_LIST_ITEM:
			if (!list) {
				why = "list item outside a list";
				break;
			}
			if (!(n = node_new(VICI_NODE_VALUE, strdup(""))) || !n->name || !take_value(&c, n)) {
				why = "truncated list item";
				break;
			}
			append(&list_tail, n);
			n = NULL;
			break;
		case VICI_LIST_END:
			if (!list)
				why = "list end without a list";
			list = NULL;
			break;
		default:
			why = "unknown element type";
			break;
		}
		vici_node_free(n);
	}
	if (!why && (depth || list))
		why = "unclosed section or list";
	if (why) {
		snprintf(err, errlen, "VICI message: %s at byte %zu", why, (size_t)(c.p - msg));
		vici_node_free(root);
		return NULL;
	}
	return root;
}

const struct vici_node *vici_child(const struct vici_node *section, const char *name)
{
	const struct vici_node *n;

	if (!section || section->kind != VICI_NODE_SECTION)
		return NULL;
	for (n = section->children; n; n = n->next)
		if (!strcmp(n->name, name))
			return n;
	return NULL;
}

const char *vici_value(const struct vici_node *section, const char *path)
{
	char part[256];
	const char *dot;
	const struct vici_node *n = section;

	while (n && (dot = strchr(path, '.'))) {
		size_t l = (size_t)(dot - path);

		if (l >= sizeof(part))
			return NULL;
		memcpy(part, path, l);
		part[l] = '\0';
		n = vici_child(n, part);
		path = dot + 1;
	}
	n = vici_child(n, path);
	return n && n->kind == VICI_NODE_VALUE ? n->value : NULL;
}

const struct vici_node *vici_first_section(const struct vici_node *section)
{
	const struct vici_node *n;

	for (n = section ? section->children : NULL; n; n = n->next)
		if (n->kind == VICI_NODE_SECTION)
			return n;
	return NULL;
}

/* --- packets ------------------------------------------------------------- */

bool vici_packet_named(uint8_t type)
{
	return type == VICI_CMD_REQUEST || type == VICI_EVENT_REGISTER ||
	       type == VICI_EVENT_UNREGISTER || type == VICI_EVENT;
}

int vici_packet_encode(struct vici_builder *out, uint8_t type, const char *name,
		       const struct vici_builder *msg)
{
	size_t name_len = vici_packet_named(type) ? strlen(name) : 0;
	size_t msg_len = msg ? msg->len : 0;
	size_t seg = 1 + (vici_packet_named(type) ? 1 + name_len : 0) + msg_len;
	uint8_t be[4] = { (uint8_t)(seg >> 24), (uint8_t)(seg >> 16), (uint8_t)(seg >> 8), (uint8_t)seg };

	if (msg && vici_builder_error(msg))
		return -EINVAL;
	if (name_len > 255 || seg > VICI_SEGMENT_MAX)
		return -EMSGSIZE;
	put(out, be, 4);
	put_u8(out, type);
	if (vici_packet_named(type))
		put_name(out, name);
	if (msg_len)
		put(out, msg->data, msg_len);
	return out->err ? -ENOMEM : 0;
}

int vici_packet_decode(const uint8_t *seg, size_t len, struct vici_packet *p)
{
	memset(p, 0, sizeof(*p));
	if (len < 1)
		return -EBADMSG;
	p->type = seg[0];
	if (p->type > VICI_EVENT)
		return -EBADMSG;
	seg++;
	len--;
	if (vici_packet_named(p->type)) {
		if (len < 1 || len - 1 < seg[0])
			return -EBADMSG;
		memcpy(p->name, seg + 1, seg[0]);
		p->name[seg[0]] = '\0';
		len -= 1u + seg[0];
		seg += 1u + seg[0];
	}
	p->msg = seg;
	p->msg_len = len;
	return 0;
}
