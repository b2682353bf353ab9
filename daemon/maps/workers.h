/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Worker threads for blocking work (path checks). The loop submits jobs
 * and takes results; an eventfd tells it results are waiting. A job that
 * hangs holds only its thread: the pool grows (to a limit) so the other
 * paths keep being checked.
 */
#ifndef MPXD_WORKERS_H
#define MPXD_WORKERS_H

#include <stdbool.h>
#include <stdint.h>
#include "checkers/checker.h"
#include "policy/policy.h"

struct mpxd_job {
	uint64_t generation;	/* the path's, to drop results of a path that changed */
	char devnode[32];
	int checker;
	unsigned int timeout_ms;
	bool test_io;		/* a marginal path's test read (directio), not its check */
	/* a policy's check_path instead of the checker (a reference is held) */
	struct mpxd_plugins *plugins;
	struct mpxd_policy *policy;
	struct mpxw_path wpath;
	/* filled by the worker */
	enum mpx_path_state result;
	struct mpx_check_report rep;
};

struct mpxd_workers;

int mpxd_workers_start(unsigned int max_threads, struct mpxd_workers **ret, int *ret_fd);
int mpxd_workers_submit(struct mpxd_workers *w, const struct mpxd_job *job);
/* A finished job, or -EAGAIN. */
int mpxd_workers_take(struct mpxd_workers *w, struct mpxd_job *ret);
/* Stop taking jobs; threads stuck in a check are left to the process exit. */
void mpxd_workers_stop(struct mpxd_workers *w);

#endif
