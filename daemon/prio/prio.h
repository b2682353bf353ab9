/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Prioritizers: how high a path ranks, by the config's prio (enum
 * mpx_prio_kind) and prio_args (conf/prio-args.h says what they mean).
 * One per file: alua.c, sysfs.c, weightedpath.c, path-latency.c, and
 * const and random here. Those that ask the device (alua, path_latency)
 * may block up to their timeout: mpxd runs them on a worker thread, with
 * the path's check; the others are cheap and run where they are asked.
 * Nothing here logs: a failure comes back as -errno and a reason.
 */
#ifndef MPXD_PRIO_PRIO_H
#define MPXD_PRIO_PRIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mpx_path_attrs;

/* What a prioritizer looks at: a copy of the path's facts, for a worker. */
struct mpx_prio_path {
	char devnode[32]; /* "sdb" */
	char syspath[256];
	char hctl[32];
	char serial[128];
	char fc_wwn[80];
	bool have_tpg;
	uint16_t tpg;
};

void mpx_prio_path_from(const struct mpx_path_attrs *a, struct mpx_prio_path *ret);

/* true for the kinds that send commands or I/O to the path. */
bool mpx_prio_does_io(int kind);

/* A path's priority: 0 and *ret_prio, or -errno and why (*ret_prio untouched). */
int mpx_prio_get(int kind, const char *args, const struct mpx_prio_path *p, unsigned int timeout_ms,
		 int *ret_prio, char *why, size_t why_len);

/* One per file. */
int mpx_prio_alua(const char *args, const struct mpx_prio_path *p, unsigned int timeout_ms,
		  int *ret_prio, char *why, size_t why_len);
int mpx_prio_sysfs(const char *args, const struct mpx_prio_path *p, int *ret_prio, char *why,
		   size_t why_len);
int mpx_prio_weightedpath(const char *args, const struct mpx_prio_path *p, int *ret_prio, char *why,
			  size_t why_len);
int mpx_prio_path_latency(const char *args, const struct mpx_prio_path *p, unsigned int timeout_ms,
			  int *ret_prio, char *why, size_t why_len);

#endif
