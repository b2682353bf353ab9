/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * From a LUN's paths and its effective options to priority groups and the
 * mpx table line. Pure: no I/O, no logging; unit-tested and checked
 * against the target's own parser.
 */
#ifndef MPX_MAP_BUILD_H
#define MPX_MAP_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include "conf/map-opts.h"
#include "seams/path-attrs.h"

struct mpx_build_path {
	const struct mpx_path_attrs *a;
	int prio;
	bool usable;		/* up (or not yet checked), for group priority */
};

struct mpx_pg_plan {
	size_t first, nr;	/* a slice of mpx_map_plan.order */
	int prio;		/* average of the usable paths' prios */
};

#define MPX_PLAN_MAX_PATHS 1024

struct mpx_map_plan {
	size_t order[MPX_PLAN_MAX_PATHS];	/* path indices, group by group */
	struct mpx_pg_plan pgs[MPX_PLAN_MAX_PATHS];
	size_t nr_pgs, nr_paths;
	unsigned int initial_pg;	/* 1-based: the best group with a usable path */
};

/*
 * Group and order the paths: groups by priority, highest first; the
 * initial group is the first with a usable path. -E2BIG beyond
 * MPX_PLAN_MAX_PATHS.
 */
int mpx_plan_groups(const struct mpx_build_path *paths, size_t n, int pgp,
		    struct mpx_map_plan *ret);

/*
 * The same, with the groups a policy module chose: group[i] is path i's
 * group (0 first) or -1 to leave it out. -EINVAL when no path is left or a
 * group number is out of range.
 */
int mpx_plan_assigned(const struct mpx_build_path *paths, size_t n, const int *group,
		      struct mpx_map_plan *ret);

/* The features words: queue_if_no_path per no_path_retry, retain flag. */
int mpx_build_features(const struct mpx_map_opts *o, char *buf, size_t len);

/* The target's table parameters ("<features> <hw> <#pgs> 1 ..."). */
int mpx_build_table(const struct mpx_build_path *paths, const struct mpx_map_plan *plan,
		    const struct mpx_map_opts *o, char *buf, size_t len);

/* The group a path lands in (1-based), or 0. */
unsigned int mpx_plan_group_of(const struct mpx_map_plan *plan, size_t path);

#endif
