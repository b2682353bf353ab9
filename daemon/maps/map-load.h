/* SPDX-License-Identifier: GPL-2.0-only */
/* Keeping the kernel's tables equal to what the maps ask for (map-load.c). */
#ifndef MPXD_MAPS_MAP_LOAD_H
#define MPXD_MAPS_MAP_LOAD_H

#include <stdbool.h>
#include <stddef.h>

struct mpxd;
struct mpxd_map;

/* Load every dirty map, and remove those that lost their last path. */
int mpxd_maps_sync(struct mpxd *d);
/*
 * The same for at most max maps, so that a loop turn stays short whatever
 * the backlog: true if more are due.
 */
bool mpxd_maps_sync_some(struct mpxd *d, size_t max);
/* Re-read the paths' sizes and load the map again. */
int mpxd_map_resize(struct mpxd *d, struct mpxd_map *m);
/* The map's effective options, from the configuration. */
void mpxd_map_resolve(struct mpxd *d, struct mpxd_map *m);

#endif
