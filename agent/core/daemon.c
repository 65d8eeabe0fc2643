// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-event.h>
#include "core/config.h"
#include "core/control.h"
#include "core/daemon.h"
#include "core/dp_setup.h"
#include "dsmip6/ha_signal.h"
#include "ipsec/ipsec.h"
#include "dsmip6/mn_signal.h"
#include "core/log.h"
#include "core/privileges.h"
#include "core/report.h"

struct xmipd {
	struct xmip_config cfg;
	int log_override;
	sd_event *ev;
	struct dp_state dp;
	struct control_server *ctl;
	struct report_ctx report;
	struct ha_signal *ha;
	struct mn_signal *mn;
	struct ipsec *ipsec;
};

static void apply_log_level(const struct xmipd *d)
{
	log_set_level(d->log_override >= 0 ? d->log_override : d->cfg.log_level);
}

static void notify_status(const struct xmipd *d)
{
	sd_notifyf(0, "STATUS=%s '%s': %d interface(s) attached",
		   xmip_role_name(d->cfg.role), d->cfg.instance, d->dp.n_ifaces);
}

static int on_stop(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata)
{
	struct xmipd *d = userdata;

	(void)s;
	log_notice("signal %s: stopping (data plane and bindings stay in place)",
		   strsignal((int)si->ssi_signo));
	sd_notify(0, "STOPPING=1");
	return sd_event_exit(d->ev, 0);
}

/* The binding cache is indexed like the mobile_nodes list. */
static bool same_mobile_nodes(const struct ha_config *a, const struct ha_config *b)
{
	return a->n_mobile_nodes == b->n_mobile_nodes &&
	       (!a->n_mobile_nodes ||
		!memcmp(a->mobile_nodes, b->mobile_nodes, sizeof(*a->mobile_nodes) * (size_t)a->n_mobile_nodes));
}

/* SIGHUP: a bad new file keeps the old configuration running. */
static int on_reload(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata)
{
	struct xmipd *d = userdata;
	struct xmip_config next;
	struct xmip_error err = { 0 };
	char msg[1024];

	(void)s;
	(void)si;
	sd_notify(0, "RELOADING=1");
	log_notice("SIGHUP: reloading %s", d->cfg.path);
	if (xmip_config_load(d->cfg.path, &next, msg, sizeof(msg))) {
		log_err("reload refused, keeping the running configuration: %s", msg);
		goto out;
	}
	if (strcmp(next.instance, d->cfg.instance) || next.role != d->cfg.role ||
	    strcmp(next.control_socket, d->cfg.control_socket) ||
	    next.control_group != d->cfg.control_group ||
	    next.max_bindings != d->cfg.max_bindings || next.xdp_mode != d->cfg.xdp_mode ||
	    (next.role == XMIP_ROLE_MOBILE_NODE &&
	     strcmp(next.mn.tunnel_interface, d->cfg.mn.tunnel_interface)) ||
	    next.signalling != d->cfg.signalling || !same_mobile_nodes(&next.ha, &d->cfg.ha)) {
		log_err("reload refused: instance, role, control_socket, control_group, max_bindings, "
			"xdp_mode, tunnel_interface, signalling and the mobile_nodes list "
			"change only with a restart");
		xmip_config_free(&next);
		goto out;
	}
	xmip_config_free(&d->cfg);
	d->cfg = next;
	apply_log_level(d);
	if (dp_reapply(&d->dp, &d->cfg, &err))
		log_err("reload: %s", err.msg);
	else
		log_notice("configuration reloaded");
out:
	sd_notify(0, "READY=1");
	notify_status(d);
	return 0;
}

static int setup_loop(struct xmipd *d, struct xmip_error *err)
{
	sigset_t mask;
	int ret;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	/* A client that hangs up mid-reply must not kill the agent. */
	signal(SIGPIPE, SIG_IGN);

	ret = sd_event_default(&d->ev);
	if (ret < 0)
		return xmip_err(err, ret, "event loop: %s", strerror(-ret));
	if ((ret = sd_event_add_signal(d->ev, NULL, SIGTERM, on_stop, d)) < 0 ||
	    (ret = sd_event_add_signal(d->ev, NULL, SIGINT, on_stop, d)) < 0 ||
	    (ret = sd_event_add_signal(d->ev, NULL, SIGHUP, on_reload, d)) < 0)
		return xmip_err(err, ret, "signal handlers: %s", strerror(-ret));
	return 0;
}

