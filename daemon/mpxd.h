/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct mpxd: the daemon's one context, passed explicitly; there is no
 * other mutable global state. One event loop (loop.c) owns it; blocking
 * work (path checks) runs on worker threads (workers.c) that see only the
 * job they were handed and post results back to the loop.
 */
#ifndef MPXD_H
#define MPXD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "checkers/checker.h"
#include "conf/config.h"
#include "seams/dm-status.h"
#include "base/log.h"
#include "maps/map-build.h"
#include "seams/path-attrs.h"
#include "tenants/tenants.h"

struct mpxd_map;
struct mpxd_policy;
struct mpxd_workers;
struct udev;
struct udev_monitor;

struct mpxd_path {
	struct mpx_path_attrs a;
	struct mpxd_map *map;		/* NULL: not multipathed */
	char why_not[160];		/* why it has no map, for "show paths" */
	enum mpx_path_state state;	/* the checker's verdict */
	bool kernel_active;		/* the target's view: A (true) or F */
	int prio;
	unsigned int pg;		/* its group in the map's table, 1-based */
	int checker;			/* enum mpx_checker_kind */
	/* checking */
	uint64_t next_check;		/* monotonic ms */
	uint64_t check_started;		/* 0: no check running */
	unsigned int interval;		/* ms, grows while healthy */
	uint64_t generation;		/* tells late results of a re-added path apart */
	char check_msg[96];		/* last checker message */
	bool pr_registered;		/* mpxd registered the map's key through it */
	uint64_t state_since;		/* when state last changed */
};

struct mpxd_map {
	char name[128];
	char wwid[MPX_WWID_MAX];
	struct mpxd_path **paths;
	size_t nr_paths;
	bool live;			/* exists in device-mapper */
	bool dirty;			/* its table must be (re)built */
	bool adopted;			/* found at start, not created by us */
	char table[8192];		/* parameters last loaded */
	uint64_t sectors;
	/* effective options (strings point into the config) */
	struct mpx_map_opts opts;
	int failback;
	int flush_on_last_del;
	uint64_t remove_retry_at;	/* pathless, open: try removing it again then */
	bool queue_disabled_by_npr;	/* no_path_retry ran out: queueing is off */
	uint64_t no_path_since;		/* 0: some path is usable */
	uint64_t failback_at;		/* 0: no deferred failback */
	unsigned int kernel_pg;		/* group serving I/O, from the status */
	struct mpxd_policy *policy;	/* NULL: built-in grouping */
	uint64_t activated_at;		/* last activate_group call */
	bool policy_pending;		/* choose the policy again before the next load */
	struct mpxd_map_tenants *tenants;	/* tenants.c; NULL until it looks */
};

struct mpxd {
	struct mpx_log log;
	struct mpx_config config;
	const char *conf_file, *conf_dir;
	const char *self_exe;		/* this program, run as the policy host */
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
	struct mpxd_ctl_client *clients;	/* ctl-server.c */
	struct mpxd_policy **policies;	/* loaded plugins (policy/) */
	size_t nr_policies;
	long policy_dir_mtime;
	char loaded[16][64];		/* selector modules mpxd loaded */
	size_t nr_loaded;
	bool dm_event;			/* a device-mapper event is pending */
	bool stopping;
	bool reconfigure;		/* SIGHUP or "reconfigure" asked for it */
	bool notify;			/* running under systemd with NOTIFY_SOCKET */
	const char *cgroup_root;	/* the cgroup v2 mount, "/sys/fs/cgroup" */
	struct mpxd_tenants tenants;	/* tenants.c */
};

uint64_t mpxd_now(void);		/* monotonic milliseconds */

/* main.c */
int mpxd_load_config(const struct mpx_log *log, const char *file, const char *dir,
		     struct mpx_config *ret);

/* paths.c: the path registry */
struct mpxd_path *mpxd_path_find(struct mpxd *d, const char *devnode_or_devno);
int mpxd_path_add(struct mpxd *d, const char *syspath, struct mpxd_path **ret);
void mpxd_path_remove(struct mpxd *d, struct mpxd_path *p);
int mpxd_path_refresh(struct mpxd *d, struct mpxd_path *p);	/* re-read sysfs/VPD */
int mpxd_discover_all(struct mpxd *d);

/* discover.c: sysfs/udev/VPD facts about a disk */
int mpxd_read_attrs(struct mpxd *d, const char *syspath, struct mpx_path_attrs *ret);

/* maps.c: maps and their tables */
struct mpxd_map *mpxd_map_find(struct mpxd *d, const char *name_or_wwid);
void mpxd_map_assign(struct mpxd *d, struct mpxd_path *p);
void mpxd_map_unassign(struct mpxd *d, struct mpxd_path *p);
int mpxd_maps_sync(struct mpxd *d);		/* apply dirty maps */
int mpxd_maps_adopt(struct mpxd *d);		/* register existing mpx maps */
int mpxd_map_resize(struct mpxd *d, struct mpxd_map *m);
int mpxd_map_switch(struct mpxd *d, struct mpxd_map *m, unsigned int pg);
void mpxd_map_resolve(struct mpxd *d, struct mpxd_map *m);
int mpxd_map_message(struct mpxd *d, struct mpxd_map *m, const char *msg);
void mpxd_maps_free(struct mpxd *d);

/* selectors.c: kernel path selectors */
int mpxd_kernel_selectors(struct mpxd *d, char **ret_list);
int mpxd_ensure_selector(struct mpxd *d, const char *selector);

/* reconcile.c: the kernel target's view (after dm events) */
int mpxd_reconcile(struct mpxd *d);

/* checks.c: path checking and what follows from its results */
void mpxd_checks_run(struct mpxd *d, uint64_t now);
void mpxd_checks_collect(struct mpxd *d);
uint64_t mpxd_checks_next_deadline(struct mpxd *d);
void mpxd_check_soon(struct mpxd *d, struct mpxd_path *p);
void mpxd_path_set_kernel(struct mpxd *d, struct mpxd_path *p, bool active);
int mpxd_path_fail(struct mpxd *d, struct mpxd_path *p, const char *why);
int mpxd_path_reinstate(struct mpxd *d, struct mpxd_path *p, const char *why);
void mpxd_maps_timers(struct mpxd *d, uint64_t now);

/* ctl-server.c / ctl-cmds.c: the control socket */
#define MPXD_SRC_CLIENT 1000		/* epoll tag of client slot 0 */
#define MPXD_SRC_HOOK 900		/* epoll tag of running migrate hooks */
struct mpxd_ctl_client;
int mpxd_ctl_open(struct mpxd *d);
void mpxd_ctl_accept(struct mpxd *d);
void mpxd_ctl_client_event(struct mpxd *d, uint64_t slot, uint32_t events);
void mpxd_ctl_expire(struct mpxd *d, uint64_t now);
void mpxd_ctl_close(struct mpxd *d);
void mpxd_json_str(FILE *f, const char *s);	/* a JSON string, quoted */
/* Run one request; the reply (malloc'd) starts with "ok\n" or "error ...\n". */
char *mpxd_ctl_dispatch(struct mpxd *d, const char *request);

/* loop.c */
int mpxd_run(struct mpxd *d);
int mpxd_reconfigure(struct mpxd *d);
void mpxd_notify(struct mpxd *d, const char *state);

#endif
