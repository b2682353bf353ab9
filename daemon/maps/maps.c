// SPDX-License-Identifier: GPL-2.0-only
/*
 * Maps: which paths form which map, and what the map is called. Paths
 * join when they are discovered and leave when they go; a change only
 * marks the map dirty, and map-load.c applies it once per loop turn, so
 * discovering a hundred paths loads each table once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/cleanup.h"
#include "maps/bindings.h"
#include "maps/maps.h"
#include "maps/paths.h"
#include "maps/wwids.h"
#include "mpxd.h"
#include "seams/dm-seam.h"
#include "seams/udev-seam.h"
#include "tenants/tenants.h"

struct mpxd_map *mpxd_map_find(struct mpxd *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->nr_maps; i++)
		if (!strcmp(d->maps[i]->name, key) || !strcmp(d->maps[i]->wwid, key))
			return d->maps[i];
	return NULL;
}

void mpxd_map_uuid(const struct mpxd_map *m, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", m->old_uuid ? MPXD_OLD_UUID_PREFIX : MPXD_UUID_PREFIX, m->wwid);
}

/* The first time a map's WWID is recorded: have udev look at its paths again. */
static void recorded(struct mpxd *d, struct mpxd_map *m, const char *file)
{
	size_t i;
	int r;

	log_info(&d->log, "map \"%s\": WWID %s recorded in %s", m->name, m->wwid, file);
	for (i = 0; i < m->nr_paths; i++) {
		/* udev's rule already took it: a change event would only cost udev work */
		if (m->paths[i]->a.udev_claimed)
			continue;
		r = mpx_udev_trigger_change(m->paths[i]->a.syspath);
		if (r)
			mpx_log_full(&d->log, LOG_DEBUG, r,
				     "path %s: cannot ask udev to look again",
				     m->paths[i]->a.devnode);
	}
}

void mpxd_maps_remember(struct mpxd *d)
{
	const char *file = mpx_conf_get(&d->config, OPT_WWIDS_FILE, NULL, NULL).s;
	_cleanup_free_ struct mpxd_map **maps = NULL;
	_cleanup_free_ const char **wwids = NULL;
	_cleanup_free_ bool *added = NULL;
	size_t i, n = 0;
	int r;

	for (i = 0; i < d->nr_maps; i++)
		n += d->maps[i]->remember_pending;
	if (!n)
		return;
	maps = calloc(n, sizeof(*maps));
	wwids = calloc(n, sizeof(*wwids));
	added = calloc(n, sizeof(*added));
	if (!maps || !wwids || !added) {
		log_warning(&d->log, "cannot record %zu WWIDs in %s: out of memory", n, file);
		return;	/* still pending: tried again after the next load */
	}
	for (i = 0, n = 0; i < d->nr_maps; i++)
		if (d->maps[i]->remember_pending) {
			maps[n] = d->maps[i];
			wwids[n++] = d->maps[i]->wwid;
		}
	r = mpx_wwids_add_many(file, wwids, n, added);
	if (r < 0)
		log_warning_errno(&d->log, r, "map \"%s\"%s: cannot record %s in %s", maps[0]->name,
				  n > 1 ? " and others" : "", n > 1 ? "their WWIDs" : "its WWID",
				  file);
	for (i = 0; i < n; i++) {
		/* a failure is tried again at the map's next load, as before */
		maps[i]->remember_pending = false;
		if (r < 0)
			continue;
		maps[i]->remembered = true;
		if (added[i])
			recorded(d, maps[i], file);
	}
}

