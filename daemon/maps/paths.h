/* SPDX-License-Identifier: GPL-2.0-only */
/* The path registry (paths.c) and what discovery reads about a disk (discover.c). */
#ifndef MPXD_MAPS_PATHS_H
#define MPXD_MAPS_PATHS_H

struct mpxd;
struct mpxd_path;
struct mpx_path_attrs;

struct mpxd_path *mpxd_path_find(struct mpxd *d, const char *devnode_or_devno);
/* Register the disk at syspath, or take new facts about a known one. -ENODEV: not SCSI. */
int mpxd_path_add(struct mpxd *d, const char *syspath, struct mpxd_path **ret);
int mpxd_path_refresh(struct mpxd *d, struct mpxd_path *p);	/* re-read sysfs/VPD */
/* Take p out of the registry and free it; it must not be in a map. */
void mpxd_path_drop(struct mpxd *d, struct mpxd_path *p);
void mpxd_paths_free(struct mpxd *d);

/* discover.c: sysfs/udev/VPD facts about a disk */
int mpxd_read_attrs(struct mpxd *d, const char *syspath, struct mpx_path_attrs *ret);

#endif
