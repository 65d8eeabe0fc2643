/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The xmipd process: sd-event loop, signals (SIGTERM/SIGINT stop, SIGHUP
 * reloads the configuration), sd_notify readiness and status, the control
 * socket, and the data plane it drives.
 */
#ifndef XMIP_DAEMON_H
#define XMIP_DAEMON_H

/* Runs until stopped; returns the process exit code. log_level < 0: from the
 * configuration. */
int xmipd_run(const char *config_path, int log_level);

#endif
