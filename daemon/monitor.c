// SPDX-License-Identifier: GPL-2.0-only
/*
 * The map monitor: after every device-mapper event, compare each mpx map's
 * status with what was seen before and log the differences (maps appearing
 * and going, paths failing and coming back, group changes), so the journal
 * tells what the kernel target did and when.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dm-seam.h"
#include "mpxd.h"

static const struct mpxd_map_seen *find_seen(const struct mpxd *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nr_seen; i++)
		if (!strcmp(d->seen[i].name, name))
			return &d->seen[i];
	return NULL;
}

static const struct mpx_status_path *find_path(const struct mpx_status *s,
					       const struct mpx_status_path *p)
{
	unsigned int i;

	for (i = 0; i < s->nr_paths; i++)
		if (s->paths[i].pg == p->pg && !strcmp(s->paths[i].dev, p->dev))
			return &s->paths[i];
	return NULL;
}

static unsigned int usable(const struct mpx_status *s)
{
	unsigned int i, n = 0;

	for (i = 0; i < s->nr_paths; i++)
		n += s->paths[i].active;
	return n;
}

static void log_changes(struct mpxd *d, const char *map,
			const struct mpx_status *old, const struct mpx_status *now)
{
	unsigned int i;

	if (!old) {
		log_notice(&d->log, "map \"%s\": %u of %u paths usable", map,
			   usable(now), now->nr_paths);
		return;
	}
	for (i = 0; i < now->nr_paths; i++) {
		const struct mpx_status_path *p = &now->paths[i];
		const struct mpx_status_path *o = find_path(old, p);

		if (o && o->active && !p->active)
			log_warning(&d->log, "map \"%s\": path %s failed (%u of %u usable)",
				    map, p->dev, usable(now), now->nr_paths);
		else if (o && !o->active && p->active)
			log_notice(&d->log, "map \"%s\": path %s reinstated (%u of %u usable)",
				   map, p->dev, usable(now), now->nr_paths);
	}
	if (usable(old) && !usable(now))
		log_err(&d->log, "map \"%s\": no usable path", map);
	if (old->pg_num != now->pg_num)
		log_notice(&d->log, "map \"%s\": group %u now serves I/O", map,
			   now->pg_num);
}

static void seen_free(struct mpxd_map_seen *seen, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(seen[i].name);
		mpx_status_free(&seen[i].status);
	}
	free(seen);
}

int mpxd_monitor_scan(struct mpxd *d)
{
	struct mpx_dm_map *maps = NULL;
	struct mpxd_map_seen *now;
	size_t n = 0, i, k = 0;
	int r;

	r = mpx_dm_list_maps(&maps, &n);
	if (r)
		return log_err_errno(&d->log, r, "cannot list device-mapper maps");
	now = calloc(n ? n : 1, sizeof(*now));
	if (!now) {
		mpx_dm_maps_free(maps, n);
		return log_err_errno(&d->log, -ENOMEM, "cannot scan maps");
	}
	for (i = 0; i < n; i++) {
		const struct mpxd_map_seen *old = find_seen(d, maps[i].name);

		r = mpx_status_parse(maps[i].status, &now[k].status);
		if (r) {
			log_warning_errno(&d->log, r, "map \"%s\": unexpected status \"%s\", ignoring",
					  maps[i].name, maps[i].status);
			continue;
		}
		now[k].name = strdup(maps[i].name);
		if (!now[k].name) {
			mpx_status_free(&now[k].status);
			continue;
		}
		log_changes(d, maps[i].name, old ? &old->status : NULL, &now[k].status);
		k++;
	}
	for (i = 0; i < d->nr_seen; i++) {
		size_t j;

		for (j = 0; j < k && strcmp(now[j].name, d->seen[i].name); j++)
			;
		if (j == k)
			log_notice(&d->log, "map \"%s\": removed", d->seen[i].name);
	}
	seen_free(d->seen, d->nr_seen);
	d->seen = now;
	d->nr_seen = k;
	mpx_dm_maps_free(maps, n);
	return 0;
}

void mpxd_monitor_free(struct mpxd *d)
{
	seen_free(d->seen, d->nr_seen);
	d->seen = NULL;
	d->nr_seen = 0;
}
