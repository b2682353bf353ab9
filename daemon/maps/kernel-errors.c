// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reacting to I/O errors the kernel target reported (kernel-errors.h).
 *
 * A new error on a path (its count went up, or the target failed it) makes
 * its next check, due at once, a diagnosis: a TEST UNIT READY and the port
 * group's state from the array (checkers/diagnose.c, on a worker). Its
 * outcome, with the kernel's cause, goes to the map's policy
 * (analyze_error); with no opinion the kernel's verdict stands: a path it
 * failed stays failed until a regular check, one polling interval later,
 * and a LUN error leaves the path alone. When the target failed the path,
 * every multipathed path sharing a component with it (seams/component.c)
 * and every path the policy's affected_paths names is checked at once;
 * path-checks.c fails those whose check fails. The reaction is over when
 * the diagnosis and all those checks are back: its time is logged.
 */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>
#include <mpx/policy.h>
#include <mpx/table.h>
#include "base/clock.h"
#include "checkers/checker.h"
#include "maps/kernel-errors.h"
#include "maps/map-policy.h"
#include "maps/target.h"
#include "mpxd.h"
#include "seams/component.h"

static const char *const err_names[MPX_ERR_NR] = MPX_ERR_NAMES;

static const char *err_name(int c)
{
	return c >= 0 && c < MPX_ERR_NR ? err_names[c] : "unknown";
}

static unsigned int polling(struct mpxd *d)
{
	return (unsigned int)mpx_conf_get(&d->config, OPT_POLLING_INTERVAL, NULL, NULL).i;
}

/* Check q at the next loop turn (path-checks.c's mpxd_check_soon, from below). */
static void due_now(struct mpxd *d, struct mpxd_path *q)
{
	q->next_check = 0;
	q->interval = polling(d);
}

static struct mpxd_path *by_generation(struct mpxd *d, uint64_t gen)
{
	size_t i;

	for (i = 0; i < d->nr_paths; i++)
		if (d->paths[i]->generation == gen)
			return d->paths[i];
	return NULL;
}

/* The reaction to p's error is over when nothing is left to come back. */
static void step_done(struct mpxd *d, struct mpxd_path *p)
{
	uint64_t now = mpxd_now();
	struct timespec wall;

	if (!p->react_since || --p->react_waiting)
		return;
	/* the wall clock too, for benchmarks that line it up with the kernel log */
	clock_gettime(CLOCK_REALTIME, &wall);
	log_notice(&d->log,
		   "path %s: reaction to the kernel's %s error done in %" PRIu64
		   " ms (diagnosis, %u sibling checks) at %lld.%03ld",
		   p->a.devnode, err_name(p->kernel_error), now - p->react_since, p->react_siblings,
		   (long long)wall.tv_sec, wall.tv_nsec / 1000000);
	p->react_since = 0;
}

static void ask_sibling(struct mpxd *d, struct mpxd_path *q, struct mpxd_path *failed,
			const char *why)
{
	if (q == failed || !q->map || !q->kernel_active || q->sibling_of)
		return;	/* a check already asked for serves the first asker */
	q->sibling_of = failed->generation;
	failed->react_waiting++;
	failed->react_siblings++;
	due_now(d, q);
	log_info(&d->log, "path %s: checking now, shares %s with failed path %s", q->a.devnode, why,
		 failed->a.devnode);
}

static void ask_affected(struct mpxd *d, struct mpxd_path *q, struct mpxd_path *failed)
{
	ask_sibling(d, q, failed, "a component (policy affected_paths)");
}

static void check_siblings(struct mpxd *d, struct mpxd_path *p)
{
	char why[160];
	size_t i;

	for (i = 0; i < d->nr_paths; i++)
		if (mpx_paths_share_component(&p->a, &d->paths[i]->a, why, sizeof(why)))
			ask_sibling(d, d->paths[i], p, why);
	mpxd_policy_affected(d, p, ask_affected);
}

void mpxd_kernel_status(struct mpxd *d, struct mpxd_path *p, int cls, uint64_t errors,
			bool failed_now)
{
	bool more = errors > p->kernel_errors;

	p->kernel_error = cls;
	p->kernel_errors = errors;	/* a reloaded table counts from 0 again */
	if (!failed_now && (!more || !p->kernel_active))
		return;
	log_warning(&d->log, "map \"%s\": path %s (%s) %s: %s error (%" PRIu64 " errors)",
		    p->map->name, p->a.devnode, p->a.devno,
		    failed_now ? "failed by the kernel" : "had an I/O error", err_name(cls),
		    errors);
	/* a reaction whose sibling went away before its check came back is over */
	if (p->react_since && mpxd_now() - p->react_since > 30000)
		p->react_since = 0;
	if (!p->react_since) {
		p->react_since = mpxd_now();
		p->react_waiting = 1;	/* the diagnosis */
		p->react_siblings = 0;
	}
	p->diagnose = true;
	p->kernel_failed_it |= failed_now;
	due_now(d, p);
	if (failed_now)
		check_siblings(d, p);
}

