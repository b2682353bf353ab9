/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An mpx map as the kernel has it, for mpxpersist: found by the name a
 * user gives (/dev/mapper/NAME, /dev/dm-N, any block device node of it,
 * or NAME), its paths from its table, each usable if the target has it
 * active, and the SCSI disk each is. Needs no mpxd. Nothing here logs.
 */
#ifndef MPX_PR_MAP_H
#define MPX_PR_MAP_H

#include <stddef.h>
#include "pr/pr-run.h"

struct mpx_pr_kmap {
	char name[128];
	char uuid[192]; /* "" when the map has none */
	struct mpx_pr_path *paths; /* in table order */
	size_t nr;
	/* of its first path that has them, for the device entries of the config */
	char vendor[16], product[32], revision[16];
};

/*
 * Find the mpx map device names. 0; MPX_PR_FILE for a node that does not
 * exist or is not a block device, MPX_PR_DMMP for one that is no mpx map
 * (and -errno-like failures of device-mapper as MPX_PR_DMMP too), with the
 * reason in why.
 */
int mpx_pr_kmap_find(const char *device, struct mpx_pr_kmap *ret, char *why, size_t len);
void mpx_pr_kmap_free(struct mpx_pr_kmap *m);

#endif
