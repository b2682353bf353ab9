/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The only code that calls libdevmapper or the dm control ioctls. Every
 * function returns 0 or a negative errno; libdevmapper's 1/0 results stay
 * inside this file. Nothing here logs: callers do, once.
 */
#ifndef MPX_DM_SEAM_H
#define MPX_DM_SEAM_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

struct mpx_dm_map {
	char *name;
	uint32_t major, minor;
	uint64_t sectors;
	uint32_t event_nr;
	char *table;		/* the target's "dmsetup table" words */
	char *status;		/* the target's "dmsetup status" words */
};

/* Every live map whose (single) target is "mpx", sorted by name. */
int mpx_dm_list_maps(struct mpx_dm_map **ret_maps, size_t *ret_n);
void mpx_dm_maps_free(struct mpx_dm_map *maps, size_t n);

/* The live table of one mpx map (caller frees): -ENOMEDIUM if it is not mpx. */
int mpx_dm_table(const char *name, char **ret_params);

/* Send a target message; *ret_response (may be NULL) gets its output. */
int mpx_dm_message(const char *name, const char *message, char **ret_response);

/*
 * What udev's rules are told with a create or a reload (the flags of its
 * cookie, as multipath-tools sets them): a reload that only changed paths
 * (no new scan of the device, partitions or LVM), and a table with no
 * usable path (nothing may open the device to look at it).
 */
#define MPX_DM_UDEV_RELOAD (1u << 0)	/* DM_SUBSYSTEM_UDEV_FLAG0 */
#define MPX_DM_UDEV_NO_PATH (1u << 2)	/* DM_SUBSYSTEM_UDEV_FLAG2 */

/*
 * Create a map with one mpx target of the given size and table parameters,
 * identified by uuid ("mpath-<WWID>"), and resume it. With udev running,
 * waits until udev has made its /dev/mapper node.
 */
int mpx_dm_create(const char *name, const char *uuid, uint64_t sectors, const char *params,
		  unsigned int udev_flags);
/*
 * The same, but udev's work on the new map is waited for later, together
 * with every other change made under the same *cookie (0 at first), by
 * mpx_dm_udev_wait(): creating many maps waits once while udev works on
 * them side by side, not once per map in turn.
 */
int mpx_dm_create_batched(const char *name, const char *uuid, uint64_t sectors, const char *params,
			  unsigned int udev_flags, uint32_t *cookie);
/*
 * Wait until udev has done what the changes made under *cookie asked (or,
 * with no udev, make their /dev/mapper nodes); *cookie = 0.
 */
int mpx_dm_udev_wait(uint32_t *cookie);

/*
 * Replace a live map's table without losing I/O: load, suspend with
 * noflush (held I/O passes to the new table), resume.
 */
int mpx_dm_reload(const char *name, uint64_t sectors, const char *params, unsigned int udev_flags);

/*
 * The partition maps kpartx made on the map whose uuid is given (their
 * uuid is "part<N>-<uuid>"): names (caller frees each and the array) and
 * whether each is open.
 */
struct mpx_dm_part {
	char *name;
	int open_count;
};
int mpx_dm_partitions(const char *uuid, struct mpx_dm_part **ret, size_t *ret_n);
void mpx_dm_partitions_free(struct mpx_dm_part *parts, size_t n);

/*
 * The status of the map with this device number, if its
 * (single) target is mpx: -ENOMEDIUM if not, -ENXIO if there is none.
 */
int mpx_dm_status_by_devno(uint32_t major, uint32_t minor, char **ret_status);

/*
 * What the target makes of params, in its own words ("dmsetup table"),
 * without touching the live table: loaded into the map's inactive slot,
 * read back, and cleared. The caller frees *ret_params.
 */
int mpx_dm_table_as_loaded(const char *name, uint64_t sectors, const char *params,
			   char **ret_params);

/* Remove a map; -EBUSY while it is open. */
int mpx_dm_remove(const char *name);

/* The map's open count, uuid (caller frees) and whether it is suspended. */
int mpx_dm_info(const char *name, int *ret_open_count, char **ret_uuid,
		bool *ret_suspended);

/*
 * Device-mapper events: an fd that polls readable when any map's event
 * counter moved since the last mpx_dm_events_arm() on it.
 */
int mpx_dm_events_open(void);
int mpx_dm_events_arm(int fd);

#endif