static const char *verdict_name(int v)
{
	static const char *const names[] = { "no opinion",   "path ok",    "path failed",
					     "retry",        "regroup",    "target error",
					     "switch group", "fail group", "fail siblings" };

	return v >= 0 && v <= MPX_POL_VERDICT_FAIL_SIBLINGS ? names[v] : "?";
}

/* The best group (by number) other than p's with an active path, or 0. */
static unsigned int other_group(const struct mpxd_path *p)
{
	const struct mpxd_map *m = p->map;
	unsigned int best = 0;
	size_t i;

	for (i = 0; i < m->nr_paths; i++) {
		const struct mpxd_path *q = m->paths[i];

		if (q->kernel_active && q->pg && q->pg != p->pg && (!best || q->pg < best))
			best = q->pg;
	}
	return best;
}

static void fail_group(struct mpxd *d, struct mpxd_path *p)
{
	struct mpxd_map *m = p->map;
	size_t i;

	for (i = 0; i < m->nr_paths; i++)
		if (m->paths[i]->pg == p->pg && m->paths[i]->kernel_active)
			mpxd_path_fail(d, m->paths[i], "its group failed (policy)");
}

static void fail_sibling(struct mpxd *d, struct mpxd_path *q, struct mpxd_path *failed)
{
	if (q->map && q->kernel_active)
		mpxd_path_fail(d, q, "shares a failed component (policy)");
}

static void fail_siblings(struct mpxd *d, struct mpxd_path *p)
{
	char why[160];
	size_t i;

	if (!mpxd_policy_affected(d, p, fail_sibling))
		return;
	for (i = 0; i < d->nr_paths; i++)
		if (mpx_paths_share_component(&p->a, &d->paths[i]->a, why, sizeof(why)))
			fail_sibling(d, d->paths[i], p);
}

/* The verdict's action; the path's own state is set by the caller. */
static void act(struct mpxd *d, struct mpxd_path *p, int verdict, enum mpx_path_state st)
{
	struct mpxd_map *m = p->map;
	unsigned int g;

	switch (verdict) {
	case MPX_POL_VERDICT_PATH_FAILED:
		if (p->kernel_active)
			mpxd_path_fail(d, p, "policy: path failed");
		break;
	case MPX_POL_VERDICT_PATH_OK:
	case MPX_POL_VERDICT_TARGET_ERROR:
		if (!p->kernel_active && st == MPX_PATH_UP)
			mpxd_path_reinstate(d, p, "policy: the path is fine");
		break;
	case MPX_POL_VERDICT_REGROUP:
		m->dirty = true;
		break;
	case MPX_POL_VERDICT_SWITCH_GROUP:
		g = other_group(p);
		if (g && !mpxd_map_switch(d, m, g))
			m->kernel_pg = g;
		log_notice(&d->log, "map \"%s\": group %u -> %u (policy \"%s\")", m->name, p->pg, g,
			   m->policy->name);
		break;
	case MPX_POL_VERDICT_FAIL_GROUP:
		fail_group(d, p);
		break;
	case MPX_POL_VERDICT_FAIL_SIBLINGS:
		if (p->kernel_active)
			mpxd_path_fail(d, p, "policy: path failed");
		fail_siblings(d, p);
		break;
	default: /* the kernel's verdict stands */
		break;
	}
}

void mpxd_kernel_diagnosed(struct mpxd *d, struct mpxd_path *p, enum mpx_path_state st,
			   const struct mpx_diagnosis *dg)
{
	uint64_t now = mpxd_now();
	int verdict;

	p->diagnose = false;
	if (st == MPX_PATH_UNCHECKED)
		st = MPX_PATH_DOWN;
	verdict = p->map ? mpxd_policy_analyze_kernel(d, p, st, dg, p->kernel_error,
						      p->kernel_failed_it, p->kernel_errors) :
			   0;
	log_notice(&d->log,
		   "path %s: kernel %s error%s; evidence: TUR %s, port group %s; verdict of %s: %s",
		   p->a.devnode, err_name(p->kernel_error),
		   p->kernel_failed_it ? " failed it" : " (path kept)", dg->rep.msg,
		   dg->have_alua ? mpx_alua_name(dg->alua) : "not asked",
		   p->map && p->map->policy ? p->map->policy->name : "built-in",
		   verdict ? verdict_name(verdict) : "the kernel's verdict stands");
	p->kernel_failed_it = false;
	if (p->state != st)
		p->state_since = now;
	p->state = verdict == MPX_POL_VERDICT_PATH_FAILED ? MPX_PATH_DOWN : st;
	snprintf(p->check_msg, sizeof(p->check_msg), "%s", dg->rep.msg);
	/* the regular checks go on from here; sooner while it is in flux */
	p->interval = polling(d);
	p->next_check =
		now + (verdict == MPX_POL_VERDICT_RETRY || verdict == MPX_POL_VERDICT_REGROUP ?
			       p->interval / 4 :
			       p->interval);
	if (p->map)
		act(d, p, verdict, st);
	step_done(d, p);
}

void mpxd_kernel_sibling_checked(struct mpxd *d, struct mpxd_path *q)
{
	struct mpxd_path *failed = by_generation(d, q->sibling_of);

	q->sibling_of = 0;
	if (failed)
		step_done(d, failed);
}
