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
 * Create a map with one mpx target of the given size and table parameters,
 * identified by uuid ("mpx-<WWID>"), and resume it. With udev running,
 * waits until udev has made its /dev/mapper node.
 */
int mpx_dm_create(const char *name, const char *uuid, uint64_t sectors,
		  const char *params);

/*
 * Replace a live map's table without losing I/O: load, suspend with
 * noflush (held I/O passes to the new table), resume.
 */
int mpx_dm_reload(const char *name, uint64_t sectors, const char *params);

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
