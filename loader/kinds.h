/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The kinds of data plane the loader knows (enum xmip_dp_kind): for each,
 * its TC and XDP objects (the skeletons' ELF bytes), their programs, and
 * the maps it declares. The loader picks from this table; it never asks
 * which kind it has. Internal to the loader.
 */
#ifndef XMIP_LOADER_KINDS_H
#define XMIP_LOADER_KINDS_H

#include <stddef.h>
#include <stdint.h>
#include "xmip_loader.h"

struct bpf_object;
struct bpf_program;

struct dp_kind_desc {
	const char *name;                          /* "anchor" */
	const void *(*tc_elf)(size_t *size);       /* its skeletons' objects */
	const void *(*xdp_elf)(size_t *size);
	const char *tc_prog;                       /* program names (what */
	const char *xdp_prog;                      /* bpftool shows)      */
	uint32_t maps;                             /* bit (1 << enum xmip_map_id) each */
};

/* The kind's entry, or NULL for one without a data plane. */
const struct dp_kind_desc *dp_kind_desc(enum xmip_dp_kind kind);
/* Is name the name of an XDP program some kind has (now or before)? */
int dp_kind_is_our_xdp(const char *name);

/* Opens the kind's TC (xdp == 0) or XDP object with its maps pinned under
 * pin_dir and sized for max_bindings. */
int dp_kind_open(const struct dp_kind_desc *k, int xdp, const char *pin_dir, uint32_t max_bindings,
		 struct bpf_object **obj);

#endif
