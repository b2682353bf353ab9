/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpxd's side of policy modules: loading them (each into a helper process
 * of its own), calling their hooks with a time budget, and watching them.
 *
 * This part sees none of the daemon's state: only struct mpxd_plugins (the
 * loaded modules, where to log, where modules live) and the hooks' value
 * types of wire.h, which maps/map-policy.c fills from mpxd's paths and
 * maps. It also knows nothing of maps: what loading or unloading a module
 * means for them is maps/map-policy.c's business.
 *
 * Locking: p->lock protects one plugin's connection, its counters and its
 * disabled hooks; it is taken by the loop and by checker threads calling
 * check_path. Nothing else is touched with it held.
 */
#ifndef MPXD_POLICY_POLICY_H
#define MPXD_POLICY_POLICY_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include "checkers/checker.h"
#include "policy/wire.h"

struct mpx_config;
struct mpx_log;
struct mpx_sg_result;

#define MPXD_POLICY_MAX_ERRORS 3	/* consecutive hook errors before disabling it */

struct mpxd_hook_stats {
	uint64_t calls, errors, timeouts, total_us, max_us;
	unsigned int consecutive;
};

struct mpxd_policy {
	char name[32];
	char version[32];
	char file[4096];		/* PATH_MAX: the resolved file */
	uint32_t hooks;			/* bit per enum mpxw_hook the plugin has */
	uint32_t disabled;		/* hooks switched off by supervision */
	const char *exe;		/* what runs the host process (mpxd itself) */
	pid_t pid;
	int fd;
	int refs;			/* checks in flight (unload waits for 0) */
	bool unloading;
	pthread_mutex_t lock;
	struct mpxd_hook_stats stats[MPXW_NR_HOOKS];
};

/*
 * A module the administrator unloaded, and its file as it was then: mpxd
 * does not load that file again by itself (directory scans, a map's
 * "policy" keyword) until "policy load" names it, the file changes, or
 * mpxd restarts.
 */
struct mpxd_policy_held {
	char name[32];
	char version[32];
	char file[4096];
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

/* The loaded modules, and what this part needs of the daemon to run them. */
struct mpxd_plugins {
	const struct mpx_log *log;
	const struct mpx_config *config;	/* policy_dir */
	const char *exe;		/* what runs a helper process: mpxd itself */
	struct mpxd_policy **list;
	size_t nr;
	struct timespec dir_mtime;	/* policy_dir when it was last read */
	struct mpxd_policy_held *held;	/* unloaded, not to be loaded again yet */
	size_t nr_held;
};

/* loader.c */
int mpxd_plugin_load(struct mpxd_plugins *pl, const char *file, struct mpxd_policy **ret, char *why,
		     size_t why_len);
/*
 * Forget p, and hold its file unloaded (struct mpxd_policy_held); checks
 * still running with it hold it until they end.
 */
void mpxd_plugin_unload(struct mpxd_plugins *pl, struct mpxd_policy *p);
/*
 * Whether file is held unloaded. A held file that changed (or went) is
 * released here: false.
 */
bool mpxd_plugin_held(struct mpxd_plugins *pl, const char *file);
/* Whether held entry h's file is still there as it was when unloaded. */
bool mpxd_plugin_held_unchanged(const struct mpxd_policy_held *h);
/* Load the directory's modules not loaded yet and not held; how many were. */
size_t mpxd_plugins_load_dir(struct mpxd_plugins *pl, bool only_if_changed);
void mpxd_plugins_free(struct mpxd_plugins *pl);
struct mpxd_policy *mpxd_plugin_find(const struct mpxd_plugins *pl, const char *name);
const char *mpxd_hook_name(int hook);
/* (Re)start p's helper process and take its hello; 0 or -errno with why. */
int mpxd_policy_start(struct mpxd_policy *p, char *why, size_t len);
/* Hold / drop a reference for a check in flight (unload waits for none). */
void mpxd_policy_get(struct mpxd_policy *p);
void mpxd_policy_put(struct mpxd_policy *p);

/* helper-process.c: run by "mpxd --policy-host <file>" with the socket on fd 3. */
int mpxd_policy_host_main(const char *file);

/* call.c: 0 / the hook's result, -ENOSYS when the hook is absent or disabled */
int mpxd_policy_call(struct mpxd_plugins *pl, struct mpxd_policy *p, int hook, const void *req,
		     uint32_t req_len, void *rep, uint32_t rep_len, unsigned int timeout_ms);
bool mpxd_policy_has(struct mpxd_policy *p, int hook);

/* match.c: the loaded module whose match hook scores the LUN highest, or NULL. */
struct mpxd_policy *mpxd_plugins_best_match(struct mpxd_plugins *pl, const struct mpxw_device *dev);

/*
 * hooks.c: the other hooks mpxd calls, in the wire's terms.
 * check_path: 0 and its verdict in *ret (message in msg), or -errno when
 * the module gave none (the caller runs the configured checker instead).
 */
int mpxd_hook_check_path(struct mpxd_plugins *pl, struct mpxd_policy *p,
			 const struct mpxw_path *path, unsigned int timeout_ms,
			 enum mpx_path_state *ret, char *msg, size_t msg_len);
/*
 * analyze_error: the module's MPX_POL_VERDICT_*, or 0 when it has no
 * opinion. kc: the kernel-reported error and evidence, NULL for the
 * outcome of mpxd's own check.
 */
struct mpxd_kernel_cause {
	uint32_t cause;		/* MPX_POL_CAUSE_* */
	uint32_t kernel_failed;	/* the target failed the path on it */
	uint64_t errors;
	int32_t alua_state;	/* MPX_POL_ALUA_*, fresh from the array */
};
int mpxd_hook_analyze(struct mpxd_plugins *pl, struct mpxd_policy *p, const struct mpxw_path *path,
		      const struct mpx_sg_result *s, const struct mpxd_kernel_cause *kc);
/* affected_paths: call->all[i] shares the failed path's component if affected[i]. */
int mpxd_hook_affected(struct mpxd_plugins *pl, struct mpxd_policy *p,
		       const struct mpxw_affected_call *call, bool *affected);
/* activate_group: make group (0-based, the module's numbering) usable. */
int mpxd_hook_activate(struct mpxd_plugins *pl, struct mpxd_policy *p,
		       const struct mpxw_device *dev, unsigned int group);

#endif
