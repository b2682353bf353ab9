// SPDX-License-Identifier: GPL-2.0-only
/*
 * What happens to a tenant while a failover holds its I/O (tracked per
 * cgroup and map by tenants.c): the map has no usable path while the
 * tenant uses it (a "no-path episode"), or the target holds the tenant's
 * I/O (in the no-path queue, for a group activation, or to retry it on
 * another path) without any of it moving:
 *
 *   running --held for failover_freeze_delay, on_failover suspend--> frozen
 *   frozen --nothing held any more--> running (thawed)
 *   frozen --suspend_timeout--> thawed-timeout (thawed; on_no_path applies:
 *          fail makes the target fail its I/O, migrate runs the hook)
 *   thawed-timeout --nothing held any more--> running
 *
 * With on_failover none an episode goes straight to on_no_path. The
 * target itself sends a tenant with affinity to its fallback paths when
 * its own are not usable or are held up, so a tenant is held only while
 * it has no path it may use.
 *
 * A frozen VM keeps its guest's I/O from timing out while the map fails
 * over (its clock stops with it); one frozen too long is thawed so that
 * its own timeouts, or an orchestrator's live migration, can act. mpxd
 * never freezes the cgroup it runs in (it would freeze itself), and thaws
 * whatever it froze when it stops or the tenant's entry goes.
 */
#include <errno.h>
#include <string.h>
#include "mpxd.h"
#include "tenant-failover.h"
#include "tenants/tenants.h"

static const struct mpx_optset *entry_of(struct mpxd *d, const struct mpxd_cgroup *cg)
{
	return mpxd_tenant_entry(d, cg->entry);
}

static long long opt(const struct mpx_optset *e, enum mpx_opt id)
{
	return mpx_tenant_get(e, id).i;
}

bool mpxd_tenant_nopath_fail(const struct mpx_optset *e, const struct mpxd_cgroup *cg)
{
	if (!e || opt(e, OPT_ON_NO_PATH) != MPX_ON_NO_PATH_FAIL)
		return false;
	/* while suspending, the I/O waits: failing it is for after the timeout */
	return opt(e, OPT_ON_FAILOVER) == MPX_ON_FAILOVER_NONE ||
	       cg->state == MPXD_TENANT_THAWED_TIMEOUT;
}

/* mpxd runs in this cgroup or below it. */
static bool holds_mpxd(const struct mpxd *d, const struct mpxd_cgroup *cg)
{
	const char *self = d->tenants.self;
	size_t n = strlen(cg->path);

	return self[0] && !strncmp(self, cg->path, n) && (!self[n] || self[n] == '/');
}

/* The first map on which the cgroup is in a no-path episode. */
static const struct mpxd_map *episode_map(const struct mpxd *d, const struct mpxd_cgroup *cg)
{
	const struct mpxd_tenant_use *u;
	size_t i;

	for (i = 0; i < d->nr_maps; i++) {
		u = mpxd_tenant_use(d->maps[i], cg->id);
		if (d->maps[i]->live && u && u->episode)
			return d->maps[i];
	}
	return NULL;
}

/* on_no_path migrate: the hook, once per episode and map. */
static void run_hooks(struct mpxd *d, const struct mpxd_cgroup *cg,
		      const struct mpx_optset *e, const char *reason)
{
	struct mpxd_tenant_use *u;
	size_t i;

	if (!e || opt(e, OPT_ON_NO_PATH) != MPX_ON_NO_PATH_MIGRATE)
		return;
	for (i = 0; i < d->nr_maps; i++) {
		u = mpxd_tenant_use(d->maps[i], cg->id);
		if (!d->maps[i]->live || !u || !u->episode || u->hook_fired)
			continue;
		/* once, even if it cannot start: it is logged, and retrying floods */
		u->hook_fired = true;
		mpxd_tenant_hook_run(d, cg, d->maps[i], reason);
	}
}

int mpxd_tenant_thaw(struct mpxd *d, struct mpxd_cgroup *cg, const char *why)
{
	int r;

	if (cg->state != MPXD_TENANT_FROZEN)
		return 0;
	r = mpx_cgroup_freeze(d->cgroup_root, cg->path, false);
	if (r && r != -ENOENT)
		return log_err_errno(&d->log, r, "tenant \"%s\": cannot thaw cgroup %s (%s)",
				     cg->entry, cg->path, why);
	log_notice(&d->log, "tenant \"%s\": cgroup %s thawed: %s", cg->entry, cg->path, why);
	cg->state = MPXD_TENANT_RUNNING;
	return 0;
}

