/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One mpathpersist request on one map: the code behind mpxpersist and
 * "mpxctl persist" alike, which differ only in where the map's paths come
 * from (the kernel's table, or mpxd's map) and where the map's key is
 * recorded (through mpxd, or the prkeys file).
 *
 * Through which paths: each path is its own I_T nexus, so REGISTER and
 * REGISTER AND IGNORE go through every usable path (mpxd registers a
 * failed one when it comes back, if the LUN still has the key); RESERVE,
 * CLEAR, PREEMPT and PREEMPT AND ABORT (which removes the victim's key
 * from every nexus at once) through the first usable path that answers;
 * RELEASE through the paths in turn until the reservation is gone (only
 * the holder's nexus can release it); PERSISTENT RESERVE IN through the
 * first usable path that answers. A path that refuses is named, and the
 * request ends with a non-zero code.
 */
#ifndef MPX_PR_RUN_H
#define MPX_PR_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "pr/pr-key.h"

struct mpx_pr_req;

struct mpx_pr_path {
	char name[32]; /* "sdc": the command goes to /dev/<name> */
	char devno[16]; /* "8:32", as the table names it */
	bool usable; /* active in the map (for mpxd: and not found down) */
};

struct mpx_pr_map {
	const char *name;
	const struct mpx_pr_path *paths;
	size_t nr;
};

struct mpx_pr_ctx {
	const char *prog; /* the messages' prefix; NULL: none */
	FILE *out; /* mpathpersist's output */
	FILE *err; /* messages, one a line */
	bool mpxd_running; /* whether a failed path gets the key when it is back */
	struct mpx_pr_mapkey key;
	/*
	 * Record the map's key (0: none) where mpxd looks for it: 0, or
	 * -errno with the reason in why. NULL: the map has nowhere to keep one.
	 */
	int (*set_key)(void *data, uint64_t key, bool aptpl, char *why, size_t len);
	void *data;
};

/* How many of the map's paths are usable. */
size_t mpx_pr_usable(const struct mpx_pr_map *m);

/*
 * Run q on m: a map with no usable path, or a PR OUT that does not carry
 * the map's key (pr-key.h), is refused before anything is sent; a new key
 * is recorded before the command goes out, a dropped one after it
 * succeeded. Returns mpathpersist's code (0: done); the output and, on a
 * PR OUT failure, mpathpersist's closing lines go to c->out.
 */
int mpx_pr_execute(const struct mpx_pr_req *q, const struct mpx_pr_map *m,
		   const struct mpx_pr_ctx *c);

#endif
