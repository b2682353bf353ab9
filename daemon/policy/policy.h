/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpxd's side of policy modules: loading them (each into a helper process
 * of its own), calling their hooks with a time budget, and watching them.
 *
 * Locking: p->lock protects one plugin's connection, its counters and its
 * disabled hooks; it is taken by the loop and by checker threads calling
 * check_path. Nothing else of struct mpxd is touched with it held.
 */
#ifndef MPXD_POLICY_POLICY_H
#define MPXD_POLICY_POLICY_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "seams/path-attrs.h"
#include "policy/wire.h"

struct mpxd;
struct mpxd_map;
struct mpxd_path;

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

/* loader.c */
int mpxd_policy_load(struct mpxd *d, const char *file, struct mpxd_policy **ret,
		     char *why, size_t why_len);
int mpxd_policy_unload(struct mpxd *d, const char *name, char *why, size_t why_len);
void mpxd_policies_load_dir(struct mpxd *d, bool only_if_changed);
void mpxd_policies_free(struct mpxd *d);
struct mpxd_policy *mpxd_policy_find(struct mpxd *d, const char *name);
const char *mpxd_hook_name(int hook);
/* The host side: run by "mpxd --policy-host <file>" with the socket on fd 3. */
int mpxd_policy_host_main(const char *file);

/* (Re)start p's helper process and take its hello; 0 or -errno with why. */
int mpxd_policy_start(struct mpxd_policy *p, char *why, size_t len);
/* Hold / drop a reference for a check in flight (unload waits for none). */
void mpxd_policy_get(struct mpxd_policy *p);
void mpxd_policy_put(struct mpxd_policy *p);

/* call.c: 0 / the hook's result, -ENOSYS when the hook is absent or disabled */
int mpxd_policy_call(struct mpxd *d, struct mpxd_policy *p, int hook, const void *req,
		     uint32_t req_len, void *rep, uint32_t rep_len, unsigned int timeout_ms);
bool mpxd_policy_has(struct mpxd_policy *p, int hook);

struct mpxd_job;
struct mpx_sg_result;

/* match.c: which policy a map uses, and the calls mpxd makes */
enum mpx_path_state mpxd_policy_check(struct mpxd_job *job);
int mpxd_policy_analyze(struct mpxd *d, struct mpxd_path *p, const struct mpx_sg_result *s);
int mpxd_policy_affected(struct mpxd *d, struct mpxd_path *failed,
			 void (*fn)(struct mpxd *d, struct mpxd_path *p, struct mpxd_path *failed));
int mpxd_policy_activate(struct mpxd *d, struct mpxd_map *m, unsigned int group);
void mpxd_policy_choose(struct mpxd *d, struct mpxd_map *m);
void mpxd_wire_path(const struct mpxd_path *p, struct mpxw_path *w);
void mpxd_wire_device(const struct mpxd_map *m, struct mpxw_device *w);

#endif
