// SPDX-License-Identifier: GPL-2.0-only
/*
 * What happens to a tenant while a map it uses has no usable path (a
 * "no-path episode", tracked per cgroup and map by tenants.c):
 *
 *   running --episode, on_failover suspend--> frozen (cgroup.freeze 1)
 *   frozen --no episode left--> running (thawed)
 *   frozen --suspend_timeout--> thawed-timeout (thawed; on_no_path applies:
 *          fail makes the target fail its I/O, migrate runs the hook)
 *   thawed-timeout --no episode left--> running
 *
 * With on_failover none an episode goes straight to on_no_path. The
 * target falls back to any usable path when none of a tenant's affinity
 * paths is, so a tenant is without a path exactly when its map is.
 *
 * A frozen VM keeps its guest's I/O from timing out while the map fails
 * over; one frozen too long is thawed so that its own timeouts, or an
 * orchestrator's live migration, can act. mpxd never freezes the cgroup it
 * runs in (it would freeze itself), and thaws whatever it froze when it
 * stops or the tenant's entry goes.
 */
#include <errno.h>
#include <string.h>
#include "mpxd.h"
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

static void start_episode(struct mpxd *d, struct mpxd_cgroup *cg, const struct mpx_optset *e,
			  const struct mpxd_map *m, uint64_t now)
{
	int r;

	if (opt(e, OPT_ON_FAILOVER) != MPX_ON_FAILOVER_SUSPEND) {
		run_hooks(d, cg, e, "no_path");
		return;
	}
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
	log_warning(&d->log, "tenant \"%s\": cgroup %s frozen: map \"%s\" has no usable path (thawed when one is back, or after %lld s)",
		    cg->entry, cg->path, m->name, opt(e, OPT_SUSPEND_TIMEOUT) / 1000);
}

void mpxd_tenant_evaluate(struct mpxd *d, struct mpxd_cgroup *cg, uint64_t now)
{
	const struct mpx_optset *e = entry_of(d, cg);
	const struct mpxd_map *m = episode_map(d, cg);

	switch (cg->state) {
	case MPXD_TENANT_RUNNING:
		if (m && e)
			start_episode(d, cg, e, m, now);
		else if (m)
			run_hooks(d, cg, e, "no_path");
		return;
	case MPXD_TENANT_FROZEN:
		if (!m) {
			mpxd_tenant_thaw(d, cg, "a path is back");
			return;
		}
		if (!e || opt(e, OPT_ON_FAILOVER) != MPX_ON_FAILOVER_SUSPEND) {
			mpxd_tenant_thaw(d, cg, "on_failover is not suspend any more");
			return;
		}
		if (now - cg->frozen_at < (uint64_t)opt(e, OPT_SUSPEND_TIMEOUT))
			return;
		if (mpxd_tenant_thaw(d, cg, "suspend_timeout passed"))
			return;
		log_warning(&d->log, "tenant \"%s\": cgroup %s: map \"%s\" still has no usable path after %lld s, on_no_path applies",
			    cg->entry, cg->path, m->name, opt(e, OPT_SUSPEND_TIMEOUT) / 1000);
		cg->state = MPXD_TENANT_THAWED_TIMEOUT;
		run_hooks(d, cg, e, "failover_timeout");
		return;
	case MPXD_TENANT_THAWED_TIMEOUT:
		if (!m) {
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
