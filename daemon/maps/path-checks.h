/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Path checking: when each multipathed path is checked, what a verdict
 * changes in the target, and the per-map timers (no_path_retry, deferred
 * failback, activating a standby group).
 */
#ifndef MPXD_MAPS_PATH_CHECKS_H
#define MPXD_MAPS_PATH_CHECKS_H

#include <stdint.h>

struct mpxd;
struct mpxd_path;

/* Checks that run at once, each on its own worker thread. */
#define MPXD_MAX_CHECKS 64

/* Start the checks that are due (on worker threads). */
void mpxd_checks_run(struct mpxd *d, uint64_t now);
/* Take the finished checks' verdicts and act on them. */
void mpxd_checks_collect(struct mpxd *d);
/* When the loop must wake next for checks and map timers (monotonic ms). */
uint64_t mpxd_checks_next_deadline(struct mpxd *d);
/* Check p at the next loop turn, at the shortest interval. */
void mpxd_check_soon(struct mpxd *d, struct mpxd_path *p);
void mpxd_maps_timers(struct mpxd *d, uint64_t now);

#endif
