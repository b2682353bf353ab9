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
#include <mpx/policy.h>
#include <mpx/table.h>
#include "base/clock.h"
#include "checkers/checker.h"
#include "maps/kernel-errors.h"
#include "maps/path-checks.h"
#include "maps/path-marginal.h"
#include "maps/paths.h"
#include "maps/persist.h"
#include "maps/map-policy.h"
#include "maps/target.h"
#include "maps/workers.h"
#include "mpxd.h"

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

	long long fb = m->opts.v[OPT_FAILBACK].i;

	if (fb == MPX_FAILBACK_MANUAL || !g || !m->kernel_pg || g >= m->kernel_pg)
		return;
	switch (fb) {
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
			m->failback_at = mpxd_now() + (uint64_t)fb * 1000;
		return;
	}
}

static void refresh_prio(struct mpxd *d, struct mpxd_path *p)
{
	enum mpx_alua old_alua = p->a.alua;
	int old = p->prio;

	if (mpxd_path_refresh(d, p))
		return;
	if (p->map && mpxd_policy_has(p->map->policy, MPXW_GROUP_PATHS)) {
		/* the plugin sets priorities: let it see a changed ALUA state */
		p->prio = old;
		if (p->a.alua != old_alua) {
			log_notice(&d->log, "path %s: ALUA state %s -> %s, regrouping map \"%s\"",
				   p->a.devnode, mpx_alua_name(old_alua),
				   mpx_alua_name(p->a.alua), p->map->name);
			p->map->dirty = true;
		}
		return;
	}
	if (p->prio != old && p->map) {
		log_notice(&d->log, "path %s: priority %d -> %d, regrouping map \"%s\"",
			   p->a.devnode, old, p->prio, p->map->name);
		p->map->dirty = true;
	}
}

/* affected_paths named q as sharing failed's broken component. */
static void fail_affected(struct mpxd *d, struct mpxd_path *q, struct mpxd_path *failed)
{
	char why[96];

	if (!q->kernel_active)
		return;
	snprintf(why, sizeof(why), "shares a failed component with %s (policy)",
		 failed->a.devnode);
	mpxd_path_fail(d, q, why);
	mpxd_check_soon(d, q);
}

/*
 * A policy's reading of the SCSI outcome the check saw, if it has one:
 * the state to take, or st unchanged. *soon asks for an early recheck.
 */
static enum mpx_path_state analyze(struct mpxd *d, struct mpxd_path *p,
				   enum mpx_path_state st, const struct mpx_check_report *rep,
				   bool *soon)
{
	if (!rep->have_sense)
		return st;
	switch (mpxd_policy_analyze(d, p, &rep->sense)) {
	case MPX_POL_VERDICT_PATH_OK:
	case MPX_POL_VERDICT_TARGET_ERROR:
		return st == MPX_PATH_GHOST ? st : MPX_PATH_UP;
	case MPX_POL_VERDICT_PATH_FAILED:
	case MPX_POL_VERDICT_SWITCH_GROUP:	/* what the group and sibling verdicts */
	case MPX_POL_VERDICT_FAIL_GROUP:	/* mean is for kernel-reported errors */
	case MPX_POL_VERDICT_FAIL_SIBLINGS:	/* (kernel-errors.c); here: failed */
		return MPX_PATH_DOWN;
	case MPX_POL_VERDICT_RETRY:
		/* transitioning: neither fail nor reinstate it; look again soon */
		*soon = true;
		return p->state == MPX_PATH_UNCHECKED ? st : p->state;
	case MPX_POL_VERDICT_REGROUP:
		if (p->map) {
			log_notice(&d->log, "path %s: policy \"%s\" asks to regroup map \"%s\"",
				   p->a.devnode, p->map->policy->name, p->map->name);
			p->map->dirty = true;
		}
		*soon = true;
		return st;
	default:
		return st;
	}
}

