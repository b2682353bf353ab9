/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpxd's side of SCSI-3 persistent reservations: the map's key (the
 * configured reservation_key, or the one the prkeys file holds for the
 * LUN, which mpxpersist and "mpxctl persist" record here), and carrying
 * it over to paths that join the map (at start, added later) or come
 * back, as long as the LUN still has it: after a fence it does not. The
 * commands themselves, and which paths they go through, are pr/ (run by
 * ctl/persist-cmds.c for "mpxctl persist").
 */
#ifndef MPXD_PERSIST_H
#define MPXD_PERSIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mpxd;
struct mpxd_map;
struct mpxd_path;
struct mpx_pr_mapkey;
struct mpx_pr_path;

/* The map's key now: 0, or -errno when the prkeys file cannot be read. */
int mpxd_persist_map_key(struct mpxd *d, struct mpxd_map *m, struct mpx_pr_mapkey *ret);

/*
 * Record key (0: none) as the map's, in the prkeys file. Refused
 * (-EKEYREJECTED) when reservation_key fixes another; 0 or -errno, with
 * the reason in why.
 */
int mpxd_persist_set_key(struct mpxd *d, struct mpxd_map *m, uint64_t key, bool aptpl, char *why,
			 size_t len);

/* The map's paths as pr/ takes them (usable: active in the target, not down): how many. */
size_t mpxd_pr_paths(struct mpxd_map *m, struct mpx_pr_path *out, size_t max);

/*
 * A register ("mpxctl persist") of key through every usable path of
 * paths[] (as mpxd_pr_paths made them for m) was done (key 0: they were unregistered): mpxd knows they carry
 * the map's key, so a sync does not register them again, and a path that
 * loses its registration later is the reservation hook's.
 */
void mpxd_persist_registered(struct mpxd *d, struct mpxd_map *m, const struct mpx_pr_path *paths,
			     size_t nr, uint64_t key);

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

/*
 * The map's table was loaded, or found already in place (mpxd starting
 * over a map it adopted): every usable path not yet registered by mpxd.
 */
void mpxd_persist_map_joined(struct mpxd *d, struct mpxd_map *m);

#endif