static int start_control(struct xmipd *d, struct xmip_error *err)
{
	int ret;

	d->report = (struct report_ctx){ .cfg = &d->cfg, .dp = &d->dp };
	sd_event_now(d->ev, CLOCK_MONOTONIC, &d->report.started_usec);
	ret = control_server_start(&d->ctl, d->ev, d->cfg.control_socket, d->cfg.control_group, err);
	if (ret)
		return ret;
	control_server_register(d->ctl, "status", report_status, &d->report);
	control_server_register(d->ctl, "stats", report_stats, &d->report);
	control_server_register(d->ctl, "bindings", report_bindings, &d->report);
	return 0;
}

/* The role's signalling, unless the configuration leaves bindings to a
 * hand (the data-plane tests set them with dpctl). */
static int start_signalling(struct xmipd *d, struct xmip_error *err)
{
	int ret = 0;

	if (!d->cfg.signalling) {
		log_notice("signalling off: bindings only as set by hand");
		return 0;
	}
	/* The policies go in before the first BU can go out or come in. */
	if (d->cfg.ipsec.enabled) {
		ret = ipsec_start(&d->ipsec, d->ev, &d->cfg, err);
		if (ret)
			return ret;
		control_server_register(d->ctl, "ipsec", ipsec_report, d->ipsec);
	}
	if (d->cfg.role == XMIP_ROLE_HOME_AGENT) {
		ret = ha_signal_start(&d->ha, d->ev, &d->cfg, &d->dp, err);
		if (!ret)
			control_server_register(d->ctl, "registrations", ha_signal_report, d->ha);
	} else {
		ret = mn_signal_start(&d->mn, d->ev, &d->cfg, &d->dp, err);
		if (!ret)
			control_server_register(d->ctl, "registrations", mn_signal_report, d->mn);
		if (!ret && d->ipsec)
			ipsec_on_protection_up(d->ipsec, mn_signal_protection_ready, d->mn);
	}
	return ret;
}

int xmipd_run(const char *config_path, int log_level)
{
	struct xmipd d = { .log_override = log_level };
	struct xmip_error err = { 0 };
	char msg[1024];
	int ret;

	if (xmip_config_load(config_path, &d.cfg, msg, sizeof(msg))) {
		log_err("%s", msg);
		return 1;
	}
	apply_log_level(&d);
	log_notice("starting: %s '%s' from %s", xmip_role_name(d.cfg.role), d.cfg.instance, config_path);

	ret = setup_loop(&d, &err);
	if (!ret)
		ret = dp_setup(&d.dp, &d.cfg, &err);
	if (!ret) {
		log_info("maps %s in %s", xmip_dp_maps_reused(d.dp.dp) ? "reused (restart)" : "created",
			 xmip_dp_pin_dir(d.dp.dp));
		ret = start_control(&d, &err);
	}
	if (!ret)
		ret = start_signalling(&d, &err);
	if (!ret)
		ret = privileges_drop(&err);
	if (ret) {
		log_err("%s", err.msg);
		sd_notifyf(0, "STATUS=failed: %s\nERRNO=%d", err.msg, -ret);
		ipsec_stop(d.ipsec);
		control_server_stop(d.ctl);
		dp_close(&d.dp);
		sd_event_unref(d.ev);
		xmip_config_free(&d.cfg);
		return 1;
	}

	sd_notify(0, "READY=1");
	notify_status(&d);
	log_notice("ready: control socket %s", d.cfg.control_socket);
	ret = sd_event_loop(d.ev);

	ha_signal_stop(d.ha);
	mn_signal_stop(d.mn);
	ipsec_stop(d.ipsec);
	control_server_stop(d.ctl);
	dp_close(&d.dp);
	sd_event_unref(d.ev);
	xmip_config_free(&d.cfg);
	log_notice("stopped");
	return ret < 0 ? 1 : 0;
}
