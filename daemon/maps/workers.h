/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Worker threads for blocking work (path checks). The loop submits jobs
 * and takes results; an eventfd tells it results are waiting. A job that
 * hangs holds only its thread: the pool grows (to a limit) so the other
 * paths keep being checked.
 */
#ifndef MPXD_WORKERS_H
#define MPXD_WORKERS_H

#include <stdint.h>
#include "checkers/checker.h"
#include "policy/policy.h"
#include "prio/prio.h"

struct mpxd_job {
	uint64_t generation;	/* the path's, to drop results of a path that changed */
	char devnode[32];
	int checker;
	unsigned int timeout_ms;
	/* a policy's check_path instead of the checker (a reference is held) */
	struct mpxd_plugins *plugins;
	struct mpxd_policy *policy;
	struct mpxw_path wpath;
	/* a prio that follows the device (alua, sysfs, path_latency), or -1 */
	int prio_kind;
	char prio_args[1024];
	struct mpx_prio_path prio_path;
	/* a diagnosis after a kernel-reported error instead of a check */
	bool diagnose;
	int tpg;		/* the path's port group, -1: none */
	/* filled by the worker */
	enum mpx_path_state result;
	struct mpx_check_report rep;
	bool prio_found;	/* prio is the path's priority now (the path answered) */
	int prio;
	char prio_why[96];
	struct mpx_diagnosis diag;	/* a diagnosis' evidence (rep is its TUR's) */
};

struct mpxd_workers;

int mpxd_workers_start(unsigned int max_threads, struct mpxd_workers **ret, int *ret_fd);
int mpxd_workers_submit(struct mpxd_workers *w, const struct mpxd_job *job);
/* A finished job, or -EAGAIN. */
int mpxd_workers_take(struct mpxd_workers *w, struct mpxd_job *ret);
/* Stop taking jobs; threads stuck in a check are left to the process exit. */
void mpxd_workers_stop(struct mpxd_workers *w);

#endif
