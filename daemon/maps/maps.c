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
#include "maps/bindings.h"
#include "maps/maps.h"
#include "maps/paths.h"
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

/* alias > user-friendly name > WWID */
static int choose_name(struct mpxd *d, const char *wwid, const struct mpx_dev_id *id, char *name,
		       size_t len)
{
	const struct mpx_config *c = &d->config;
	const char *alias = mpx_conf_get(c, OPT_ALIAS, id, NULL).s;
	int r;

	if (alias) {
		snprintf(name, len, "%s", alias);
		return 0;
	}
	if (mpx_conf_get(c, OPT_USER_FRIENDLY_NAMES, id, NULL).i) {
		r = mpx_binding_get(mpx_conf_get(c, OPT_BINDINGS_FILE, NULL, NULL).s,
				    mpx_conf_get(c, OPT_ALIAS_PREFIX, id, NULL).s, wwid, name, len);
		if (!r)
			return 0;
		log_warning_errno(&d->log, r, "wwid %s: no user-friendly name, using the WWID",
				  wwid);
	}
	snprintf(name, len, "%s", wwid);
	return 0;
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
	size_t i;

	if (!p->a.wwid[0]) {
		snprintf(p->why_not, sizeof(p->why_not), "no WWID");
		return false;
	}
	if (mpx_conf_blacklisted(&d->config, &id, p->why_not, sizeof(p->why_not)))
		return false;
	for (i = 0; i < d->config.nr_devices; i++) {
		const struct mpx_optset *o = &d->config.devices[i];

		if (o->have_re && !regexec(&o->vendor_re, p->a.vendor, 0, NULL, 0) &&
		    !regexec(&o->blacklist_re, p->a.product, 0, NULL, 0)) {
			snprintf(p->why_not, sizeof(p->why_not),
				 "product_blacklist of devices[%zu]", i + 1);
			return false;
		}
	}
	return true;
}

static bool wwid_in_multipaths(struct mpxd *d, const char *wwid)
{
	size_t i;

	for (i = 0; i < d->config.nr_multipaths; i++)
		if (!strcmp(d->config.multipaths[i].v[OPT_WWID].s, wwid))
			return true;
	return false;
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

void mpxd_map_assign(struct mpxd *d, struct mpxd_path *p)
{
	struct mpx_dev_id id = { p->a.vendor, p->a.product, p->a.revision, p->a.wwid };
	long long find = mpx_conf_get(&d->config, OPT_FIND_MULTIPATHS, NULL, NULL).i;
	struct mpxd_map *m;
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
		bool known = wwid_in_multipaths(d, p->a.wwid);

		if ((find == MPX_FIND_STRICT && !known) ||
		    ((find == MPX_FIND_YES || find == MPX_FIND_SMART) && !known &&
		     waiting(d, p->a.wwid) < 2)) {
			snprintf(p->why_not, sizeof(p->why_not),
				 find == MPX_FIND_STRICT ?
					 "wwid not in multipaths (find_multipaths strict)" :
					 "single path (find_multipaths yes)");
			return;
		}
		choose_name(d, p->a.wwid, &id, name, sizeof(name));
		m = map_new(d, name, p->a.wwid);
		if (!m) {
			log_err(&d->log, "path %s: out of memory for a map", p->a.devnode);
			return;
		}
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

		if (mpx_dm_info(maps[i].name, NULL, &uuid, NULL) ||
		    strncmp(uuid, MPXD_UUID_PREFIX, strlen(MPXD_UUID_PREFIX))) {
			free(uuid);
			continue;	/* not one of ours (made by hand, say) */
		}
		m = map_new(d, maps[i].name, uuid + strlen(MPXD_UUID_PREFIX));
		free(uuid);
		if (!m)
			break;
		m->live = true;
		m->adopted = true;
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

int mpxd_discover_all(struct mpxd *d)
{
	struct mpxd_path *p;
	char **list = NULL;
	size_t n = 0, i;
	int r;

	r = mpx_udev_list_disks(d->udev, &list, &n);
	if (r)
		return log_err_errno(&d->log, r, "cannot list block devices");
	for (i = 0; i < n; i++) {
		r = mpxd_path_add(d, list[i], &p);
		if (!r)
			mpxd_map_assign(d, p);
		else if (r != -ENODEV && r != -ENOENT)
			log_warning_errno(&d->log, r, "%s: cannot read, ignoring", list[i]);
	}
	mpx_udev_list_free(list, n);
	return 0;
}

void mpxd_maps_free(struct mpxd *d)
{
	while (d->nr_maps)
		mpxd_map_delete(d, d->maps[d->nr_maps - 1]);
	free(d->maps);
	d->maps = NULL;
}
