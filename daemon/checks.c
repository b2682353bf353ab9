// SPDX-License-Identifier: GPL-2.0-only
/*
 * Path checking: when each multipathed path is checked, what a verdict
 * changes (fail_path / reinstate_path, failback), and the per-map timers
 * (no_path_retry, deferred failback).
 *
 * A healthy path's interval doubles from polling_interval up to
 * max_polling_interval; any change or trouble brings it back down. A
 * failed path makes every other path on the same SCSI host be checked at
 * once: they share the link that probably failed.
 */
#include <stdio.h>
#include <string.h>
#include <mpx/table.h>
#include "checker.h"
#include "mpxd.h"
#include "workers.h"

static unsigned int polling(struct mpxd *d)
{
	return (unsigned int)mpx_conf_get(&d->config, OPT_POLLING_INTERVAL, NULL, NULL).i;
}

static unsigned int max_polling(struct mpxd *d)
{
	unsigned int max = (unsigned int)mpx_conf_get(&d->config, OPT_MAX_POLLING_INTERVAL,
						      NULL, NULL).i;

	return max ? max : 4 * polling(d);
}

static unsigned int checker_timeout(struct mpxd *d)
{
	return (unsigned int)mpx_conf_get(&d->config, OPT_CHECKER_TIMEOUT, NULL, NULL).i;
}

static const char *state_name(enum mpx_path_state s)
{
	static const char *const names[] = { "unchecked", "up", "down", "ghost" };

	return names[s];
}

void mpxd_check_soon(struct mpxd *d, struct mpxd_path *p)
{
	p->next_check = 0;
	p->interval = polling(d);
}

void mpxd_path_set_kernel(struct mpxd *d, struct mpxd_path *p, bool active)
{
	p->kernel_active = active;
}

int mpxd_path_fail(struct mpxd *d, struct mpxd_path *p, const char *why)
{
	char msg[64];
	int r;

	if (!p->map || !p->kernel_active)
		return 0;
	snprintf(msg, sizeof(msg), MPX_MSG_FAIL_PATH " %s", p->a.devno);
	r = mpxd_map_message(d, p->map, msg);
	if (!r) {
		p->kernel_active = false;
		log_warning(&d->log, "map \"%s\": path %s (%s) failed: %s", p->map->name,
			    p->a.devnode, p->a.devno, why);
	}
	return r;
}

int mpxd_path_reinstate(struct mpxd *d, struct mpxd_path *p, const char *why)
{
	char msg[64];
	int r;

	if (!p->map || p->kernel_active)
		return 0;
	snprintf(msg, sizeof(msg), MPX_MSG_REINSTATE_PATH " %s", p->a.devno);
	r = mpxd_map_message(d, p->map, msg);
	if (!r) {
		p->kernel_active = true;
		log_notice(&d->log, "map \"%s\": path %s (%s) reinstated: %s", p->map->name,
			   p->a.devnode, p->a.devno, why);
	}
	return r;
}

static void check_siblings(struct mpxd *d, struct mpxd_path *p)
{
	size_t i;

	for (i = 0; i < d->nr_paths; i++) {
		struct mpxd_path *q = d->paths[i];

		if (q != p && q->map && q->a.host == p->a.host && !q->check_started &&
		    q->state != MPX_PATH_DOWN)
			mpxd_check_soon(d, q);
	}
}

/* The best group (lowest number: groups are ordered by priority) with an active path. */
static unsigned int best_group(const struct mpxd_map *m)
{
	unsigned int best = 0;
	size_t i;

	for (i = 0; i < m->nr_paths; i++)
		if (m->paths[i]->kernel_active && m->paths[i]->pg &&
		    (!best || m->paths[i]->pg < best))
			best = m->paths[i]->pg;
	return best;
}

static bool group_has_other_active(const struct mpxd_map *m, const struct mpxd_path *p)
{
	size_t i;

	for (i = 0; i < m->nr_paths; i++)
		if (m->paths[i] != p && m->paths[i]->kernel_active &&
		    m->paths[i]->pg == p->pg)
			return true;
	return false;
}

/* A path came back: move I/O to a better group if failback says so. */
static void failback(struct mpxd *d, struct mpxd_path *p)
{
	struct mpxd_map *m = p->map;
	unsigned int g = p->pg;

	if (m->failback == MPX_FAILBACK_MANUAL || !g || !m->kernel_pg || g >= m->kernel_pg)
		return;
	switch (m->failback) {
	case MPX_FAILBACK_FOLLOWOVER:
		if (group_has_other_active(m, p))
			return;	/* only the first path back moves I/O */
		/* fallthrough */
	case MPX_FAILBACK_IMMEDIATE:
		if (!mpxd_map_switch(d, m, g))
			m->kernel_pg = g;
		return;
	default:	/* deferred: after failback seconds */
		if (!m->failback_at)
			m->failback_at = mpxd_now() + (uint64_t)m->failback * 1000;
		return;
	}
}

static void refresh_prio(struct mpxd *d, struct mpxd_path *p)
{
	int old = p->prio;

	if (mpxd_path_refresh(d, p))
		return;
	if (p->prio != old && p->map) {
		log_notice(&d->log, "path %s: priority %d -> %d, regrouping map \"%s\"",
			   p->a.devnode, old, p->prio, p->map->name);
		p->map->dirty = true;
	}
}

