/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tenants: cgroups whose I/O the target routes by rules of their own
 * (weight, priority, limits, path affinity; dm-mpx(4) "tenant" messages).
 * mpx.conf's tenant entries name them by cgroup v2 path patterns. mpxd
 * resolves the patterns to cgroup ids, follows cgroups as they come and
 * go, programs every map after each table load, and while a map a tenant
 * uses has no usable path it can freeze the tenant's cgroup and run a
 * migrate hook.
 *
 *   stats.c    the target's per-tenant counters (pure parsing)
 *   msg.c      the "tenant set" message for one cgroup on one map
 *   cgroup.c   the cgroup tree: globs, ids, +io, freeze, watches
 *   lookup.c   finding an entry, a cgroup, a map's use of a cgroup
 *   hook.c     running and reaping migrate_hook
 *   freeze.c   the suspend state machine and when hooks run
 *   follow.c   which cgroups are tenants, as they come and go
 *   tenants.c  programming maps, and no-path episodes
 * in that order: a file calls only those above it. "mpxctl show tenants"
 * is ctl/show-tenants.c.
 */
#ifndef MPXD_TENANTS_H
#define MPXD_TENANTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include "conf/config.h"
#include "tenants/state.h"

struct mpxd;
struct mpxd_map;

/* ---- stats.c ---- */

struct mpx_tenant_served {
	char dev[16];			/* maj:min */
	uint64_t ios;
};

/* One "tenant ..." line of the stats message. */
struct mpx_tenant_stats {
	uint64_t id;			/* cgroup id; 0: the default tenant */
	unsigned int weight, prio;
	uint64_t iops, bps;
	char affinity[256];		/* "none", "group:N", "paths:8:16,8:32" */
	bool nopath_fail;
	uint64_t ios, bytes, deferred, deferred_us, in_flight, waiting;
	uint64_t held;			/* bios the map holds for a failover */
	uint64_t held_ms;		/* ... that have not moved for so long */
	struct mpx_tenant_served *served;
	size_t nr_served;
};

/* The tenant part of a map's stats output. */
struct mpx_tenants_report {
	unsigned int count, budget;
	uint64_t in_flight, waiting;
	int failover;			/* enum mpx_failover (core/tenant-failover.h) */
	struct mpx_tenant_stats *t;
	size_t nr;
};

/*
 * The "tenants" line and the "tenant" lines after it, among the other
 * lines of the stats output. 0; -ENOENT if there is no "tenants" line (a
 * target without tenant support); -EINVAL for a malformed line; -ENOMEM.
 */
int mpx_tenant_stats_parse(const char *text, struct mpx_tenants_report *ret);
void mpx_tenants_report_free(struct mpx_tenants_report *r);
const struct mpx_tenant_stats *mpx_tenants_report_find(const struct mpx_tenants_report *r,
							uint64_t id);
/*
 * It did I/O on the map since the table was loaded, or has some pending:
 * in flight, waiting for its limit or share, or held by the map.
 */
bool mpx_tenant_stats_active(const struct mpx_tenant_stats *s);

/* ---- msg.c ---- */

/* What to program for one cgroup. */
struct mpx_tenant_rule {
	uint64_t id;
	unsigned int weight, prio;
	uint64_t iops, bps;
	struct mpx_affinity affinity;
	bool nopath_fail;
};

/*
 * "tenant set <id> weight=.. prio=.. [iops=..] [bps=..] [group=..|paths=..]
 * nopath=.." for map m: the affinity resolved against m's paths (tpg and
 * device names become maj:min). *ret_note (may be NULL) says why an
 * affinity was left out or cut, or is NULL. 0, or -ENOSPC.
 */
int mpx_tenant_set_msg(const struct mpx_tenant_rule *rule, const struct mpxd_map *m,
		       char *buf, size_t len, const char **ret_note);
/* The rule of a tenant entry for cgroup id. */
void mpx_tenant_rule_of(const struct mpx_optset *entry, uint64_t id, bool nopath_fail,
			struct mpx_tenant_rule *ret);

/* ---- cgroup.c (paths are relative to root, without a leading '/') ---- */

/* 0 if root is a cgroup v2 hierarchy, -ENOTSUP if not. */
int mpx_cgroup_check_v2(const char *root);
/*
 * Every cgroup matching pattern (a glob below root), in glob's order:
 * fn(ud, path, id) for each; fn's nonzero return stops the walk.
 */
int mpx_cgroup_glob(const char *root, const char *pattern,
		    int (*fn)(void *ud, const char *path, uint64_t id), void *ud);
/*
 * Enable the io controller for path: "+io" into cgroup.subtree_control of
 * root and of every ancestor of path that lacks it. On failure, *failed_at
 * names the cgroup that refused ("" for the root).
 */
int mpx_cgroup_enable_io(const char *root, const char *path, char *failed_at, size_t len);
int mpx_cgroup_freeze(const char *root, const char *path, bool freeze);
/* Frozen by an mpxd that has not thawed it (one that was killed, say). */
bool mpx_cgroup_frozen_by_mpxd(const char *root, const char *path);
/* The directories whose entries decide what pattern matches: fn(ud, dir). */
int mpx_cgroup_watch_dirs(const char *root, const char *pattern,
			  void (*fn)(void *ud, const char *dir), void *ud);
