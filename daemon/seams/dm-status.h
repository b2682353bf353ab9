/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Parser for the mpx target's "dmsetup status" words (the kernel multipath
 * target's layout; see man/dm-mpx.4):
 *   2 <queue_io> <pg_init_count> <#hw words> [words] <#pgs> <pg_num>
 *   { <A|E|D> <#group words> [words] <#paths> <#path words>
 *     { <dev> <A|F> <fail_count> [path words] }... }...
 * The last two path words of a target from 1.2.0 on are the path's last
 * error class and its error count (include/mpx/table.h); the selector's
 * words come before them.
 */
#ifndef MPX_DM_STATUS_H
#define MPX_DM_STATUS_H

#include <stdbool.h>
#include <stdint.h>

struct mpx_status_path {
	char dev[16];		/* maj:min */
	unsigned int pg;	/* 1-based group number */
	bool active;
	unsigned int fail_count;
	int last_error;		/* enum mpx_err_class; -1: the target shows none */
	uint64_t errors;	/* I/Os that ended in error on it, since the load */
};

struct mpx_status_pg {
	char state;		/* 'A' active, 'E' enabled, 'D' disabled */
	unsigned int nr_paths;
};

struct mpx_status {
	unsigned int queue_io;
	unsigned int pg_init_count;
	unsigned int pg_num;
	unsigned int nr_pgs;
	struct mpx_status_pg *pgs;
	unsigned int nr_paths;	/* in all groups */
	struct mpx_status_path *paths;
};

/* 0, -EINVAL for a malformed line, -ENOMEM. */
int mpx_status_parse(const char *line, struct mpx_status *ret);
void mpx_status_free(struct mpx_status *s);

#endif
