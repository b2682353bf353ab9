// SPDX-License-Identifier: GPL-2.0-only
/*
 * Keeping each map's table in the kernel equal to what its paths and
 * options ask for: resolving the options, building the table (with the
 * groups a policy module chose, if any), creating, reloading or removing
 * the map, and putting the target's path states back after a load.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mpx/table.h>
#include "base/clock.h"
#include "conf/table-check.h"
#include "conf/table-read.h"
#include "maps/map-build.h"
#include "maps/map-load.h"
#include "maps/map-policy.h"
#include "maps/maps.h"
#include "maps/paths.h"
#include "maps/persist.h"
#include "maps/selector-modules.h"
#include "maps/target.h"
#include "mpxd.h"
#include "seams/dm-seam.h"
#include "tenants/tenants.h"

static const struct mpx_dev_id *dev_id(const struct mpxd_map *m, struct mpx_dev_id *id)
{
	const struct mpx_path_attrs *a = m->nr_paths ? &m->paths[0]->a : NULL;

	*id = (struct mpx_dev_id){ a ? a->vendor : NULL, a ? a->product : NULL,
				   a ? a->revision : NULL, m->wwid };
	return id;
}

void mpxd_map_resolve(struct mpxd *d, struct mpxd_map *m)
{
	struct mpx_lun_facts facts;
	struct mpx_dev_id id;
	size_t i;

	mpxd_lun_facts(m->paths, m->nr_paths, &facts);
	mpx_conf_map_opts_detect(&d->config, dev_id(m, &id), &facts, &m->opts);
	/* a path found its prio before it joined: again, if the whole LUN says otherwise */
	for (i = 0; i < m->nr_paths; i++)
		if (m->paths[i]->prio_kind != m->opts.v[OPT_PRIO].i ||
		    m->paths[i]->prio_args != m->opts.v[OPT_PRIO_ARGS].s)
			mpxd_path_settings(d, m->paths[i]);
}

/* Written in the admin's config, not a built-in, detected or default value. */
static bool from_config(const struct mpxd_map *m, enum mpx_opt id)
{
	return m->opts.at[id].kind == MPX_ORIGIN_FILE;
}

/* Whether lines a and b load the same (see mpx_tables_same). */
static bool lines_same(const char *a, const char *b, bool ignore_hw)
{
	struct mpx_table_read ra, rb;
	const char *reason;
	bool same = false;

	if (mpx_table_read(a, &ra, &reason))
		return false;
	if (!mpx_table_read(b, &rb, &reason)) {
		same = mpx_tables_same(&ra, &rb, ignore_hw);
		mpx_table_read_free(&rb);
	}
	mpx_table_read_free(&ra);
	return same;
}

static bool has_module_selector(const char *line)
{
	struct mpx_table_read r;
	const char *reason;
	bool has;

	if (mpx_table_read(line, &r, &reason))
		return false;
	has = r.nr_modules > 0;
	mpx_table_read_free(&r);
	return has;
}

/*
 * Whether the map's table is the one wanted: both lines read with the
 * target's parser, the handler left out if the kernel may have attached
 * its own. m->table is what mpxd last loaded, so from one sync to the next
 * the lines compare equal word for word. A map adopted at start holds the
 * kernel's form instead, and a module selector's words are printed back
 * in the module's own form, which only the module knows: then the kernel
 * is asked what want would become (loaded into the inactive slot, read
 * back, dropped) and that is compared with what it has.
 */
static bool same_table(struct mpxd *d, struct mpxd_map *m, const char *want, uint64_t sectors)
{
	bool ignore_hw = !strcmp(m->opts.v[OPT_HARDWARE_HANDLER].s, "0");
	char *live = NULL, *as_loaded = NULL;
	bool same;

	if (lines_same(m->table, want, ignore_hw))
		return true;
	if (!has_module_selector(want) || mpx_dm_table(m->name, &live) ||
	    mpx_dm_table_as_loaded(m->name, sectors, want, &as_loaded)) {
		free(live);
		return false;
	}
	same = lines_same(live, as_loaded, ignore_hw);
	if (same) {
		log_info(&d->log,
			 "map \"%s\": the kernel's table is \"%s\" as the target prints it",
			 m->name, want);
		snprintf(m->table, sizeof(m->table), "%s", want);
	}
	free(live);
	free(as_loaded);
	return same;
}

