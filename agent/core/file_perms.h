/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
#ifndef XMIP_FILE_PERMS_H
#define XMIP_FILE_PERMS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Whether a file xmipd acts on is safe to trust: owned by root or by the
 * user xmipd runs as, and writable by its owner only (its configuration
 * names the addresses, keys and sockets the agent uses; its certificates
 * decide whom IKE trusts); a secret (a private key) also readable by its
 * owner only. Returns 0, or -1 with why (the problem and its fix, without
 * the path: the caller says which file) in why; a file that cannot be
 * read at all is the caller's to report.
 */
int file_perms_check(const char *path, bool secret, char *why, size_t len);

#endif
