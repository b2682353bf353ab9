/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SCSI-3 persistent reservations through a map's paths: the commands, one
 * path at a time, and the map's key carried over to paths that join or
 * come back, as long as the LUN still has it. Which commands an
 * administrator asks for, and through which paths, is ctl/persist-cmds.c.
 */
#ifndef MPXD_PERSIST_H
#define MPXD_PERSIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mpxd;
struct mpxd_map;
struct mpxd_path;

/* PERSISTENT RESERVE OUT service actions, and IN ones. */
enum {
	PR_REGISTER = 0,
	PR_RESERVE = 1,
	PR_RELEASE = 2,
	PR_CLEAR = 3,
	PR_PREEMPT = 4,
	PR_REGISTER_IGNORE = 6
};
enum {
	PR_READ_KEYS = 0,
	PR_READ_RESERVATION = 1
};

/* One PR OUT through p: 0 when GOOD, -EBADE on a reservation conflict. */
int mpxd_pr_out(struct mpxd_path *p, int sa, int type, uint64_t key, uint64_t sakey);
/* REGISTER AND IGNORE EXISTING KEY of key through p (0: unregister); notes it on p. */
int mpxd_pr_register(struct mpxd_path *p, uint64_t key);
/* The LUN's registered keys (through p): their count, or -errno. */
int mpxd_pr_read_keys(struct mpxd_path *p, uint32_t *gen, uint64_t *keys, int max);
/* The LUN's reservation, if *ret_held. */
int mpxd_pr_read_reservation(struct mpxd_path *p, bool *ret_held, uint64_t *ret_key,
			     unsigned int *ret_type);
/* The paths to use, those not known to be down, in table order: how many. */
size_t mpxd_pr_paths(struct mpxd_map *m, struct mpxd_path **out);

/* A path joined its map or came back: register the map's key if the LUN has it. */
void mpxd_persist_path_back(struct mpxd *d, struct mpxd_path *p);
/*
 * A command through p met a reservation conflict (a check, a test read,
 * or I/O the kernel target reported with error class nexus):
 * the map's policy's reservation hook says whether to register the map's
 * key through p again. Without the hook the path is left alone. At most
 * every 10 s per path.
 */
void mpxd_persist_conflict(struct mpxd *d, struct mpxd_path *p, uint64_t now);

#endif