static void apply(struct mpxd *d, struct mpxd_path *p, enum mpx_path_state st,
		  const struct mpx_check_report *rep, bool test_io, uint64_t now)
{
	enum mpx_path_state old = p->state;
	bool soon = false, held;

	snprintf(p->check_msg, sizeof(p->check_msg), "%s", rep->msg);
	st = analyze(d, p, st, rep, &soon);
	if (p->map && rep->have_sense && rep->sense.status == 0x18)
		mpxd_persist_conflict(d, p, now);
	if (st == MPX_PATH_UNCHECKED)
		st = MPX_PATH_DOWN;
	p->state = st;
	if (st != old) {
		p->state_since = now;
		p->interval = polling(d);
		log_info(&d->log, "path %s: %s -> %s (%s)", p->a.devnode, state_name(old),
			 state_name(st), rep->msg);
		refresh_prio(d, p);	/* an ALUA state change shows up here first */
	} else if (st == MPX_PATH_UP && !soon) {
		p->interval = p->interval * 2 > max_polling(d) ? max_polling(d) :
			      p->interval * 2;
	}
	held = mpxd_marginal_after_check(d, p, st, test_io, now);
	p->next_check =
		mpxd_marginal_next_check(p, now, now + (soon ? polling(d) / 4 : p->interval));
	if (p->diagnose)
		p->next_check = 0;	/* a kernel error came in meanwhile */
	if (!p->map)
		return;
	if (st == MPX_PATH_DOWN) {
		if (p->kernel_active) {
			mpxd_path_fail(d, p, rep->msg);
			if (mpxd_policy_affected(d, p, fail_affected))
				check_siblings(d, p);
		}
	} else if (!p->kernel_active && !held) {
		if (!mpxd_path_reinstate(d, p, rep->msg))
			failback(d, p);
	}
}

/*
 * A priority that follows the device is found again with each check, as
 * multipath-tools does: a port group that changes state at the array
 * regroups the map even when its paths keep working. A policy module that
 * groups the paths sets their priorities itself.
 */
static void prio_request(const struct mpxd_path *p, struct mpxd_job *job)
{
	job->prio_kind = -1;
	if ((p->prio_kind != MPX_PRIO_ALUA && p->prio_kind != MPX_PRIO_SYSFS &&
	     p->prio_kind != MPX_PRIO_PATH_LATENCY) ||
	    mpxd_policy_has(p->map->policy, MPXW_GROUP_PATHS))
		return;
	job->prio_kind = p->prio_kind;
	snprintf(job->prio_args, sizeof(job->prio_args), "%s", p->prio_args ? p->prio_args : "");
	mpx_prio_path_from(&p->a, &job->prio_path);
}

/* What the worker found: a changed priority regroups the map. */
static void prio_result(struct mpxd *d, struct mpxd_path *p, const struct mpxd_job *job)
{
	if (!job->prio_found || job->prio_kind != p->prio_kind || job->prio == p->prio)
		return;
	if (p->map && !mpxd_policy_has(p->map->policy, MPXW_GROUP_PATHS)) {
		log_notice(&d->log, "path %s: priority %d -> %d, regrouping map \"%s\"",
			   p->a.devnode, p->prio, job->prio, p->map->name);
		p->map->dirty = true;
	}
	p->prio = job->prio;
}

/* Fail the paths whose check hangs past its timeout; how many checks run. */
static unsigned int expire_checks(struct mpxd *d, uint64_t now, unsigned int timeout)
{
	unsigned int running = 0;
	size_t i;

	for (i = 0; i < d->nr_paths; i++) {
		struct mpxd_path *p = d->paths[i];

		if (!p->check_started)
			continue;
		running++;
		if (p->map && now - p->check_started > timeout + 500 && p->state != MPX_PATH_DOWN) {
			struct mpx_check_report rep = { .msg = "check timed out" };

			apply(d, p, MPX_PATH_DOWN, &rep, false, now);
		}
	}
	return running;
}

/*
 * At most MPXD_MAX_CHECKS checks run at once, as many as there are worker
 * threads: a check's time then runs from when a thread starts it, not
 * from when it joined a queue behind a thousand others (which made every
 * path of a large start time out). The due checks left over start as
 * earlier ones end, from where this pass stopped, so none waits behind
 * the same others twice.
 */
void mpxd_checks_run(struct mpxd *d, uint64_t now)
{
	unsigned int timeout = checker_timeout(d);
	unsigned int running = expire_checks(d, now, timeout);
	size_t n, i;

	for (n = 0; n < d->nr_paths && running < MPXD_MAX_CHECKS; n++) {
		struct mpxd_path *p;
		struct mpxd_job job = { 0 };

		i = (d->check_cursor + n) % d->nr_paths;
		p = d->paths[i];
		if (!p->map || p->check_started || p->next_check > now)
			continue;
		if (!p->interval)
			p->interval = polling(d);
		job.generation = p->generation;
		snprintf(job.devnode, sizeof(job.devnode), "%s", p->a.devnode);
		job.checker = p->checker;
		job.timeout_ms = timeout;
		job.diagnose = p->diagnose;
		job.tpg = p->a.have_tpg ? p->a.tpg : -1;
		job.test_io = !job.diagnose && mpxd_marginal_wants_test_io(p);
		if (job.diagnose)
			job.prio_kind = -1;	/* evidence only: the next check finds the priority */
		else
			prio_request(p, &job);
		if (job.test_io) {
			/* a marginal path is judged by reads, whatever its checker says */
			job.checker = MPX_CHECKER_DIRECTIO;
		} else if (!job.diagnose && mpxd_policy_has(p->map->policy, MPXW_CHECK_PATH)) {
			job.plugins = &d->plugins;
			job.policy = p->map->policy;
			mpxd_policy_get(job.policy);
			mpxd_wire_path(p, &job.wpath);
		}
		if (mpxd_workers_submit(d->workers, &job)) {
			if (job.policy)
				mpxd_policy_put(job.policy);
			p->next_check = now + p->interval;	/* try again later */
			continue;
		}
		p->check_started = now;
		running++;
	}
	if (d->nr_paths)
		d->check_cursor = (d->check_cursor + n) % d->nr_paths;
}

