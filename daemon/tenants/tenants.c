// SPDX-License-Identifier: GPL-2.0-only
/*
 * Programming the maps with tenant rules (the cgroups come from
 * follow.c).
 *
 * The target keeps tenant rules per loaded table, so what a map has is
 * read back from its "stats" output (once a second while tenants are
 * configured, and at once after mpxd loads a table or a map's last path
 * goes or comes back) and compared with what it should have: rules it
 * lacks are sent, rules for cgroups no entry owns any more are deleted.
 * That also puts back rules lost to a table load mpxd did not make.
 * Sending follows looking within one loop turn, so a rule is never sent
 * twice on the strength of an old report. The same look tells which
 * tenants use a map that has no usable path (their no-path episodes) and
 * whose I/O the map holds for a failover, and since when: what freeze.c
 * acts on. While a tenant is held, its map is looked at every
 * HELD_POLL_MS, so that a freeze comes soon after failover_freeze_delay and
 * a thaw soon after the I/O flows again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mpx/table.h>
#include "base/cleanup.h"
#include "seams/dm-seam.h"
#include "base/clock.h"
#include "mpxd.h"
#include "tenants/tenants.h"

#define POLL_MS 1000		/* stats of maps that have or need tenant rules */
#define HELD_POLL_MS 200 /* ... of a map that holds a tenant's I/O */

void mpxd_tenants_reconfigured(struct mpxd *d)
{
	size_t i;

	for (i = 0; i < d->tenants.nr_cg; i++)
		d->tenants.cg[i].io_ok = false;
	for (i = 0; i < d->nr_maps; i++) {
		struct mpxd_map_tenants *mt = d->maps[i]->tenants;

		if (mt && mt->unsupported) {
			/* probe again, and say so again if tenants are new */
			mt->unsupported = false;
			mt->budget_sent = -1;
		}
		if (mt)
			mt->polled = false;
	}
	d->tenants.rescan = true;
}

static struct mpxd_map_tenants *map_state(struct mpxd_map *m)
{
	if (!m->tenants) {
		m->tenants = calloc(1, sizeof(*m->tenants));
		if (m->tenants)
			m->tenants->budget_sent = -1;
	}
	return m->tenants;
}

static size_t nr_usable(const struct mpxd_map *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->nr_paths; i++)
		n += m->paths[i]->kernel_active;
	return n;
}

static bool kernel_has_rules(const struct mpxd_map_tenants *mt)
{
	size_t i;

	for (i = 0; i < mt->last.nr; i++)
		if (mt->last.t[i].id)
			return true;
	return false;
}

static long long budget(const struct mpxd *d)
{
	return mpx_conf_get(&d->config, OPT_TENANT_BUDGET, NULL, NULL).i;
}

/* Is there anything to program on the map, or to clear from it? */
static bool wanted(const struct mpxd *d, const struct mpxd_map_tenants *mt)
{
	return d->config.nr_tenants || d->tenants.nr_cg || budget(d) || !mt->polled ||
	       kernel_has_rules(mt);
}

/*
 * The map's report anew. The target prints tenant lines only once a table
 * got a tenant message: before that, the report is empty.
 */
static int read_stats(struct mpxd *d, struct mpxd_map *m, struct mpxd_map_tenants *mt)
{
	_cleanup_free_ char *resp = NULL;
	struct mpx_tenants_report rep;
	int r = mpx_dm_message(m->name, MPX_MSG_STATS, &resp);

	if (r) {
		log_debug(&d->log, "map \"%s\": stats: %s", m->name, strerror(-r));
		return r;
	}
	r = mpx_tenant_stats_parse(resp, &rep);
	mt->kernel_tenants = r != -ENOENT;
	if (r == -ENOENT) {
		memset(&rep, 0, sizeof(rep));
		r = 0;
	}
	if (r) {
		if (!mt->bad_logged)
			log_warning_errno(&d->log, r, "map \"%s\": cannot read the tenant lines of its stats",
					  m->name);
		mt->bad_logged = true;
		return r;
	}
	mpx_tenants_report_free(&mt->last);
	mt->last = rep;
	mt->polled = true;
	mt->fresh = true;
	return 0;
}

/*
 * The target counts the tenant's held bios and how long none of them has
 * moved (dm-mpx(4)); on mpxd's clock, that is since now - held_ms.
 */
static void held(struct mpxd_tenant_use *u, const struct mpx_tenant_stats *st, uint64_t now)
{
	if (!st || !st->held) {
		u->held_since = 0;
		return;
	}
	u->held_since = now > st->held_ms + 1 ? now - st->held_ms : 1;
}

/*
 * A tenant's no-path episode on a map starts when it uses a pathless map;
 * and whether the map holds its I/O, from a report read now (an old one's
 * held_ms is not since now).
 */
