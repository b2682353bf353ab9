// SPDX-License-Identifier: GPL-2.0-only
/* The daemon's side of policy modules (see map-policy.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mpx/policy.h>
#include <mpx/table.h>
#include "maps/map-policy.h"
#include "mpxd.h"

static int alua_code(enum mpx_alua a)
{
	switch (a) {
	case MPX_ALUA_OPTIMIZED:
		return 0;
	case MPX_ALUA_NON_OPTIMIZED:
		return 1;
	case MPX_ALUA_STANDBY:
		return 2;
	case MPX_ALUA_UNAVAILABLE:
		return 3;
	default:
		return 15;
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
	w->state = p->state == MPX_PATH_UP    ? 1 :
		   p->state == MPX_PATH_DOWN  ? 2 :
		   p->state == MPX_PATH_GHOST ? 3 :
						0;
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

/* policy/ sees the daemon through d->plugins only: keep its view current. */
static struct mpxd_plugins *plugins(struct mpxd *d)
{
	d->plugins.log = &d->log;
	d->plugins.config = &d->config;
	return &d->plugins;
}

static struct mpxd_policy *best_match(struct mpxd *d, struct mpxd_map *m)
{
	struct mpxw_device *dev = malloc(sizeof(*dev));	/* too big for the stack */
	struct mpxd_policy *best;

	if (!dev)
		return NULL;
	mpxd_wire_device(m, dev);
	best = mpxd_plugins_best_match(plugins(d), dev);
	free(dev);
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
		snprintf(file, sizeof(file), "%s/%s.so",
			 mpx_conf_get(&d->config, OPT_POLICY_DIR, NULL, NULL).s, forced);
		if (!p && mpxd_plugin_held(plugins(d), file))
			log_warning(
				&d->log,
				"map \"%s\": policy \"%s\" was unloaded by \"mpxctl policy unload\", using the built-in grouping",
				m->name, forced);
		else if (!p && mpxd_policy_load(d, file, &p, why, sizeof(why)))
			log_warning(
				&d->log,
				"map \"%s\": policy \"%s\" is not loaded, falling back to built-in",
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

int mpxd_policy_analyze(struct mpxd *d, struct mpxd_path *p, const struct mpx_sg_result *s)
{
	struct mpxw_path w;

	if (!p->map || !mpxd_policy_has(p->map->policy, MPXW_ANALYZE_ERROR))
		return 0;
	mpxd_wire_path(p, &w);
	return mpxd_hook_analyze(plugins(d), p->map->policy, &w, s, NULL);
}

/* The kernel target's error classes are the ABI's causes, number for number. */
_Static_assert(MPX_POL_CAUSE_TRANSPORT == MPX_ERR_TRANSPORT &&
		       MPX_POL_CAUSE_MEDIUM == MPX_ERR_MEDIUM &&
		       MPX_POL_CAUSE_ACTIVATION == MPX_ERR_ACTIVATION &&
		       MPX_POL_CAUSE_OTHER == MPX_ERR_OTHER && MPX_ERR_NR == 14,
	       "policy causes and target error classes differ");

static int32_t fresh_alua(const struct mpx_diagnosis *dg)
{
	if (!dg->have_alua)
		return MPX_POL_ALUA_UNKNOWN;
	switch (dg->alua) {
	case MPX_ALUA_TRANSITIONING:
		return MPX_POL_ALUA_TRANSITIONING;
	case MPX_ALUA_OFFLINE:
		return MPX_POL_ALUA_OFFLINE;
	default:
		return alua_code(dg->alua);
	}
}

int mpxd_policy_analyze_kernel(struct mpxd *d, struct mpxd_path *p, enum mpx_path_state tur,
			       const struct mpx_diagnosis *dg, int cause, bool failed,
			       uint64_t errors)
{
	struct mpxd_kernel_cause kc = { (uint32_t)cause, failed, errors, fresh_alua(dg) };
	struct mpx_sg_result s = { 0 };
	struct mpxw_path w;

	if (!p->map || !mpxd_policy_has(p->map->policy, MPXW_ANALYZE_ERROR))
		return 0;
	if (dg->rep.have_sense)
		s = dg->rep.sense;
	else if (tur == MPX_PATH_DOWN)
		s.host_status = 1;	/* not delivered at all: the transport's failure */
	mpxd_wire_path(p, &w);
	return mpxd_hook_analyze(plugins(d), p->map->policy, &w, &s, &kc);
}

int mpxd_policy_affected(struct mpxd *d, struct mpxd_path *failed,
			 void (*fn)(struct mpxd *d, struct mpxd_path *p, struct mpxd_path *failed))
{
	struct mpxw_affected_call *call;
	struct mpxd_path *which[MPXW_MAX_ALL];
	bool affected[MPXW_MAX_ALL];
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
	r = mpxd_hook_affected(plugins(d), failed->map->policy, call, affected);
	free(call);
	if (r)
		return r;
	for (i = 0; i < n; i++)
		if (affected[i])
			fn(d, which[i], failed);
	return 0;
}

int mpxd_policy_activate(struct mpxd *d, struct mpxd_map *m, unsigned int group)
{
	struct mpxw_device *dev;
	int r;

	if (!mpxd_policy_has(m->policy, MPXW_ACTIVATE_GROUP))
		return -ENOSYS;
	dev = malloc(sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	mpxd_wire_device(m, dev);
	r = mpxd_hook_activate(plugins(d), m->policy, dev, group);
	free(dev);
	return r;
}

/* Every map chooses its module again, and is reloaded, at the next sync. */
static void maps_choose_again(struct mpxd *d, struct mpxd_policy *gone)
{
	size_t i;

	for (i = 0; i < d->nr_maps; i++) {
		if (gone && d->maps[i]->policy != gone)
			continue;
		if (gone)
			d->maps[i]->policy = NULL;
		d->maps[i]->policy_pending = true;
		d->maps[i]->dirty = true;
	}
}

int mpxd_policy_load(struct mpxd *d, const char *file, struct mpxd_policy **ret, char *why,
		     size_t why_len)
{
	int r = mpxd_plugin_load(plugins(d), file, ret, why, why_len);

	if (!r)
		maps_choose_again(d, NULL);	/* it may fit some map better */
	return r;
}

int mpxd_policy_unload(struct mpxd *d, const char *name, char *why, size_t why_len)
{
	struct mpxd_policy *p = mpxd_policy_find(d, name);

	if (!p) {
		snprintf(why, why_len, "no policy named \"%s\" is loaded", name);
		return -ENOENT;
	}
	/* its maps move to another policy or the built-in one, tables reloaded */
	maps_choose_again(d, p);
	mpxd_plugin_unload(plugins(d), p);
	return 0;
}

void mpxd_policies_load_dir(struct mpxd *d, bool only_if_changed)
{
	if (mpxd_plugins_load_dir(plugins(d), only_if_changed))
		maps_choose_again(d, NULL);
}

void mpxd_policies_free(struct mpxd *d)
{
	mpxd_plugins_free(plugins(d));
}

struct mpxd_policy *mpxd_policy_find(struct mpxd *d, const char *name)
{
	return mpxd_plugin_find(plugins(d), name);
}
