/* SPDX-License-Identifier: GPL-2.0-only */
/* Maps: which paths form which map, and paths coming and going (maps.c). */
#ifndef MPXD_MAPS_MAPS_H
#define MPXD_MAPS_MAPS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A map's device-mapper UUID is this and its WWID, as multipath-tools
 * names its maps: lsblk (TYPE mpath), LVM's multipath component detection,
 * kpartx's udev rule and udisks know a multipath disk by it. The target
 * type (mpx, not multipath) tells mpxd's maps from multipathd's.
 */
#define MPXD_UUID_PREFIX "mpath-"
/* What mpxd before 0.2 named them: adopted, and made again when unused. */
#define MPXD_OLD_UUID_PREFIX "mpx-"

struct mpxd;
struct mpxd_map;
struct mpxd_path;

struct mpxd_map *mpxd_map_find(struct mpxd *d, const char *name_or_wwid);
/* The map's device-mapper UUID (the scheme it was made with). */
void mpxd_map_uuid(const struct mpxd_map *m, char *buf, size_t len);
/*
 * Record the WWIDs of the maps loaded since the last call
 * (remember_pending) in wwids_file, all in one write and one fsync; for
 * each WWID new to the file, have udev look at its paths again, so that
 * its rule marks them multipath members (a path that came alone was not).
 */
void mpxd_maps_remember(struct mpxd *d);
/*
 * kpartx's partition maps on m: how many (*ret_n) and how many are open
 * (*ret_busy). With remove, those not open are removed first.
 */
void mpxd_map_partitions(struct mpxd *d, struct mpxd_map *m, size_t *ret_n, size_t *ret_busy,
			 bool remove);
/* Put p in the map of its WWID (making one if it qualifies), or say why not. */
void mpxd_map_assign(struct mpxd *d, struct mpxd_path *p);
void mpxd_map_unassign(struct mpxd *d, struct mpxd_path *p);
/* Forget m (not the device-mapper map); its paths are left without one. */
void mpxd_map_delete(struct mpxd *d, struct mpxd_map *m);
/*
 * Write the user-friendly names chosen since the last call to the bindings
 * file, in one write and one fsync; a map not created yet whose name could
 * not be written takes its WWID instead. Call before creating a map.
 */
int mpxd_maps_commit_names(struct mpxd *d);
int mpxd_maps_adopt(struct mpxd *d);		/* register existing mpx maps */
void mpxd_maps_free(struct mpxd *d);
/* A path is gone: out of its map, out of the registry. */
void mpxd_path_remove(struct mpxd *d, struct mpxd_path *p);
/*
 * Discovery at start, in steps that leave the caller room to act on a
 * signal: list the disks udev knows, then register up to max of them at a
 * time, each put in its map. A step returns true while disks are left.
 */
int mpxd_discover_start(struct mpxd *d);
bool mpxd_discover_step(struct mpxd *d, size_t max);

#endif