static void episodes(struct mpxd *d, struct mpxd_map *m, struct mpxd_map_tenants *mt, bool usable,
		     uint64_t now, bool read_now)
{
	size_t i;

	mt->held = false;
	for (i = 0; i < mt->nr_uses; i++) {
		struct mpxd_tenant_use *u = &mt->uses[i];
		const struct mpx_tenant_stats *st = mpx_tenants_report_find(&mt->last, u->id);
		const struct mpxd_cgroup *cg = mpxd_tenant_cgroup(d, u->id);

		if (!usable && !u->episode && mpx_tenant_stats_active(st)) {
			u->episode = true;
			u->hook_fired = false;
			u->episode_since = now;
			log_warning(&d->log, "map \"%s\": no usable path for tenant \"%s\", cgroup %s",
				    m->name, cg ? cg->entry : "?", cg ? cg->path : "?");
		} else if (usable && u->episode) {
			u->episode = false;
			u->hook_fired = false;
		}
		if (read_now) {
			held(u, st, now);
			u->failover = mt->last.failover;
		}
		mt->held |= u->episode || u->held_since;
	}
}

/*
 * Read the stats when due, or at once when a path of the map failed or
 * came back (a failover may hold I/O from then on). A failed read (the map
 * suspended for a reload, say) is tried again when due, not at every loop
 * turn; the last report stands in.
 */
static void look(struct mpxd *d, struct mpxd_map *m, uint64_t now)
{
	struct mpxd_map_tenants *mt = map_state(m);
	size_t n = nr_usable(m);
	bool usable = n > 0, changed;
	int r;

	if (!mt || !m->live || mt->unsupported || !wanted(d, mt))
		return;
	changed = n != mt->nr_usable;
	mt->nr_usable = n;
	mt->usable = usable;
	if (mt->polled && now < mt->next_poll && !changed)
		return;
	mt->next_poll = now + POLL_MS;
	r = read_stats(d, m, mt);
	if (mt->polled)
		episodes(d, m, mt, usable, now, !r);
	if (mt->held)
		mt->next_poll = now + HELD_POLL_MS;
}

static struct mpxd_tenant_use *use_add(struct mpxd_map_tenants *mt, uint64_t id)
{
	struct mpxd_tenant_use *tmp = realloc(mt->uses, (mt->nr_uses + 1) * sizeof(*tmp));

	if (!tmp)
		return NULL;
	mt->uses = tmp;
	tmp = &mt->uses[mt->nr_uses++];
	memset(tmp, 0, sizeof(*tmp));
	tmp->id = id;
	return tmp;
}

/*
 * Send one message; 0, or the error (logged). A message the target
 * refuses for anything but being busy is not sent again for this table.
 */
static int send_msg(struct mpxd *d, struct mpxd_map *m, const char *msg, char *refused,
		size_t len)
{
	int r = mpx_dm_message(m->name, msg, NULL);

	if (r && r != -EBUSY && refused)
		snprintf(refused, len, "%s", msg);
	if (r)
		log_warning_errno(&d->log, r, "map \"%s\": \"%s\" failed", m->name, msg);
	return r;
}

/*
 * The budget goes first, once per table: it is also the probe of a target
 * without tenant messages, which refuses it as invalid while it has never
 * reported tenants. A table with no tenant state and nothing to program
 * gets no message: the target then keeps its fast path.
 */
static void program_budget(struct mpxd *d, struct mpxd_map *m, struct mpxd_map_tenants *mt)
{
	long long want = budget(d);
	char msg[64];
	int r;

	if (mt->budget_sent == want || !(d->tenants.nr_cg || want || mt->kernel_tenants))
		return;
	snprintf(msg, sizeof(msg), "tenant budget %lld", want);
	r = mpx_dm_message(m->name, msg, NULL);
	if (r == -EINVAL && !mt->kernel_tenants) {
		log_warning(&d->log, "map \"%s\": the target refuses tenant messages (a dm-mpx without tenants?), tenant rules do not apply to it",
			    m->name);
		mt->unsupported = true;
		return;
	}
	if (r)
		log_warning_errno(&d->log, r, "map \"%s\": \"%s\" failed", m->name, msg);
	else
		log_info(&d->log, "map \"%s\": %s", m->name, msg);
	if (r != -EBUSY)
		mt->budget_sent = want;
}