/*
 * The groups the map's policy module chose, or -ENOSYS to use the built-in
 * grouping (no module, no hook, too many paths, or a bad answer).
 */
static int plugin_plan(struct mpxd *d, struct mpxd_map *m, struct mpx_build_path *bp,
		       struct mpx_map_plan *plan, char *selector, size_t sel_len)
{
	struct mpxw_group_call *call;
	struct mpxw_group_reply rep;
	int group[MPXW_MAX_PATHS];
	size_t i;
	int r;

	if (!mpxd_policy_has(m->policy, MPXW_GROUP_PATHS) || m->nr_paths > MPXW_MAX_PATHS)
		return -ENOSYS;
	call = malloc(sizeof(*call));
	if (!call)
		return -ENOMEM;
	mpxd_wire_device(m, &call->dev);
	r = mpxd_policy_call(&d->plugins, m->policy, MPXW_GROUP_PATHS, call, sizeof(*call), &rep,
			     sizeof(rep), 2000);
	free(call);
	if (r)
		return -ENOSYS;
	for (i = 0; i < m->nr_paths; i++) {
		group[i] = rep.group[i];
		bp[i].prio = rep.prio[i];
		m->paths[i]->prio = rep.prio[i];
	}
	r = mpx_plan_assigned(bp, m->nr_paths, group, plan);
	if (r) {
		log_warning(
			&d->log,
			"map \"%s\": policy \"%s\" grouped no path or a group out of range, using the built-in grouping",
			m->name, m->policy->name);
		return -ENOSYS;
	}
	rep.selector[sizeof(rep.selector) - 1] = '\0';
	if (from_config(m, OPT_PATH_SELECTOR))
		return 0;	/* the config's selector beats the module's */
	if (rep.selector[0] && mpx_check_selector(rep.selector))
		log_warning(&d->log,
			    "map \"%s\": policy \"%s\" chose selector \"%s\": %s; keeping \"%s\"",
			    m->name, m->policy->name, rep.selector,
			    mpx_check_selector(rep.selector), m->opts.v[OPT_PATH_SELECTOR].s);
	else if (rep.selector[0])
		snprintf(selector, sel_len, "%s", rep.selector);
	return 0;
}

static int build(struct mpxd *d, struct mpxd_map *m, char *table, size_t len, uint64_t *ret_sectors)
{
	char selector[64] = "";
	struct mpx_build_path *bp = calloc(m->nr_paths, sizeof(*bp));
	struct mpx_map_plan *plan = malloc(sizeof(*plan));
	uint64_t sectors = UINT64_MAX;
	size_t i;
	int r;

	if (!bp || !plan) {
		r = -ENOMEM;
		goto out;
	}
	for (i = 0; i < m->nr_paths; i++) {
		bp[i].a = &m->paths[i]->a;
		bp[i].prio = m->paths[i]->prio;
		bp[i].usable = m->paths[i]->state != MPX_PATH_DOWN;
		if (m->paths[i]->a.sectors && m->paths[i]->a.sectors < sectors)
			sectors = m->paths[i]->a.sectors;
	}
	/* an explicit path_grouping_policy in the config beats a module's grouping */
	r = from_config(m, OPT_PATH_GROUPING_POLICY) ?
		    -ENOSYS :
		    plugin_plan(d, m, bp, plan, selector, sizeof(selector));
	if (r == -ENOSYS)
		r = mpx_plan_groups(bp, m->nr_paths, (int)m->opts.v[OPT_PATH_GROUPING_POLICY].i,
				    plan);
	if (!r) {
		struct mpx_map_opts o = m->opts;

		if (selector[0])
			o.v[OPT_PATH_SELECTOR].s = selector;
		r = mpx_build_table(bp, plan, &o, table, len);
	}
	if (!r) {
		for (i = 0; i < m->nr_paths; i++)
			m->paths[i]->pg = mpx_plan_group_of(plan, i);
		*ret_sectors = sectors == UINT64_MAX ? 0 : sectors;
	}
out:
	free(bp);
	free(plan);
	return r;
}

/* After a table load every path is active in the kernel: fail the dead ones. */
static void resync_paths(struct mpxd *d, struct mpxd_map *m)
{
	size_t i;

	for (i = 0; i < m->nr_paths; i++) {
		m->paths[i]->kernel_active = true;
		if (m->paths[i]->state == MPX_PATH_DOWN)
			mpxd_path_fail(d, m->paths[i], "down before the table load");
		else if (!m->paths[i]->pr_registered)
			mpxd_persist_path_back(d, m->paths[i]);
	}
	if (m->queue_disabled_by_npr)
		mpxd_map_message(d, m, MPX_MSG_FAIL_IF_NO_PATH);
}

