/* SPDX-License-Identifier: GPL-2.0-only */
/* Maps: which paths form which map, and paths coming and going (maps.c). */
#ifndef MPXD_MAPS_MAPS_H
#define MPXD_MAPS_MAPS_H

/* A map's device-mapper uuid is this and its WWID. */
#define MPXD_UUID_PREFIX "mpx-"

struct mpxd;
struct mpxd_map;
struct mpxd_path;

struct mpxd_map *mpxd_map_find(struct mpxd *d, const char *name_or_wwid);
/* Put p in the map of its WWID (making one if it qualifies), or say why not. */
void mpxd_map_assign(struct mpxd *d, struct mpxd_path *p);
void mpxd_map_unassign(struct mpxd *d, struct mpxd_path *p);
/* Forget m (not the device-mapper map); its paths are left without one. */
void mpxd_map_delete(struct mpxd *d, struct mpxd_map *m);
int mpxd_maps_adopt(struct mpxd *d);		/* register existing mpx maps */
void mpxd_maps_free(struct mpxd *d);
/* A path is gone: out of its map, out of the registry. */
void mpxd_path_remove(struct mpxd *d, struct mpxd_path *p);
/* Register every disk udev knows, and put each in its map. */
int mpxd_discover_all(struct mpxd *d);

#endif