void mpxd_checks_collect(struct mpxd *d)
{
	struct mpxd_job job;
	uint64_t now = mpxd_now();
	size_t i;

	while (!mpxd_workers_take(d->workers, &job)) {
		if (job.policy)
			mpxd_policy_put(job.policy);
		for (i = 0; i < d->nr_paths; i++) {
			struct mpxd_path *p = d->paths[i];

			if (p->generation != job.generation)
				continue;
			p->check_started = 0;
			if (job.diagnose) {
				mpxd_kernel_diagnosed(d, p, job.result, &job.diag);
				break;
			}
			apply(d, p, job.result, &job.rep, job.test_io, now);
			prio_result(d, p, &job);
			if (p->sibling_of)
				mpxd_kernel_sibling_checked(d, p);
			break;
		}
	}
}

uint64_t mpxd_checks_next_deadline(struct mpxd *d)
{
	uint64_t next = UINT64_MAX, due = UINT64_MAX, now = mpxd_now(), expiry;
	unsigned int timeout = checker_timeout(d), running = 0;
	size_t i;

	for (i = 0; i < d->nr_paths; i++) {
		struct mpxd_path *p = d->paths[i];

		if (p->check_started)
			running++;
		if (!p->map)
			continue;
		expiry = p->check_started + timeout + 501;
		/*
		 * A check past its expiry was handled (its path failed) and ends
		 * when its thread returns, which wakes the loop: waking for it
		 * again and again would spin until then.
		 */
		if (p->check_started && expiry > now && expiry < next)
			next = expiry;
		else if (!p->check_started && p->next_check < due)
			due = p->next_check;
	}
	/* no thread free: a check that ends wakes the loop, not a due one */
	if (running < MPXD_MAX_CHECKS && due < next)
		next = due;
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
	long long npr = m->opts.v[OPT_NO_PATH_RETRY].i;

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

/*
 * Only ghost paths left (e.g. every active port group failed, standby ones
 * remain): ask the policy to activate the best ghost group, at most every
 * 10 s, then re-read the paths' states and regroup.
 */
static void activate_standby(struct mpxd *d, struct mpxd_map *m, uint64_t now)
{
	struct mpxd_path *ghost = NULL;
	size_t i;
	int r;

	if (!m->live || !mpxd_policy_has(m->policy, MPXW_ACTIVATE_GROUP) ||
	    (m->activated_at && now - m->activated_at < 10000))
		return;
	for (i = 0; i < m->nr_paths; i++) {
		if (m->paths[i]->state == MPX_PATH_UP)
			return;
		if (m->paths[i]->state == MPX_PATH_GHOST &&
		    (!ghost || m->paths[i]->pg < ghost->pg))
			ghost = m->paths[i];
	}
	if (!ghost || !ghost->pg)
		return;
	m->activated_at = now;
	r = mpxd_policy_activate(d, m, ghost->pg - 1);
	if (r) {
		log_warning_errno(&d->log, r, "map \"%s\": policy \"%s\" could not activate group %u",
				  m->name, m->policy->name, ghost->pg);
		return;
	}
	log_notice(&d->log, "map \"%s\": policy \"%s\" activated group %u", m->name,
		   m->policy->name, ghost->pg);
	for (i = 0; i < m->nr_paths; i++) {
		mpxd_path_refresh(d, m->paths[i]);
		mpxd_check_soon(d, m->paths[i]);
	}
	m->dirty = true;
}

void mpxd_maps_timers(struct mpxd *d, uint64_t now)
{
	size_t i;

	for (i = 0; i < d->nr_maps; i++) {
		struct mpxd_map *m = d->maps[i];

		no_path_retry(d, m, now);
		activate_standby(d, m, now);
		if (m->failback_at && now >= m->failback_at) {
			unsigned int best = best_group(m);

			m->failback_at = 0;
			if (best && m->kernel_pg && best < m->kernel_pg &&
			    !mpxd_map_switch(d, m, best))
				m->kernel_pg = best;
		}
	}
}