void mpxd_map_partitions(struct mpxd *d, struct mpxd_map *m, size_t *ret_n, size_t *ret_busy,
			 bool remove)
{
	char uuid[MPX_WWID_MAX + 8];
	struct mpx_dm_part *parts = NULL;
	size_t n = 0, i;
	int r;

	*ret_n = *ret_busy = 0;
	mpxd_map_uuid(m, uuid, sizeof(uuid));
	r = mpx_dm_partitions(uuid, &parts, &n);
	if (r) {
		log_warning_errno(&d->log, r, "map \"%s\": cannot list its partition maps",
				  m->name);
		return;
	}
	for (i = 0; i < n; i++) {
		if (parts[i].open_count) {
			(*ret_busy)++;
			continue;
		}
		if (!remove)
			continue;
		r = mpx_dm_remove(parts[i].name);
		if (r && r != -ENXIO)
			log_warning_errno(&d->log, r, "map \"%s\": cannot remove partition map %s",
					  m->name, parts[i].name);
		else
			log_notice(&d->log, "map \"%s\": partition map %s removed", m->name,
				   parts[i].name);
	}
	*ret_n = n;
	mpx_dm_partitions_free(parts, n);
}

/* A device-mapper name is at most 127 bytes: a longer one is refused, not cut. */
static int set_name(char *name, size_t len, const char *want)
{
	size_t n = strlen(want);

	if (n >= len)
		return -ENAMETOOLONG;
	memcpy(name, want, n + 1);
	return 0;
}

/*
 * alias > user-friendly name > WWID. A new user-friendly name waits in
 * memory (*ret_pending) until mpxd_maps_commit_names() writes it.
 */
static int choose_name(struct mpxd *d, const char *wwid, const struct mpx_dev_id *id, char *name,
		       size_t len, bool *ret_pending)
{
	const struct mpx_config *c = &d->config;
	const char *alias = mpx_conf_get(c, OPT_ALIAS, id, NULL).s;
	int r = -ENOMEM;

	*ret_pending = false;
	if (alias)
		return set_name(name, len, alias);
	if (mpx_conf_get(c, OPT_USER_FRIENDLY_NAMES, id, NULL).i) {
		if (!d->bindings)
			d->bindings = mpx_bindings_new();
		if (d->bindings)
			r = mpx_bindings_lookup(d->bindings,
						mpx_conf_get(c, OPT_BINDINGS_FILE, NULL, NULL).s,
						mpx_conf_get(c, OPT_ALIAS_PREFIX, id, NULL).s, wwid,
						name, len, ret_pending);
		if (!r)
			return 0;
		log_warning_errno(&d->log, r, "wwid %s: no user-friendly name, using the WWID",
				  wwid);
	}
	return set_name(name, len, wwid);
}

int mpxd_maps_commit_names(struct mpxd *d)
{
	size_t i;
	int r;

	if (!d->bindings)
		return 0;
	r = mpx_bindings_flush(d->bindings);
	for (i = 0; i < d->nr_maps; i++) {
		struct mpxd_map *m = d->maps[i];

		if (!m->name_pending)
			continue;
		m->name_pending = false;
		if (!r || m->live)
			continue;
		log_warning_errno(
			&d->log, r,
			"map \"%s\": cannot write its name to the bindings file, using the WWID",
			m->name);
		set_name(m->name, sizeof(m->name), m->wwid);
	}
	return r;
}

static struct mpxd_map *map_new(struct mpxd *d, const char *name, const char *wwid)
{
	struct mpxd_map *m = calloc(1, sizeof(*m)), **tmp;

	tmp = realloc(d->maps, (d->nr_maps + 1) * sizeof(*tmp));
	if (!m || !tmp) {
		free(m);
		if (tmp)
			d->maps = tmp;
		return NULL;
	}
	d->maps = tmp;
	snprintf(m->name, sizeof(m->name), "%s", name);
	snprintf(m->wwid, sizeof(m->wwid), "%s", wwid);
	m->policy_pending = true;
	d->maps[d->nr_maps++] = m;
	return m;
}

void mpxd_map_delete(struct mpxd *d, struct mpxd_map *m)
{
	size_t i;

	for (i = 0; i < m->nr_paths; i++)
		m->paths[i]->map = NULL;
	for (i = 0; i < d->nr_maps; i++) {
		if (d->maps[i] != m)
			continue;
		memmove(&d->maps[i], &d->maps[i + 1], (d->nr_maps - i - 1) * sizeof(d->maps[0]));
		d->nr_maps--;
		break;
	}
	mpxd_tenants_map_gone(m);
	free(m->paths);
	free(m);
}

