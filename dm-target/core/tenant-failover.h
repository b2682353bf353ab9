/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tenants during a failover. While a map holds I/O (a failed path's I/O
 * waiting to be sent again, a group activation, or no usable path), the
 * target tells which state it is in ("failover" in the stats) and, per
 * tenant, how many of its bios are held and for how long none of them has
 * moved: what mpxd's on_failover suspend acts on.
 *
 * Held I/O goes out in arrival order, and new I/O normally queues behind
 * it. A tenant with a path affinity and nothing of its own held goes ahead
 * instead when it has a path that is not the one being activated: its
 * affinity path, or, while no activation holds the map, its fallback (the
 * map's own choice). Only another tenant's I/O is passed, so each
 * tenant's own order stands.
 */
#ifndef MPX_CORE_TENANT_FAILOVER_H
#define MPX_CORE_TENANT_FAILOVER_H

#include "core-types.h"

enum mpx_failover {
	MPX_FO_NONE,		/* nothing held */
	MPX_FO_RETRY,		/* held I/O goes out again as soon as the worker runs */
	MPX_FO_ACTIVATION,	/* a group activation (pg_init) holds the I/O */
	MPX_FO_NOPATH,		/* no usable path: the no-path queue */
	MPX_FO_NR
};

struct mpx_fo_map {
	unsigned int held;		/* bios held by the map */
	unsigned int valid_paths;
	bool activating;		/* MPX_F_QUEUE_IO */
};

enum mpx_failover mpx_failover_of(const struct mpx_fo_map *m);
/* The state's word ("none" for a number out of range), and back (or -EINVAL). */
const char *mpx_failover_name(unsigned int f);
int mpx_failover_parse(const char *word);

/* A tenant's bio that finds the map holding I/O. */
struct mpx_fo_bio {
	bool affinity;		/* its tenant has a path affinity */
	unsigned int own_held;	/* bios of its tenant held by the map */
	bool activating;	/* a group activation holds the map's I/O */
	bool path;		/* a usable path was found for it */
	bool path_activating;	/* ... in the group being activated */
};

/* Whether the bio goes ahead of the held I/O, on the path found. */
bool mpx_fo_goes_ahead(const struct mpx_fo_bio *b);

/*
 * Milliseconds a tenant's held I/O has waited without any of it moving:
 * since when the first of it was held, or one of it last went out.
 */
u64 mpx_fo_held_ms(unsigned int nr_held, u64 since_ns, u64 now_ns);

#endif
