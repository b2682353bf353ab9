// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which policy a map uses: the one its configuration names ("policy"),
 * else the loaded plugin whose match hook scores the LUN highest, else the
 * built-in grouping (path_grouping_policy). And the value structs the
 * hooks see, built from mpxd's paths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <mpx/policy.h>
#include "checkers/checker.h"
#include "mpxd.h"
#include "maps/workers.h"
#include "policy/policy.h"

#define MATCH_BUDGET_MS 2000

static int alua_code(enum mpx_alua a)
{
	switch (a) {
	case MPX_ALUA_OPTIMIZED: return 0;
	case MPX_ALUA_NON_OPTIMIZED: return 1;
	case MPX_ALUA_STANDBY: return 2;
	case MPX_ALUA_UNAVAILABLE: return 3;
	default: return 15;
	}
}

void mpxd_wire_path(const struct mpxd_path *p, struct mpxw_path *w)
{
	const struct mpx_path_attrs *a = &p->a;

	memset(w, 0, sizeof(*w));
	snprintf(w->devnode, sizeof(w->devnode), "%s", a->devnode);
	snprintf(w->devno, sizeof(w->devno), "%s", a->devno);
	snprintf(w->hctl, sizeof(w->hctl), "%s", a->hctl);
	w->host = a->host;
	w->state = p->state == MPX_PATH_UP ? 1 : p->state == MPX_PATH_DOWN ? 2 :
		   p->state == MPX_PATH_GHOST ? 3 : 0;
	w->alua_state = alua_code(a->alua);
	w->alua_preferred = a->alua_preferred;
	w->have_tpg = a->have_tpg;
	w->tpg = a->tpg;
	w->have_rel_port = a->have_rel_port;
	w->rel_port = a->rel_port;
	snprintf(w->port_name, sizeof(w->port_name), "%s", a->port_name);
	snprintf(w->node_name, sizeof(w->node_name), "%s", a->node_name);
	snprintf(w->serial, sizeof(w->serial), "%s", a->serial);
	snprintf(w->protocol, sizeof(w->protocol), "%s", a->protocol);
	snprintf(w->wwid, sizeof(w->wwid), "%s", a->wwid);
}

void mpxd_wire_device(const struct mpxd_map *m, struct mpxw_device *w)
{
	const struct mpx_path_attrs *a = m->nr_paths ? &m->paths[0]->a : NULL;
	size_t i;

	memset(w, 0, sizeof(*w));
	snprintf(w->vendor, sizeof(w->vendor), "%s", a ? a->vendor : "");
	snprintf(w->product, sizeof(w->product), "%s", a ? a->product : "");
	snprintf(w->revision, sizeof(w->revision), "%s", a ? a->revision : "");
	snprintf(w->wwid, sizeof(w->wwid), "%s", m->wwid);
	snprintf(w->array_type, sizeof(w->array_type), "%s", a && a->have_tpg ? "alua" : "");
	for (i = 0; i < m->nr_paths && i < MPXW_MAX_PATHS; i++)
		mpxd_wire_path(m->paths[i], &w->paths[i]);
	w->nr_paths = (uint32_t)i;
}

static struct mpxd_policy *best_match(struct mpxd *d, struct mpxd_map *m)
{
	struct mpxw_match_call *call = malloc(sizeof(*call));	/* too big for the stack */
	struct mpxw_match_reply rep;
	struct mpxd_policy *best = NULL;
	int best_score = 0;
	size_t i;

	if (!call)
		return NULL;
	mpxd_wire_device(m, &call->dev);
	for (i = 0; i < d->nr_policies; i++) {
		struct mpxd_policy *p = d->policies[i];

		if (!mpxd_policy_has(p, MPXW_MATCH))
			continue;
		if (mpxd_policy_call(d, p, MPXW_MATCH, call, sizeof(*call), &rep, sizeof(rep),
				     MATCH_BUDGET_MS))
			continue;
		if (rep.score > best_score) {
			best = p;
			best_score = rep.score;
		}
	}
	free(call);
	return best;
}

void mpxd_policy_choose(struct mpxd *d, struct mpxd_map *m)
{
	struct mpx_dev_id id = { m->nr_paths ? m->paths[0]->a.vendor : NULL,
				 m->nr_paths ? m->paths[0]->a.product : NULL,
				 m->nr_paths ? m->paths[0]->a.revision : NULL, m->wwid };
	const char *forced = mpx_conf_get(&d->config, OPT_POLICY, &id, NULL).s;
	struct mpxd_policy *p, *old = m->policy;
	char file[512], why[512];

	m->policy_pending = false;
	if (forced) {
		p = mpxd_policy_find(d, forced);
		if (!p) {
			snprintf(file, sizeof(file), "%s/%s.so",
				 mpx_conf_get(&d->config, OPT_POLICY_DIR, NULL, NULL).s, forced);
			mpxd_policy_load(d, file, &p, why, sizeof(why));
		}
		if (!p)
			log_warning(&d->log, "map \"%s\": policy \"%s\" is not loaded, falling back to built-in",
				    m->name, forced);
	} else {
		p = best_match(d, m);
		if (!p) {
			/* a plugin dropped in since we last looked may fit */
			mpxd_policies_load_dir(d, true);
			p = best_match(d, m);
		}
	}
	m->policy = p;
	if (p != old)
		log_notice(&d->log, "map \"%s\": policy %s", m->name, p ? p->name : "built-in");
}

