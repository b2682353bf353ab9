/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct mpxd: the daemon's one context, passed explicitly; there is no
 * other mutable global state. One event loop (loop.c) owns it; blocking
 * work (path checks) runs on worker threads (maps/workers.c) that see only
 * the job they were handed and post results back to the loop.
 *
 * Types only: the objects the state machines share (a path, a map, the
 * context that holds them). Each part declares its functions in its own
 * header; docs/ARCHITECTURE.md says which part may call which.
 */
#ifndef MPXD_H
#define MPXD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "base/log.h"
#include "checkers/checker.h"
#include "conf/config.h"
#include "conf/map-opts.h"
#include "maps/marginal.h"
#include "policy/policy.h"
#include "seams/path-attrs.h"
#include "tenants/state.h"

struct mpx_bindings;
struct mpxd_map;
struct udev;
struct udev_monitor;

struct mpxd_path {
	struct mpx_path_attrs a;
	struct mpxd_map *map;		/* NULL: not multipathed */
	char why_not[160];		/* why it has no map, for "show paths" */
	enum mpx_path_state state;	/* the checker's verdict */
	bool kernel_active;		/* the target's view: A (true) or F */
	int prio;
	int prio_kind; /* enum mpx_prio_kind prio was found by */
	const char *prio_args; /* its prio_args (in the config), or NULL */
	unsigned int pg;		/* its group in the map's table, 1-based */
	int checker;			/* enum mpx_checker_kind */
	/* checking */
	uint64_t next_check;		/* monotonic ms */
	uint64_t check_started;		/* 0: no check running */
	unsigned int interval;		/* ms, grows while healthy */
	uint64_t generation;		/* tells late results of a re-added path apart */
	char check_msg[96];		/* last checker message */
	bool pr_registered;		/* mpxd registered the map's key through it */
	uint64_t resv_conflict_at;	/* its last reservation conflict the policy was asked about */
	uint64_t state_since;		/* when state last changed */
	struct mpx_marginal marginal;	/* held out for failing I/O its checks pass */
	/* an I/O error the kernel target reported (maps/kernel-errors.c) */
	int kernel_error;		/* enum mpx_err_class of its last error; -1: not shown */
	uint64_t kernel_errors;		/* the target's error count, as last read */
	bool diagnose;			/* its next check gathers evidence on that error */
	bool kernel_failed_it;		/* that error failed the path in the target */
	uint64_t react_since;		/* when mpxd saw it (monotonic ms); 0: nothing pending */
	unsigned int react_waiting;	/* its diagnosis and sibling checks still to come */
	unsigned int react_siblings;	/* sibling checks asked for */
	uint64_t sibling_of;		/* generation of the failed path that asked for our check */
};

struct mpxd_map {
	char name[128];
	char wwid[MPX_WWID_MAX];
	struct mpxd_path **paths;
	size_t nr_paths;
	bool live;			/* exists in device-mapper */
	bool dirty;			/* its table must be (re)built */
	bool adopted;			/* found at start, not created by us */
	bool name_pending;		/* its user-friendly name is not in the bindings file yet */
	bool old_uuid; /* made by an mpxd whose UUIDs were "mpx-<WWID>" */
	bool remembered; /* its WWID is in wwids_file */
	bool remember_pending; /* loaded: record its WWID (mpxd_maps_remember) */
	char table[8192];		/* parameters last loaded */
	uint64_t sectors;
	/* effective options, by option id (strings point into the config) */
	struct mpx_map_opts opts;
	uint64_t remove_retry_at;	/* pathless, open: try removing it again then */
	bool queue_disabled_by_npr;	/* no_path_retry ran out: queueing is off */
	uint64_t no_path_since;		/* 0: some path is usable */
	uint64_t failback_at;		/* 0: no deferred failback */
	unsigned int kernel_pg;		/* group serving I/O, from the status */
	struct mpxd_policy *policy;	/* NULL: built-in grouping */
	uint64_t activated_at;		/* last activate_group call */
	bool policy_pending;		/* choose the policy again before the next load */
	struct mpxd_map_tenants *tenants;	/* tenants/; NULL until it looks */
};

struct mpxd {
	struct mpx_log log;
	struct mpx_config config;
	const char *conf_file, *conf_dir;
	/* event sources */
	int epoll_fd, signal_fd, dm_fd, udev_fd, ctl_fd, worker_fd;
	struct udev *udev;
	struct udev_monitor *udev_mon;
	struct mpxd_workers *workers;
	const char *ctl_path;
	/* what we know */
	struct mpxd_path **paths;
	size_t nr_paths;
	struct mpxd_map **maps;
	size_t nr_maps;
	uint64_t next_generation;
	size_t check_cursor;		/* where the last pass starting checks stopped */
	struct mpx_bindings *bindings;	/* the bindings file as read (maps/bindings.c) */
	char **discover_list;		/* disks listed at start, not all registered yet */
	size_t discover_n, discover_next;
	struct mpxd_ctl_client *clients;	/* ctl/server.c */
	struct mpxd_plugins plugins;	/* loaded policy modules (policy/) */
	char loaded[16][64];		/* selector modules mpxd loaded */
	size_t nr_loaded;
	bool dm_event;			/* a device-mapper event is pending */
	bool stopping;
	bool reconfigure;		/* SIGHUP or "reconfigure" asked for it */
	bool notify;			/* running under systemd with NOTIFY_SOCKET */
	const char *cgroup_root;	/* the cgroup v2 mount, "/sys/fs/cgroup" */
	struct mpxd_tenants tenants;	/* tenants/ */
};

#endif
