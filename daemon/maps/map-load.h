/* SPDX-License-Identifier: GPL-2.0-only */
/* Keeping the kernel's tables equal to what the maps ask for (map-load.c). */
#ifndef MPXD_MAPS_MAP_LOAD_H
#define MPXD_MAPS_MAP_LOAD_H

struct mpxd;
struct mpxd_map;

/* Load every dirty map, and remove those that lost their last path. */
int mpxd_maps_sync(struct mpxd *d);
/* Re-read the paths' sizes and load the map again. */
int mpxd_map_resize(struct mpxd *d, struct mpxd_map *m);
/* The map's effective options, from the configuration. */
void mpxd_map_resolve(struct mpxd *d, struct mpxd_map *m);

#endif