/* Every path is down or standby: nothing may open the map to look at it. */
static bool no_usable_path(const struct mpxd_map *m)
{
	size_t i;

	for (i = 0; i < m->nr_paths; i++)
		if (m->paths[i]->state == MPX_PATH_UP || m->paths[i]->state == MPX_PATH_UNCHECKED)
			return false;
	return true;
}

/*
 * A map made under the old UUID scheme ("mpx-<WWID>") keeps that UUID:
 * device-mapper sets a UUID once. It is made again, with the UUID lsblk,
 * LVM and kpartx know as multipath, as soon as nothing holds it open.
 */
static void renew_uuid(struct mpxd *d, struct mpxd_map *m)
{
	int open_count = 1, r;

	if (!m->old_uuid || !m->live || mpx_dm_info(m->name, &open_count, NULL, NULL) || open_count)
		return;
	r = mpx_dm_remove(m->name);
	if (r) {
		log_warning_errno(&d->log, r, "map \"%s\": cannot remove it to renew its UUID",
				  m->name);
		return;
	}
	log_notice(&d->log, "map \"%s\": unused, made again with UUID " MPXD_UUID_PREFIX "%s",
		   m->name, m->wwid);
	m->live = false;
	m->old_uuid = false;
}

/*
 * Build m's table and load it if it differs. A new map's udev work is
 * waited for with the rest under *cookie (mpxd_maps_sync_some waits once
 * for the maps it made); without a cookie, here.
 */
static int load(struct mpxd *d, struct mpxd_map *m, uint32_t *cookie)
{
	char table[8192], uuid[MPX_WWID_MAX + 8];
	unsigned int udev;
	uint64_t sectors = 0;
	int r;

	if (m->name_pending)
		mpxd_maps_commit_names(d);	/* every new name at once, before any is used */
	mpxd_map_resolve(d, m);
	renew_uuid(d, m);
	if (m->policy_pending)
		mpxd_policy_choose(d, m);
	r = build(d, m, table, sizeof(table), &sectors);
	if (r)
		return log_err_errno(&d->log, r, "map \"%s\": cannot build its table", m->name);
	if (!sectors)
		return log_err(&d->log, "map \"%s\": paths report no size", m->name), -EINVAL;
	if (m->live && sectors == m->sectors && same_table(d, m, table, sectors)) {
		/* paths found in a table already there (mpxd started over it) joined too */
		mpxd_persist_map_joined(d, m);
		return 0;
	}
	r = mpxd_ensure_selector(d, m->opts.v[OPT_PATH_SELECTOR].s);
	if (r)
		return r;
	udev = no_usable_path(m) ? MPX_DM_UDEV_NO_PATH : 0;
	if (!m->live) {
		mpxd_map_uuid(m, uuid, sizeof(uuid));
		r = cookie ? mpx_dm_create_batched(m->name, uuid, sectors, table, udev, cookie) :
			     mpx_dm_create(m->name, uuid, sectors, table, udev);
		if (r)
			return log_err_errno(&d->log, r,
					     "map \"%s\": cannot create it (table \"%s\")", m->name,
					     table);
		log_notice(&d->log, "map \"%s\" created: wwid %s, %zu paths, table \"%s\"", m->name,
			   m->wwid, m->nr_paths, table);
		m->live = true;
	} else {
		/* same size: only paths changed, nothing above the map needs to look again */
		if (sectors == m->sectors)
			udev |= MPX_DM_UDEV_RELOAD;
		r = mpx_dm_reload(m->name, sectors, table, udev);
		if (r)
			return log_err_errno(&d->log, r,
					     "map \"%s\": cannot reload it (table \"%s\")", m->name,
					     table);
		log_notice(&d->log, "map \"%s\" reloaded: %zu paths, table \"%s\"", m->name,
			   m->nr_paths, table);
	}
	snprintf(m->table, sizeof(m->table), "%s", table);
	m->sectors = sectors;
	resync_paths(d, m);
	mpxd_tenants_map_loaded(d, m);	/* a new table has no tenant rules */
	m->remember_pending = !m->remembered;
	return 0;
}

/* How often a pathless map that is still open is tried again. */
#define REMOVE_RETRY_MS 1000