/* mpxd's own cgroup ("system.slice/mpxd.service"), from /proc/self/cgroup. */
int mpx_cgroup_self(char *buf, size_t len);

/* ---- the state of following tenants (struct mpxd's part is in state.h) ---- */

enum mpxd_tenant_state {
	MPXD_TENANT_RUNNING,
	MPXD_TENANT_FROZEN,		/* on_failover suspend: held past failover_freeze_delay */
	MPXD_TENANT_THAWED_TIMEOUT,	/* suspend_timeout passed: on_no_path applies */
};

/* A cgroup matched by a tenant entry. */
struct mpxd_cgroup {
	char entry[64];			/* the entry's name */
	char path[1024];		/* below the cgroup root */
	uint64_t id;
	enum mpxd_tenant_state state;
	uint64_t frozen_at;		/* monotonic ms, while FROZEN */
	bool seen;			/* matched by the current rescan */
	bool io_ok;			/* the io controller reaches it */
	bool io_warned;
};

/* One cgroup on one map. */
struct mpxd_tenant_use {
	uint64_t id;
	char msg[512];			/* the "tenant set" the map accepted */
	char refused[512];		/* ... or refused as invalid: not sent again */
	bool episode;			/* no usable path while the tenant uses it */
	bool hook_fired;		/* migrate_hook ran in this episode */
	uint64_t episode_since;		/* monotonic ms, while episode */
	uint64_t held_since;		/* monotonic ms: its held I/O last moved; 0: none held */
	int failover;			/* the map's failover state at the last look */
};

/* struct mpxd_map's tenant state, for the table loaded now. */
struct mpxd_map_tenants {
	bool polled;			/* stats read since the table was loaded */
	bool fresh;			/* ... in this loop turn, before programming */
	bool unsupported;		/* the target has no tenant messages */
	bool kernel_tenants;		/* the stats have tenant lines */
	bool bad_logged;
	bool usable;			/* some path was usable at the last look */
	size_t nr_usable;		/* ... so many */
	bool held;			/* a tenant was held or in an episode at the last look */
	long long budget_sent;		/* -1: none for this table */
	uint64_t next_poll;
	struct mpx_tenants_report last;
	struct mpxd_tenant_use *uses;
	size_t nr_uses;
};

/* ---- lookup.c ---- */

const struct mpx_optset *mpxd_tenant_entry(const struct mpxd *d, const char *name);
struct mpxd_cgroup *mpxd_tenant_cgroup(struct mpxd *d, uint64_t id);
struct mpxd_tenant_use *mpxd_tenant_use(const struct mpxd_map *m, uint64_t id);

/* ---- hook.c ---- */

/* epoll tag of running migrate hooks (the loop reaps them when one ends) */
#define MPXD_SRC_HOOK 900

/* Start migrate_hook for cg on m; 0, or -errno (logged). */
int mpxd_tenant_hook_run(struct mpxd *d, const struct mpxd_cgroup *cg, const struct mpxd_map *m,
			 const char *reason);
/* Reap hooks that ended, logging their exit status. */
void mpxd_tenant_hooks_reap(struct mpxd *d);
void mpxd_tenant_hooks_forget(struct mpxd *d);	/* at exit: stop watching them */

/* ---- freeze.c ---- */

/*
 * How long, in ms, the cgroup's I/O has been held by a failover on any of
 * its maps at now (a map without a usable path holds it since the episode
 * began, whether or not it has I/O held); -1 if none holds it.
 */
long long mpxd_tenant_held_for(const struct mpxd *d, const struct mpxd_cgroup *cg, uint64_t now);
/* Freeze, thaw, time out and run hooks for one cgroup, by its maps' episodes. */
void mpxd_tenant_evaluate(struct mpxd *d, struct mpxd_cgroup *cg, uint64_t now);
/* on_no_path fail applies to the cgroup's I/O now. */
bool mpxd_tenant_nopath_fail(const struct mpx_optset *entry, const struct mpxd_cgroup *cg);
/* Thaw cg if mpxd froze it (reload, removal, exit); 0 or -errno (logged). */
int mpxd_tenant_thaw(struct mpxd *d, struct mpxd_cgroup *cg, const char *why);

/* ---- follow.c ---- */

int mpxd_tenants_init(struct mpxd *d);
void mpxd_tenants_stop(struct mpxd *d);	/* thaws what mpxd froze */
void mpxd_tenants_event(struct mpxd *d);	/* the inotify fd is readable */
/* Look at the cgroup tree again now, e.g. after a SIGHUP. */
int mpxd_tenants_rescan(struct mpxd *d);

/* ---- tenants.c ---- */

void mpxd_tenants_tick(struct mpxd *d, uint64_t now);
void mpxd_tenants_reconfigured(struct mpxd *d);
/* A table was loaded: it has no tenant rules yet. */
void mpxd_tenants_map_loaded(struct mpxd *d, struct mpxd_map *m);
void mpxd_tenants_map_gone(struct mpxd_map *m);

#endif
