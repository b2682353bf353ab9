/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Path selectors: the interface between the target and a selector.
 *
 * A selector never sees a lock. The target hands select_path() an RCU
 * snapshot of the group's usable paths (non-empty) and calls it under
 * rcu_read_lock(); whatever state the selector keeps for its choice must
 * be safe for concurrent callers (atomics, per-CPU data). Paths carry the
 * in-flight counts (I/Os and bytes) that load-based selectors read.
 */
#ifndef DM_MPX_PS_H
#define DM_MPX_PS_H

#include <linux/module.h>
#include <linux/list.h>
#include "mpx.h"

struct mpx_ps_type {
	const struct mpx_ps_grammar *grammar;	/* name, arguments, table output */
	struct module *owner;
	struct list_head list;

	/* Set up pg->ps_ctx (optional); pg->ps_conf holds the group args. */
	int (*create)(struct mpx_pg *pg);
	/* Free pg->ps_ctx and every path's ps_ctx (optional). */
	void (*destroy)(struct mpx_pg *pg);
	/* Set up p->ps_ctx (optional); p->conf holds the per-path args. */
	int (*add_path)(struct mpx_pg *pg, struct mpx_path *p);
	/* Pick one of set->paths[0..nr-1] for an I/O of nr_bytes. Required. */
	struct mpx_path *(*select_path)(struct mpx_pg *pg,
					const struct mpx_path_set *set,
					size_t nr_bytes);
	/* The path's "dmsetup status" words (grammar->info_args of them). */
	void (*status_path)(struct mpx_buf *b, struct mpx_path *p);
	/* I/O accounting hooks beyond the path's own counters (optional). */
	void (*start_io)(struct mpx_path *p, size_t nr_bytes);
	void (*end_io)(struct mpx_path *p, size_t nr_bytes, u64 start_ns);
};

int mpx_ps_register(struct mpx_ps_type *type);
void mpx_ps_unregister(struct mpx_ps_type *type);
const struct mpx_ps_type *mpx_ps_get(const char *name);
void mpx_ps_put(const struct mpx_ps_type *type);
int mpx_ps_register_builtins(void);
void mpx_ps_unregister_builtins(void);

extern struct mpx_ps_type mpx_ps_round_robin;
extern struct mpx_ps_type mpx_ps_queue_length;
extern struct mpx_ps_type mpx_ps_service_time;

/* The next per-CPU rotation index in [0, n): spreads ties without a lock. */
unsigned int mpx_ps_rotor(unsigned int __percpu *rotor, unsigned int n);

#endif