/*
 * The last path went: flush_on_last_del decides. Returns true if removed.
 * A map that cannot go yet because it is open (unused: by anyone; always:
 * by whoever had I/O failed and has not closed it yet) is tried again every
 * REMOVE_RETRY_MS until it goes or a path comes back; the first refusal
 * is logged, not every retry.
 */
static bool remove_empty(struct mpxd *d, struct mpxd_map *m)
{
	bool retry = m->remove_retry_at != 0;
	int open_count = 0, r;
	size_t parts = 0, busy = 0;

	if (!m->live)
		return true;
	if (m->opts.v[OPT_FLUSH_ON_LAST_DEL].i == MPX_FLUSH_NEVER) {
		log_notice(&d->log, "map \"%s\": last path gone, keeping it (flush_on_last_del no)",
			   m->name);
		return false;
	}
	m->remove_retry_at = mpxd_now() + REMOVE_RETRY_MS;
	m->dirty = true;
	mpxd_map_partitions(d, m, &parts, &busy, false);
	/* its partition maps hold it open: unused means nobody else does, nor uses them */
	if (mpx_dm_info(m->name, &open_count, NULL, NULL) == 0 &&
	    (open_count > (int)parts || busy) &&
	    m->opts.v[OPT_FLUSH_ON_LAST_DEL].i == MPX_FLUSH_UNUSED) {
		if (!retry)
			log_notice(
				&d->log,
				"map \"%s\": last path gone, but it is open: keeping it until it is closed",
				m->name);
		return false;
	}
	/* always: held I/O fails first, so the removal cannot wait on it */
	if (!retry)
		mpxd_map_message(d, m, MPX_MSG_FAIL_IF_NO_PATH);
	/* as multipathd: the partition maps go first, or the map stays open */
	mpxd_map_partitions(d, m, &parts, &busy, true);
	r = mpx_dm_remove(m->name);
	if (r == -ENXIO)
		r = 0;	/* somebody else removed it meanwhile */
	if (r) {
		if (!retry)
			log_warning_errno(&d->log, r,
					  "map \"%s\": cannot remove it yet, trying every %d ms",
					  m->name, REMOVE_RETRY_MS);
		return false;
	}
	m->remove_retry_at = 0;
	m->dirty = false;
	log_notice(&d->log, "map \"%s\" removed: its last path is gone", m->name);
	return true;
}

/* A dirty map to act on now (not one waiting to retry its removal). */
static bool due(const struct mpxd_map *m)
{
	return m->dirty && (m->nr_paths || mpxd_now() >= m->remove_retry_at);
}

/*
 * The end of a sync step: wait once for udev to finish with every map made
 * under the cookie, and record the WWIDs of the maps loaded, together.
 */
static void step_done(struct mpxd *d, uint32_t *cookie, size_t made, size_t loaded)
{
	int r = made ? mpx_dm_udev_wait(cookie) : 0;

	if (r)
		log_warning_errno(&d->log, r, "waiting for udev to set up new maps failed");
	if (loaded)
		mpxd_maps_remember(d);
}

bool mpxd_maps_sync_some(struct mpxd *d, size_t max)
{
	uint32_t cookie = 0;
	size_t i = 0, made = 0, loaded = 0;

	while (i < d->nr_maps) {
		struct mpxd_map *m = d->maps[i];

		if (!due(m)) {
			i++;
			continue;
		}
		if (!max--) {
			step_done(d, &cookie, made, loaded);
			return true;
		}
		m->dirty = false;
		if (m->nr_paths)
			m->remove_retry_at = 0;
		if (!m->nr_paths) {
			mpxd_map_resolve(d, m);
			if (remove_empty(d, m)) {
				mpxd_map_delete(d, m);
				continue;
			}
		} else {
			made += !m->live;
			loaded++;
			load(d, m, &cookie);
		}
		i++;
	}
	step_done(d, &cookie, made, loaded);
	return false;
}

int mpxd_maps_sync(struct mpxd *d)
{
	mpxd_maps_sync_some(d, SIZE_MAX);
	return 0;
}

int mpxd_map_resize(struct mpxd *d, struct mpxd_map *m)
{
	size_t i;
	int r;

	for (i = 0; i < m->nr_paths; i++)
		mpxd_path_refresh(d, m->paths[i]);
	r = load(d, m, NULL);
	mpxd_maps_remember(d);
	return r;
}