static int map_add_path(struct mpxd_map *m, struct mpxd_path *p)
{
	struct mpxd_path **tmp = realloc(m->paths, (m->nr_paths + 1) * sizeof(*tmp));

	if (!tmp)
		return -ENOMEM;
	m->paths = tmp;
	m->paths[m->nr_paths++] = p;
	p->map = m;
	p->why_not[0] = '\0';
	m->dirty = true;
	return 0;
}

/* Is the path eligible at all (has a WWID, not blacklisted)? */
static bool eligible(struct mpxd *d, struct mpxd_path *p)
{
	const char *const *props = (const char *const *)p->a.props;
	struct mpx_path_id id = { p->a.devnode, p->a.wwid,     p->a.vendor,
				  p->a.product, p->a.protocol, props };

	return mpx_conf_path_eligible(&d->config, &id, p->why_not, sizeof(p->why_not));
}

/* Eligible paths of this WWID that have no map yet, p included. */
static size_t waiting(struct mpxd *d, const char *wwid)
{
	size_t i, n = 0;

	for (i = 0; i < d->nr_paths; i++)
		n += !d->paths[i]->map && !strcmp(d->paths[i]->a.wwid, wwid) &&
		     eligible(d, d->paths[i]);
	return n;
}

/* find_multipaths: a LUN with a map before (wwids_file) has one again, even from one path. */
static bool wants_map(struct mpxd *d, struct mpxd_path *p)
{
	const char *file = mpx_conf_get(&d->config, OPT_WWIDS_FILE, NULL, NULL).s;
	size_t n = waiting(d, p->a.wwid);
	int known = n < 2 ? mpx_wwids_has(file, p->a.wwid) : 0;

	if (known < 0)
		log_warning_errno(&d->log, known, "cannot read %s", file);
	return mpx_conf_wants_map(&d->config, p->a.wwid, known > 0, n, p->why_not,
				  sizeof(p->why_not));
}

void mpxd_map_assign(struct mpxd *d, struct mpxd_path *p)
{
	struct mpx_dev_id id = { p->a.vendor, p->a.product, p->a.revision, p->a.wwid };
	struct mpxd_map *m;
	bool pending;
	char name[128];
	size_t i;

	if (p->map && !strcmp(p->map->wwid, p->a.wwid)) {
		p->map->dirty = true;	/* its facts changed */
		return;
	}
	if (p->map)
		mpxd_map_unassign(d, p);	/* the LUN behind it changed */
	p->why_not[0] = '\0';
	if (!eligible(d, p))
		return;
	m = mpxd_map_find(d, p->a.wwid);
	if (!m) {
		if (!wants_map(d, p))
			return;
		if (choose_name(d, p->a.wwid, &id, name, sizeof(name), &pending)) {
			snprintf(p->why_not, sizeof(p->why_not),
				 "its alias or WWID is too long for a map name (%zu bytes at most)",
				 sizeof(name) - 1);
			return;
		}
		m = map_new(d, name, p->a.wwid);
		if (!m) {
			log_err(&d->log, "path %s: out of memory for a map", p->a.devnode);
			return;
		}
		m->name_pending = pending;
		/* the paths that waited for a second one join too */
		for (i = 0; i < d->nr_paths; i++) {
			struct mpxd_path *q = d->paths[i];

			if (q != p && !q->map && !strcmp(q->a.wwid, p->a.wwid) && eligible(d, q))
				map_add_path(m, q);
		}
	}
	if (map_add_path(m, p))
		log_err(&d->log, "path %s: out of memory", p->a.devnode);
}

