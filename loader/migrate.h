/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Pinned maps across an upgrade. A map pinned by an older build whose shape
 * (value size, entries) differs from this build's is migrated, not refused:
 * before the object loads, the old pin is moved aside ("<name>_migrating");
 * libbpf then creates and pins the new map; afterwards every entry is
 * copied over (values cut or zero-extended: fields are only ever appended)
 * and the old pin goes. A migration cut short is finished by the next
 * start from the "_migrating" pin. Maps of this instance that this build's kind
 * does not declare (an older build's) are unpinned. Internal to the loader.
 */
#ifndef XMIP_LOADER_MIGRATE_H
#define XMIP_LOADER_MIGRATE_H

#include <stdint.h>
#include "xmip_loader.h"

struct bpf_object;

/* Before bpf_object__load(obj): moves aside the pins whose shape differs
 * from obj's maps (or refuses, when the key or type differs: no entry
 * could be carried over). Returns how many were moved, or -errno. */
int migrate_prepare(const char *pin_dir, struct bpf_object *obj, struct xmip_error *err);
/* After the load: copies every moved-aside map into obj's new one and
 * removes the old pin. */
int migrate_finish(const char *pin_dir, struct bpf_object *obj, struct xmip_error *err);
/* Removes the pins in pin_dir of xmip's maps that the kind (maps: bit per
 * enum xmip_map_id) does not use. */
void migrate_unpin_unused(const char *pin_dir, uint32_t maps);

#endif