/* A check_path hook, on a checker thread; the configured checker if it fails. */
enum mpx_path_state mpxd_policy_check(struct mpxd_job *job)
{
	struct mpxw_check_call call = { job->wpath, job->timeout_ms };
	struct mpxw_check_reply rep;
	int r;

	job->rep.have_sense = false;
	r = mpxd_policy_call(job->d, job->policy, MPXW_CHECK_PATH, &call, sizeof(call), &rep,
			     sizeof(rep), job->timeout_ms + 1000);
	if (!r && rep.state >= MPX_POL_PATH_UP && rep.state <= MPX_POL_PATH_GHOST) {
		snprintf(job->rep.msg, sizeof(job->rep.msg), "policy %s: %s", job->policy->name,
			 rep.state == MPX_POL_PATH_UP ? "up" :
			 rep.state == MPX_POL_PATH_GHOST ? "ghost" : "down");
		return rep.state == MPX_POL_PATH_UP ? MPX_PATH_UP :
		       rep.state == MPX_POL_PATH_GHOST ? MPX_PATH_GHOST : MPX_PATH_DOWN;
	}
	return mpx_check(job->checker, job->devnode, job->timeout_ms, &job->rep);
}

/* What the policy makes of a SCSI outcome; 0 when it has no opinion. */
int mpxd_policy_analyze(struct mpxd *d, struct mpxd_path *p, const struct mpx_sg_result *s)
{
	struct mpxw_analyze_call call;
	struct mpxw_analyze_reply rep;

	if (!p->map || !mpxd_policy_has(p->map->policy, MPXW_ANALYZE_ERROR))
		return 0;
	memset(&call, 0, sizeof(call));
	mpxd_wire_path(p, &call.path);
	call.sense.status = s->status;
	call.sense.transport_error = s->host_status || s->driver_status;
	call.sense.timed_out = s->timed_out;
	call.sense.sense_key = s->sense_key;
	call.sense.asc = s->asc;
	call.sense.ascq = s->ascq;
	memcpy(call.sense.sense, s->sense, sizeof(call.sense.sense));
	call.sense.sense_len = (uint32_t)s->sense_len;
	if (mpxd_policy_call(d, p->map->policy, MPXW_ANALYZE_ERROR, &call, sizeof(call), &rep,
			     sizeof(rep), 2000))
		return 0;
	return rep.verdict >= MPX_POL_VERDICT_PATH_OK &&
	       rep.verdict <= MPX_POL_VERDICT_TARGET_ERROR ? rep.verdict : 0;
}

/*
 * The paths the policy says share @failed's broken component: each gets
 * fn(). Without the hook, nothing (the caller checks the host's siblings).
 */
int mpxd_policy_affected(struct mpxd *d, struct mpxd_path *failed,
			 void (*fn)(struct mpxd *d, struct mpxd_path *p, struct mpxd_path *failed))
{
	struct mpxw_affected_call *call;
	struct mpxw_affected_reply rep;
	struct mpxd_path *which[MPXW_MAX_ALL];
	size_t i, n = 0;
	int r;

	if (!failed->map || !mpxd_policy_has(failed->map->policy, MPXW_AFFECTED_PATHS))
		return -ENOSYS;
	call = calloc(1, sizeof(*call));
	if (!call)
		return -ENOMEM;
	mpxd_wire_path(failed, &call->failed);
	/* paths through the same host first: a failed link is the likely cause */
	for (int pass = 0; pass < 2; pass++) {
		for (i = 0; i < d->nr_paths && n < MPXW_MAX_ALL; i++) {
			struct mpxd_path *q = d->paths[i];

			if (q == failed || !q->map || (q->a.host == failed->a.host) != !pass)
				continue;
			mpxd_wire_path(q, &call->all[n]);
			which[n++] = q;
		}
	}
	call->nr_all = (uint32_t)n;
	r = mpxd_policy_call(d, failed->map->policy, MPXW_AFFECTED_PATHS, call, sizeof(*call),
			     &rep, sizeof(rep), 2000);
	free(call);
	if (r)
		return r;
	for (i = 0; i < n; i++)
		if (rep.affected[i])
			fn(d, which[i], failed);
	return 0;
}

/* Ask the policy to make group @group (0-based, its numbering) usable. */
int mpxd_policy_activate(struct mpxd *d, struct mpxd_map *m, unsigned int group)
{
	struct mpxw_activate_call *call;
	int r;

	if (!mpxd_policy_has(m->policy, MPXW_ACTIVATE_GROUP))
		return -ENOSYS;
	call = calloc(1, sizeof(*call));
	if (!call)
		return -ENOMEM;
	mpxd_wire_device(m, &call->dev);
	call->group = group;
	r = mpxd_policy_call(d, m->policy, MPXW_ACTIVATE_GROUP, call, sizeof(*call), NULL, 0,
			     30000);
	free(call);
	return r;
}