void mpxd_map_unassign(struct mpxd *d, struct mpxd_path *p)
{
	struct mpxd_map *m = p->map;
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nr_paths; i++) {
		if (m->paths[i] != p)
			continue;
		memmove(&m->paths[i], &m->paths[i + 1],
			(m->nr_paths - i - 1) * sizeof(m->paths[0]));
		m->nr_paths--;
		break;
	}
	p->map = NULL;
	m->dirty = true;
}

int mpxd_maps_adopt(struct mpxd *d)
{
	struct mpx_dm_map *maps = NULL;
	size_t n = 0, i;
	int r;

	r = mpx_dm_list_maps(&maps, &n);
	if (r)
		return log_err_errno(&d->log, r, "cannot list device-mapper maps");
	for (i = 0; i < n; i++) {
		char *uuid = NULL;
		struct mpxd_map *m;

		const char *wwid;
		bool old;

		if (mpx_dm_info(maps[i].name, NULL, &uuid, NULL)) {
			free(uuid);
			continue;
		}
		old = !strncmp(uuid, MPXD_OLD_UUID_PREFIX, strlen(MPXD_OLD_UUID_PREFIX));
		wwid = uuid + strlen(old ? MPXD_OLD_UUID_PREFIX : MPXD_UUID_PREFIX);
		if (!old && strncmp(uuid, MPXD_UUID_PREFIX, strlen(MPXD_UUID_PREFIX))) {
			free(uuid);
			continue;	/* not one of ours (made by hand, say) */
		}
		m = map_new(d, maps[i].name, wwid);
		free(uuid);
		if (!m)
			break;
		m->live = true;
		m->adopted = true;
		m->old_uuid = old;
		if (old)
			log_notice(&d->log,
				   "map \"%s\" has the old UUID " MPXD_OLD_UUID_PREFIX
				   "%s: it is made "
				   "again as " MPXD_UUID_PREFIX
				   "%s as soon as nothing holds it open",
				   m->name, m->wwid, m->wwid);
		m->sectors = maps[i].sectors;
		snprintf(m->table, sizeof(m->table), "%s", maps[i].table);
		log_notice(&d->log, "map \"%s\" adopted (wwid %s)", m->name, m->wwid);
	}
	mpx_dm_maps_free(maps, n);
	return 0;
}

void mpxd_path_remove(struct mpxd *d, struct mpxd_path *p)
{
	mpxd_map_unassign(d, p);
	mpxd_path_drop(d, p);
}

int mpxd_discover_start(struct mpxd *d)
{
	int r;

	mpx_udev_list_free(d->discover_list, d->discover_n);
	d->discover_list = NULL;
	d->discover_n = d->discover_next = 0;
	r = mpx_udev_list_disks(d->udev, &d->discover_list, &d->discover_n);
	if (r)
		return log_err_errno(&d->log, r, "cannot list block devices");
	return 0;
}

bool mpxd_discover_step(struct mpxd *d, size_t max)
{
	struct mpxd_path *p;
	int r;

	for (; max && d->discover_next < d->discover_n; max--) {
		const char *syspath = d->discover_list[d->discover_next++];

		r = mpxd_path_add(d, syspath, &p);
		if (!r)
			mpxd_map_assign(d, p);
		else if (r != -ENODEV && r != -ENOENT)
			log_warning_errno(&d->log, r, "%s: cannot read, ignoring", syspath);
	}
	if (d->discover_next < d->discover_n)
		return true;
	mpx_udev_list_free(d->discover_list, d->discover_n);
	d->discover_list = NULL;
	d->discover_n = d->discover_next = 0;
	return false;
}

void mpxd_maps_free(struct mpxd *d)
{
	while (d->nr_maps)
		mpxd_map_delete(d, d->maps[d->nr_maps - 1]);
	free(d->maps);
	d->maps = NULL;
	d->bindings = mpx_bindings_free(d->bindings);
	mpx_udev_list_free(d->discover_list, d->discover_n);
	d->discover_list = NULL;
	d->discover_n = d->discover_next = 0;
}
