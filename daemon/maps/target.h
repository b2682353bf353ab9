/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What mpxd tells the kernel target about a live map: fail or reinstate a
 * path, switch the group serving I/O, or any other message. One file
 * below everything that decides to (checks, map loading, the control
 * socket), so that none of them calls another one to act.
 */
#ifndef MPXD_MAPS_TARGET_H
#define MPXD_MAPS_TARGET_H

struct mpxd;
struct mpxd_map;
struct mpxd_path;

/* Send a message to the map's target; a failure is logged. 0 or -errno. */
int mpxd_map_message(struct mpxd *d, struct mpxd_map *m, const char *msg);
/* switch_group pg (1-based). */
int mpxd_map_switch(struct mpxd *d, struct mpxd_map *m, unsigned int pg);
/*
 * fail_path / reinstate_path, if the target does not already see the path
 * so; kernel_active follows. A reinstated path carries the map's
 * reservation key again (maps/persist.c). why goes to the log.
 */
int mpxd_path_fail(struct mpxd *d, struct mpxd_path *p, const char *why);
int mpxd_path_reinstate(struct mpxd *d, struct mpxd_path *p, const char *why);

#endif
