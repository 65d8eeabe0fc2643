/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Pin directory helpers, internal to the loader. */
#ifndef XMIP_BPFFS_H
#define XMIP_BPFFS_H

#include <stddef.h>
#include "xmip_error.h"

int pin_dir_path(char *buf, size_t len, const char *instance);
int pin_dir_create(const char *instance, struct xmip_error *err);

#endif