static void apply(struct mpxd *d, struct mpxd_path *p, enum mpx_path_state st,
		  const char *msg, uint64_t now)
{
	enum mpx_path_state old = p->state;

	snprintf(p->check_msg, sizeof(p->check_msg), "%s", msg);
	if (st == MPX_PATH_UNCHECKED)
		st = MPX_PATH_DOWN;
	p->state = st;
	if (st != old) {
		p->state_since = now;
		p->interval = polling(d);
		log_info(&d->log, "path %s: %s -> %s (%s)", p->a.devnode, state_name(old),
			 state_name(st), msg);
		refresh_prio(d, p);	/* an ALUA state change shows up here first */
	} else if (st == MPX_PATH_UP) {
		p->interval = p->interval * 2 > max_polling(d) ? max_polling(d) :
			      p->interval * 2;
	}
	p->next_check = now + p->interval;
	if (!p->map)
		return;
	if (st == MPX_PATH_DOWN) {
		if (p->kernel_active) {
			mpxd_path_fail(d, p, msg);
			check_siblings(d, p);
		}
	} else if (!p->kernel_active) {
		if (!mpxd_path_reinstate(d, p, msg))
			failback(d, p);
	}
}

void mpxd_checks_run(struct mpxd *d, uint64_t now)
{
	unsigned int timeout = checker_timeout(d);
	size_t i;

	for (i = 0; i < d->nr_paths; i++) {
		struct mpxd_path *p = d->paths[i];
		struct mpxd_job job = { 0 };

		if (!p->map)
			continue;
		if (p->check_started) {
			/* a check that hangs past its timeout is a failed check */
			if (now - p->check_started > timeout + 500 && p->state != MPX_PATH_DOWN)
				apply(d, p, MPX_PATH_DOWN, "check timed out", now);
			continue;
		}
		if (p->next_check > now)
			continue;
		if (!p->interval)
			p->interval = polling(d);
		job.generation = p->generation;
		snprintf(job.devnode, sizeof(job.devnode), "%s", p->a.devnode);
		job.checker = p->checker;
		job.timeout_ms = timeout;
		if (mpxd_workers_submit(d->workers, &job)) {
			p->next_check = now + p->interval;	/* try again later */
			continue;
		}
		p->check_started = now;
	}
}

void mpxd_checks_collect(struct mpxd *d)
{
	struct mpxd_job job;
	uint64_t now = mpxd_now();
	size_t i;

	while (!mpxd_workers_take(d->workers, &job)) {
		for (i = 0; i < d->nr_paths; i++) {
			struct mpxd_path *p = d->paths[i];

			if (p->generation != job.generation)
				continue;
			p->check_started = 0;
			apply(d, p, job.result, job.msg, now);
			break;
		}
	}
}

uint64_t mpxd_checks_next_deadline(struct mpxd *d)
{
	uint64_t next = UINT64_MAX, t;
	unsigned int timeout = checker_timeout(d);
	size_t i;

	for (i = 0; i < d->nr_paths; i++) {
		struct mpxd_path *p = d->paths[i];

		if (!p->map)
			continue;
		t = p->check_started ? p->check_started + timeout + 501 : p->next_check;
		if (t < next)
			next = t;
	}
	for (i = 0; i < d->nr_maps; i++) {
		if (d->maps[i]->failback_at && d->maps[i]->failback_at < next)
			next = d->maps[i]->failback_at;
		if (d->maps[i]->no_path_since && next > d->maps[i]->no_path_since + 100)
			next = mpxd_now() + polling(d);
	}
	return next;
}

static bool any_usable(const struct mpxd_map *m)
{
	size_t i;

	for (i = 0; i < m->nr_paths; i++)
		if (m->paths[i]->kernel_active)
			return true;
	return false;
}

/* no_path_retry N: queue for N checks' worth of time, then fail. */
static void no_path_retry(struct mpxd *d, struct mpxd_map *m, uint64_t now)
{
	long long npr = m->opts.no_path_retry;

	if (any_usable(m) || !m->live) {
		m->no_path_since = 0;
		if (m->queue_disabled_by_npr && !mpxd_map_message(d, m, MPX_MSG_QUEUE_IF_NO_PATH)) {
			m->queue_disabled_by_npr = false;
			log_notice(&d->log, "map \"%s\": a path is back, queueing again", m->name);
		}
		return;
	}
	if (!m->no_path_since) {
		m->no_path_since = now;
		log_err(&d->log, "map \"%s\": no usable path", m->name);
	}
	if (npr <= 0 || m->queue_disabled_by_npr)
		return;
	if (now - m->no_path_since >= (uint64_t)npr * polling(d) &&
	    !mpxd_map_message(d, m, MPX_MSG_FAIL_IF_NO_PATH)) {
		m->queue_disabled_by_npr = true;
		log_warning(&d->log, "map \"%s\": no path for %lld checks (no_path_retry), failing I/O",
			    m->name, npr);
	}
}

void mpxd_maps_timers(struct mpxd *d, uint64_t now)
{
	size_t i;

	for (i = 0; i < d->nr_maps; i++) {
		struct mpxd_map *m = d->maps[i];

		no_path_retry(d, m, now);
		if (m->failback_at && now >= m->failback_at) {
			unsigned int best = best_group(m);

			m->failback_at = 0;
			if (best && m->kernel_pg && best < m->kernel_pg &&
			    !mpxd_map_switch(d, m, best))
				m->kernel_pg = best;
		}
	}
}
