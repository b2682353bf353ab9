/* SPDX-License-Identifier: GPL-2.0-only */
/* The path registry (paths.c) and what discovery reads about a disk (discover.c). */
#ifndef MPXD_MAPS_PATHS_H
#define MPXD_MAPS_PATHS_H

#include <stddef.h>

struct mpxd;
struct mpxd_path;
struct mpx_path_attrs;

struct mpxd_path *mpxd_path_find(struct mpxd *d, const char *devnode_or_devno);
/* Register the disk at syspath, or take new facts about a known one. -ENODEV: not SCSI. */
int mpxd_path_add(struct mpxd *d, const char *syspath, struct mpxd_path **ret);
int mpxd_path_refresh(struct mpxd *d, struct mpxd_path *p);	/* re-read sysfs/VPD */
/*
 * Its checker, prio and prio_args from the config and what the LUN's
 * paths detect (ALUA), and its priority found again (but path_latency's,
 * which a worker measures).
 */
int mpxd_path_settings(struct mpxd *d, struct mpxd_path *p);
void mpxd_path_prio(struct mpxd *d, struct mpxd_path *p);
/* What a LUN's paths say of it, for the detect_* keywords. */
struct mpx_lun_facts;
void mpxd_lun_facts(struct mpxd_path *const *paths, size_t n, struct mpx_lun_facts *ret);
/* Take p out of the registry and free it; it must not be in a map. */
void mpxd_path_drop(struct mpxd *d, struct mpxd_path *p);
void mpxd_paths_free(struct mpxd *d);

/* discover.c: sysfs/udev/VPD facts about a disk */
int mpxd_read_attrs(struct mpxd *d, const char *syspath, struct mpx_path_attrs *ret);
/*
 * The same without a daemon (the udev helper): sysfs, udev and INQUIRY
 * facts of a SCSI disk; SCSI commands, if sysfs lacks a page, time out
 * after timeout ms. -ENODEV: not a SCSI disk.
 */
struct udev;
int mpx_path_read(struct udev *u, const char *syspath, unsigned int timeout,
		  struct mpx_path_attrs *ret);
/*
 * Only the disk's WWID, from the VPD page 0x83 the kernel keeps in sysfs:
 * a few system calls where mpx_path_read makes dozens, for scanning every
 * disk. -ENODATA: a SCSI disk whose WWID only mpx_path_read can tell (no
 * page in sysfs, or a WWID from page 0x80); -ENODEV: not a SCSI disk.
 */
int mpx_path_read_wwid(const char *syspath, char *wwid, size_t len);

#endif