/* The map that has held the cgroup's I/O longest, and for how long (ms). */
static const struct mpxd_map *held_map(const struct mpxd *d, const struct mpxd_cgroup *cg,
				       uint64_t now, long long *ret_ms)
{
	const struct mpxd_map *best = NULL;
	const struct mpxd_tenant_use *u;
	long long ms;
	size_t i;

	*ret_ms = -1;
	for (i = 0; i < d->nr_maps; i++) {
		u = mpxd_tenant_use(d->maps[i], cg->id);
		if (!d->maps[i]->live || !u)
			continue;
		if (u->episode && (ms = (long long)(now - u->episode_since)) > *ret_ms) {
			*ret_ms = ms;
			best = d->maps[i];
		}
		if (u->held_since && (ms = (long long)(now - u->held_since)) > *ret_ms) {
			*ret_ms = ms;
			best = d->maps[i];
		}
	}
	return best;
}

long long mpxd_tenant_held_for(const struct mpxd *d, const struct mpxd_cgroup *cg, uint64_t now)
{
	long long ms;

	held_map(d, cg, now, &ms);
	return ms;
}

/* What holds the cgroup's I/O on m, for the log. */
static const char *why_held(const struct mpxd_map *m, const struct mpxd_cgroup *cg)
{
	const struct mpxd_tenant_use *u = mpxd_tenant_use(m, cg->id);

	if (!u || u->episode || u->failover == MPX_FO_NOPATH)
		return "no usable path";
	if (u->failover == MPX_FO_ACTIVATION)
		return "its I/O waits for a group activation";
	return "its I/O waits to be retried on another path";
}

static void freeze(struct mpxd *d, struct mpxd_cgroup *cg, const struct mpx_optset *e,
		   const struct mpxd_map *m, long long held_ms, uint64_t now)
{
	int r;

	if (holds_mpxd(d, cg)) {
		log_warning(&d->log, "tenant \"%s\": cgroup %s holds mpxd itself: not freezing it, on_no_path applies",
			    cg->entry, cg->path);
		cg->state = MPXD_TENANT_THAWED_TIMEOUT;
		run_hooks(d, cg, e, "no_path");
		return;
	}
	r = mpx_cgroup_freeze(d->cgroup_root, cg->path, true);
	if (r) {
		log_err_errno(&d->log, r, "tenant \"%s\": cannot freeze cgroup %s, on_no_path applies",
			      cg->entry, cg->path);
		cg->state = MPXD_TENANT_THAWED_TIMEOUT;
		run_hooks(d, cg, e, "no_path");
		return;
	}
	cg->state = MPXD_TENANT_FROZEN;
	cg->frozen_at = now;
	log_warning(
		&d->log,
		"tenant \"%s\": cgroup %s frozen: map \"%s\": %s for %lld ms (thawed when its I/O flows, or after %lld s)",
		cg->entry, cg->path, m->name, why_held(m, cg), held_ms,
		opt(e, OPT_SUSPEND_TIMEOUT) / 1000);
}

void mpxd_tenant_evaluate(struct mpxd *d, struct mpxd_cgroup *cg, uint64_t now)
{
	const struct mpx_optset *e = entry_of(d, cg);
	const struct mpxd_map *m = episode_map(d, cg), *hm;
	bool suspend = e && opt(e, OPT_ON_FAILOVER) == MPX_ON_FAILOVER_SUSPEND;
	long long held_ms;

	hm = held_map(d, cg, now, &held_ms);
	switch (cg->state) {
	case MPXD_TENANT_RUNNING:
		if (suspend && hm && held_ms >= opt(e, OPT_FAILOVER_FREEZE_DELAY))
			freeze(d, cg, e, hm, held_ms, now);
		else if (!suspend && m)
			run_hooks(d, cg, e, "no_path");
		return;
	case MPXD_TENANT_FROZEN:
		if (!hm) {
			mpxd_tenant_thaw(d, cg, "a path is back, its I/O flows");
			return;
		}
		if (!suspend) {
			mpxd_tenant_thaw(d, cg, "on_failover is not suspend any more");
			return;
		}
		if (now - cg->frozen_at < (uint64_t)opt(e, OPT_SUSPEND_TIMEOUT))
			return;
		if (mpxd_tenant_thaw(d, cg, "suspend_timeout passed"))
			return;
		log_warning(
			&d->log,
			"tenant \"%s\": cgroup %s: map \"%s\": %s after %lld s, on_no_path applies",
			cg->entry, cg->path, hm->name, why_held(hm, cg),
			opt(e, OPT_SUSPEND_TIMEOUT) / 1000);
		cg->state = MPXD_TENANT_THAWED_TIMEOUT;
		run_hooks(d, cg, e, "failover_timeout");
		return;
	case MPXD_TENANT_THAWED_TIMEOUT:
		if (!hm) {
			log_notice(&d->log, "tenant \"%s\": cgroup %s: its maps have usable paths again",
				   cg->entry, cg->path);
			cg->state = MPXD_TENANT_RUNNING;
			return;
		}
		/* a map that lost its paths since: the suspension is over already */
		run_hooks(d, cg, e, "failover_timeout");
		return;
	}
}
