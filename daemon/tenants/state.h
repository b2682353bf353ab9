/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The tenant state struct mpxd holds (mpxd.h): the cgroups mpxd follows
 * and the migrate hooks it runs. Types only; tenants/tenants.h has the rest.
 */
#ifndef MPXD_TENANTS_STATE_H
#define MPXD_TENANTS_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct mpxd_cgroup;

#define MPXD_MAX_HOOKS 16

struct mpxd_hook_run {
	pid_t pid;
	int pidfd;
	char what[256];			/* for the exit's log line */
};

struct mpxd_tenants {
	char self[1024];		/* mpxd's cgroup: never frozen */
	bool not_v2_logged;
	struct mpxd_cgroup *cg;
	size_t nr_cg;
	int inotify_fd;
	int *wds;
	size_t nr_wds;
	bool rescan;
	uint64_t next_rescan;
	uint64_t next_look;		/* a held tenant's map is looked at again (0: none) */
	struct mpxd_hook_run hooks[MPXD_MAX_HOOKS];
	size_t nr_hooks;
};

#endif
