// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/file_perms.h"

int file_perms_check(const char *path, bool secret, char *why, size_t len)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		snprintf(why, len, "cannot read: %s", strerror(errno));
		return -1;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		snprintf(why, len, "is owned by uid %u, neither root nor the user xmipd runs as: chown it",
			 (unsigned)st.st_uid);
		return -1;
	}
	if (secret && (st.st_mode & 077)) {
		snprintf(why, len, "is open to group or others (mode %04o): chmod 600 it",
			 (unsigned)(st.st_mode & 07777));
		return -1;
	}
	if (st.st_mode & 022) {
		snprintf(why, len, "is writable by group or others (mode %04o): chmod go-w it",
			 (unsigned)(st.st_mode & 07777));
		return -1;
	}
	return 0;
}
