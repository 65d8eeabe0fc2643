/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A role's binding cache on file, so that an agent killed and started again
 * comes back with every binding whole (the data plane itself lives on in
 * the pinned maps). The home agent's and the LMA's use it, each with its
 * own key (a home address, a NAI) and entry.
 *
 * One fixed-size slot per configured node: its key, its entry, a CRC32.
 * A change rewrites that slot only (pwrite, one system call: a process
 * killed mid-way has written all of it or none, and a slot whose CRC fails
 * is ignored). At every start the file is read, then written anew in the
 * current configuration's order (temporary file, fsync, rename), so that a
 * changed node list finds its nodes by key. Lifetimes are on the monotonic
 * clock, which a reboot restarts: the header carries the boot's id, and a
 * file from another boot (like the maps, which a reboot also loses) is not
 * used. Its place is /run/xmip by default, a tmpfs that a reboot empties
 * anyway.
 */
#ifndef XMIP_STATE_FILE_H
#define XMIP_STATE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include "xmip_error.h"

/* What the file holds, as its owner (a role's cache) sees it. */
struct state_file_ops {
	char magic[8];               /* the file's kind and version */
	size_t key_size, entry_size;
	/* Slots now (the file grows as the owner does). */
	int (*count)(void *owner);
	/* Slot i's key and entry (both zeroed first); false: an empty slot
	 * (a place no node has now), which no key matches. */
	bool (*get)(void *owner, int i, void *key, void *entry);
	/* A slot read back: the owner takes it if the key is one of its nodes
	 * and the entry fits; returns 1 for a binding restored, else 0. */
	int (*put)(void *owner, const void *key, const void *entry);
};

struct state_file;

/* Opens (or makes) the file at path, restoring what it holds through
 * ops->put; *restored says how many bindings came back. */
int state_file_open(struct state_file **out, const char *path, const struct state_file_ops *ops, void *owner,
		    int *restored, struct xmip_error *err);
/* Writes slot i as the owner holds it now. */
int state_file_save(struct state_file *st, int i, struct xmip_error *err);
void state_file_close(struct state_file *st);
/* Removes the file (xmipd --cleanup; none is fine): 0, or -errno with err
 * naming it. */
int state_file_remove(const char *path, struct xmip_error *err);

#endif
