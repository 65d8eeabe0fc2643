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
#include "core/log.h"
#include "core/privileges.h"
#include "core/report.h"
#include "core/role.h"
#include "ipsec/ipsec.h"
#include "net/nlroute.h"

struct xmipd {
	struct xmip_config cfg;
	int log_override;
	sd_event *ev;
	struct dp_state dp;
	struct control_server *ctl;
	struct report_ctx report;
	struct ipsec *ipsec;
	void *role_state[XMIP_MAX_ROLES];   /* cfg.roles[i]'s, while it runs */
};

static void apply_log_level(const struct xmipd *d)
{
	log_set_level(d->log_override >= 0 ? d->log_override : d->cfg.log_level);
}

static void notify_status(const struct xmipd *d)
{
	sd_notifyf(0, "STATUS=%s '%s': %d interface(s) attached",
		   d->cfg.roles_name, d->cfg.instance, d->dp.n_ifaces);
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

/* What only a restart may change: the daemon's settings that shape the
 * running process, the roles, and what each role says it cannot take. */
static bool reload_keeps(const struct xmip_config *a, const struct xmip_config *b)
{
	int i;

	if (strcmp(a->instance, b->instance) || strcmp(a->control_socket, b->control_socket) ||
	    a->control_group != b->control_group || a->max_bindings != b->max_bindings ||
	    a->xdp_mode != b->xdp_mode || a->signalling != b->signalling || a->n_roles != b->n_roles)
		return false;
	for (i = 0; i < a->n_roles; i++)
		if (a->roles[i].role != b->roles[i].role || !a->roles[i].role->reload_keeps ||
		    !a->roles[i].role->reload_keeps(a->roles[i].cfg, b->roles[i].cfg))
			return false;
	return true;
}

/* SIGHUP: a bad new file keeps the old configuration running. */
static int on_reload(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata)
{
	struct xmipd *d = userdata;
	struct xmip_config next;
	struct xmip_error err = { 0 };
	char msg[1024];
	int i;

	(void)s;
	(void)si;
	sd_notify(0, "RELOADING=1");
	log_notice("SIGHUP: reloading %s", d->cfg.path);
	if (xmip_config_load(d->cfg.path, &next, msg, sizeof(msg))) {
		log_err("reload refused, keeping the running configuration: %s", msg);
		goto out;
	}
	if (!reload_keeps(&d->cfg, &next)) {
		log_err("reload refused: instance, role, control_socket, control_group, max_bindings, "
			"xdp_mode, tunnel_interface, signalling and, with IPsec, the mobile_nodes list "
			"change only with a restart");
		xmip_config_free(&next);
		goto out;
	}
	/* The running roles take their new sections before the old go. */
	for (i = 0; i < next.n_roles; i++)
		if (d->role_state[i])
			next.roles[i].role->reload(d->role_state[i], next.roles[i].cfg);
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

/* `registrations [ROLE]`: a role's signalling state. With one role running
 * its report as it is; with several, one object per role name. */
static struct json_object *report_registrations(void *userdata, const char *args)
{
	struct xmipd *d = userdata;
	struct json_object *all;
	int i, running = 0, last = -1;

	for (i = 0; i < d->cfg.n_roles; i++) {
		if (!d->role_state[i] || !d->cfg.roles[i].role->report)
			continue;
		if (args && *args && !strcmp(args, d->cfg.roles[i].role->name))
			return d->cfg.roles[i].role->report(d->role_state[i], NULL);
		running++;
		last = i;
	}
	if (args && *args)
		return control_error_reply("no role '%s' runs here", args);
	if (running == 1)
		return d->cfg.roles[last].role->report(d->role_state[last], NULL);
	all = json_object_new_object();
	for (i = 0; i < d->cfg.n_roles; i++)
		if (d->role_state[i] && d->cfg.roles[i].role->report)
			json_object_object_add(all, d->cfg.roles[i].role->name,
					       d->cfg.roles[i].role->report(d->role_state[i], NULL));
	return all;
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
	if (d->dp.dp) {
		control_server_register(d->ctl, "stats", report_stats, &d->report);
		control_server_register(d->ctl, "bindings", report_bindings, &d->report);
	}
	return 0;
}

/* IPsec for the roles that use it: their peers, one session with charon. */
static int start_ipsec(struct xmipd *d, struct xmip_error *err)
{
	struct ipsec_plan plan = { 0 };
	int i, ret;

	for (i = 0; i < d->cfg.n_roles; i++) {
		const struct xmip_role *r = d->cfg.roles[i].role;

		if (!r->ipsec_plan)
			continue;
		if (r->ipsec_plan(d->cfg.roles[i].cfg, &d->cfg.ipsec, &plan))
			return xmip_err(err, -ENOMEM, "ipsec: out of memory");
		break;  /* the configuration core let one role use it */
	}
	ret = ipsec_start(&d->ipsec, d->ev, &d->cfg.ipsec, &plan, err);
	if (!ret)
		control_server_register(d->ctl, "ipsec", ipsec_report, d->ipsec);
	return ret;
}

/* The roles' signalling, unless the configuration leaves bindings to a
 * hand (the data-plane tests set them with dpctl). */
static int start_roles(struct xmipd *d, struct xmip_error *err)
{
	struct role_env env = { .ev = d->ev, .cfg = &d->cfg, .dp = d->dp.dp ? &d->dp : NULL };
	bool answers[MH_ANSWERS_PROXY + 1] = { false };
	int i, ret;

	if (!d->cfg.signalling) {
		log_notice("signalling off: bindings only as set by hand");
		return 0;
	}
	/* The policies go in before the first BU can go out or come in. */
	if (d->cfg.ipsec.enabled && (ret = start_ipsec(d, err)))
		return ret;
	env.ipsec = d->ipsec;
	for (i = 0; i < d->cfg.n_roles; i++)
		answers[d->cfg.roles[i].role->answers_mh] = true;
	env.mh_shared = answers[MH_ANSWERS_HOME] && answers[MH_ANSWERS_PROXY];
	for (i = 0; i < d->cfg.n_roles; i++) {
		ret = d->cfg.roles[i].role->start(&d->role_state[i], &env, d->cfg.roles[i].cfg, err);
		if (ret)
			return ret;
	}
	control_server_register(d->ctl, "registrations", report_registrations, d);
	return 0;
}

static void stop_roles(struct xmipd *d)
{
	int i;

	for (i = d->cfg.n_roles - 1; i >= 0; i--) {
		if (d->role_state[i])
			d->cfg.roles[i].role->stop(d->role_state[i]);
		d->role_state[i] = NULL;
	}
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
	log_notice("starting: %s '%s' from %s", d.cfg.roles_name, d.cfg.instance, config_path);

	ret = setup_loop(&d, &err);
	if (!ret)
		ret = dp_setup(&d.dp, &d.cfg, &err);
	if (!ret) {
		if (d.dp.dp)
			log_info("maps %s in %s", xmip_dp_maps_reused(d.dp.dp) ? "reused (restart)" : "created",
				 xmip_dp_pin_dir(d.dp.dp));
		ret = start_control(&d, &err);
	}
	if (!ret)
		ret = start_roles(&d, &err);
	if (!ret)
		ret = privileges_drop(&err);
	if (ret) {
		log_err("%s", err.msg);
		sd_notifyf(0, "STATUS=failed: %s\nERRNO=%d", err.msg, -ret);
		stop_roles(&d);
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

	stop_roles(&d);
	ipsec_stop(d.ipsec);
	control_server_stop(d.ctl);
	dp_close(&d.dp);
	nlroute_close();
	sd_event_unref(d.ev);
	xmip_config_free(&d.cfg);
	log_notice("stopped");
	return ret < 0 ? 1 : 0;
}