static void program_cgroup(struct mpxd *d, struct mpxd_map *m, struct mpxd_map_tenants *mt,
			   const struct mpxd_cgroup *cg)
{
	const struct mpx_optset *e = mpxd_tenant_entry(d, cg->entry);
	struct mpxd_tenant_use *u = mpxd_tenant_use(m, cg->id);
	struct mpx_tenant_rule rule;
	const char *note = NULL;
	char msg[512];

	if (!e)
		return;
	if (!u)
		u = use_add(mt, cg->id);
	if (!u)
		return;
	/* the table has not got it: new, reloaded, or deleted behind our back */
	if (mt->fresh && !mpx_tenants_report_find(&mt->last, cg->id))
		u->msg[0] = '\0';
	mpx_tenant_rule_of(e, cg->id, mpxd_tenant_nopath_fail(e, cg), &rule);
	if (mpx_tenant_set_msg(&rule, m, msg, sizeof(msg), &note) ||
	    !strcmp(u->msg, msg) || !strcmp(u->refused, msg))
		return;
	if (send_msg(d, m, msg, u->refused, sizeof(u->refused)))
		return;
	snprintf(u->msg, sizeof(u->msg), "%s", msg);
	u->refused[0] = '\0';
	log_info(&d->log, "map \"%s\": tenant \"%s\", cgroup %s: %s%s%s%s", m->name, cg->entry,
		 cg->path, msg, note ? " (path_affinity left out or cut: " : "",
		 note ? note : "", note ? ")" : "");
}

/* Rules of cgroups that no entry owns: from the kernel, and from our list. */
static void program_deletions(struct mpxd *d, struct mpxd_map *m, struct mpxd_map_tenants *mt)
{
	char msg[64];
	size_t i;

	for (i = 0; mt->fresh && i < mt->last.nr; i++) {
		uint64_t id = mt->last.t[i].id;

		if (!id || mpxd_tenant_cgroup(d, id))
			continue;
		snprintf(msg, sizeof(msg), "tenant del %llu", (unsigned long long)id);
		if (!send_msg(d, m, msg, NULL, 0))
			log_info(&d->log, "map \"%s\": %s (no tenant cgroup has that id now)",
				 m->name, msg);
	}
	for (i = 0; i < mt->nr_uses;) {
		if (mpxd_tenant_cgroup(d, mt->uses[i].id)) {
			i++;
			continue;
		}
		memmove(&mt->uses[i], &mt->uses[i + 1], (mt->nr_uses - i - 1) * sizeof(mt->uses[0]));
		mt->nr_uses--;
	}
}

static void program(struct mpxd *d, struct mpxd_map *m)
{
	struct mpxd_map_tenants *mt = m->tenants;
	size_t i;

	if (!mt || !m->live || !mt->polled || mt->unsupported)
		return;
	program_budget(d, m, mt);
	if (mt->unsupported)
		return;
	for (i = 0; i < d->tenants.nr_cg; i++)
		program_cgroup(d, m, mt, &d->tenants.cg[i]);
	program_deletions(d, m, mt);
	mt->fresh = false;
}

void mpxd_tenants_map_loaded(struct mpxd *d, struct mpxd_map *m)
{
	struct mpxd_map_tenants *mt = map_state(m);
	size_t i;

	if (!mt)
		return;
	/* before the first tick (mpxd starting): know the cgroups first */
	if (d->tenants.rescan)
		mpxd_tenants_rescan(d);
	/* a new table starts without rules; no-path episodes go on */
	for (i = 0; i < mt->nr_uses; i++) {
		mt->uses[i].msg[0] = '\0';
		mt->uses[i].refused[0] = '\0';
	}
	mpx_tenants_report_free(&mt->last);
	mt->polled = mt->unsupported = mt->bad_logged = mt->fresh = false;
	mt->budget_sent = -1;
	look(d, m, mpxd_now());
	program(d, m);
}

void mpxd_tenants_map_gone(struct mpxd_map *m)
{
	if (!m->tenants)
		return;
	mpx_tenants_report_free(&m->tenants->last);
	free(m->tenants->uses);
	free(m->tenants);
	m->tenants = NULL;
}

void mpxd_tenants_tick(struct mpxd *d, uint64_t now)
{
	struct mpxd_tenants *t = &d->tenants;
	size_t i;

	mpxd_tenant_hooks_reap(d);
	if (t->rescan || now >= t->next_rescan)
		mpxd_tenants_rescan(d);
	t->next_look = 0;
	for (i = 0; i < d->nr_maps; i++) {
		const struct mpxd_map_tenants *mt = d->maps[i]->tenants;

		look(d, d->maps[i], now);
		if (mt && mt->held && (!t->next_look || mt->next_poll < t->next_look))
			t->next_look = mt->next_poll;
	}
	for (i = 0; i < t->nr_cg; i++)
		mpxd_tenant_evaluate(d, &t->cg[i], now);
	for (i = 0; i < d->nr_maps; i++)
		program(d, d->maps[i]);
}
