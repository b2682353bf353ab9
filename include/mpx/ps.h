/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Path selector modules for dm-mpx: the kernel API a selector builds
 * against (see man/dm-mpx.4, "SELECTOR MODULES", and the example in
 * dm-target/ps-example/).
 *
 * A selector registers a struct mpx_ps_type at module init and
 * unregisters it at exit. A table naming a selector that is not loaded
 * makes dm-mpx request module "dm-mpx-ps-<name>" first, so a selector
 * module declares MODULE_ALIAS("dm-mpx-ps-<name>"). A table holds a
 * reference on the module of each selector it uses.
 *
 * select_path() runs for every I/O, under rcu_read_lock(), concurrently on
 * all CPUs, with no lock held: whatever state a selector keeps for its
 * choice must be safe for that (atomics, per-CPU data). It chooses among a
 * snapshot of the group's usable paths.
 *
 * ABI history (MPX_PS_ABI_VERSION, checked at registration):
 *   1  2026-11-22  first version
 */
#ifndef MPX_PS_H
#define MPX_PS_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include <mpx/ps-grammar.h>

#define MPX_PS_ABI_VERSION 1

struct mpx_pg;
struct dm_dev;

struct mpx_path_stats;

/* A path. Selectors read the first block; the rest is dm-mpx's. */
struct mpx_path {
	struct mpx_pg *pg;
	struct mpx_ps_conf conf;	/* its per-path selector arguments, parsed */
	void *ps_ctx;			/* the selector's per-path state */
	atomic_t in_flight;		/* I/Os dispatched and not completed */
	atomic64_t in_flight_bytes;
	char name[16];			/* maj:min */
	bool active;			/* usable (read with READ_ONCE) */

	/* dm-mpx private */
	struct dm_dev *dev;
	unsigned int fail_count;
	struct mpx_path_stats __percpu *stats;
	struct delayed_work activate_work;
	unsigned int last_error;	/* enum mpx_err_class of its last error */
};

/* A group's usable paths: what select_path() chooses from. */
struct mpx_path_set {
	struct rcu_head rcu;
	unsigned int nr;		/* at least 1 when select_path() sees it */
	struct mpx_path *paths[];
};

/* A priority group. Selectors use ps_conf and ps_ctx; the rest is dm-mpx's. */
struct mpx_pg {
	struct mpx_ps_conf ps_conf;	/* its group arguments, parsed */
	void *ps_ctx;			/* the selector's per-group state */
	unsigned int num;		/* 1-based */
	unsigned int nr_paths;
	struct mpx_path *paths;

	/* dm-mpx private */
	struct mpx *m;
	bool bypassed;
	const struct mpx_ps_type *ps;
	struct mpx_path_set __rcu *usable;
	unsigned int first_path;	/* index of paths[0] among the map's */
};

struct mpx_ps_type {
	unsigned int abi_version;		/* MPX_PS_ABI_VERSION */
	const struct mpx_ps_grammar *grammar;	/* name, arguments, table output */
	struct module *owner;			/* THIS_MODULE */
	struct list_head list;			/* dm-mpx's */

	/* Set up pg->ps_ctx (optional); pg->ps_conf holds the group args. */
	int (*create)(struct mpx_pg *pg);
	/* Free pg->ps_ctx and every path's ps_ctx (optional). */
	void (*destroy)(struct mpx_pg *pg);
	/*
	 * Set up p->ps_ctx (optional). p->conf holds what the grammar parsed;
	 * argv the path's words as written (valid during the call only).
	 */
	int (*add_path)(struct mpx_pg *pg, struct mpx_path *p, unsigned int argc,
			char **argv, const char **reason);
	/* Pick one of set->paths[0..nr-1] for an I/O of nr_bytes. Required. */
	struct mpx_path *(*select_path)(struct mpx_pg *pg,
					const struct mpx_path_set *set,
					size_t nr_bytes);
	/* The path's "dmsetup status" words (grammar->info_args of them). */
	void (*status_path)(struct mpx_buf *b, struct mpx_path *p);
	/* The path's "dmsetup table" words, if not grammar->emit_path(conf). */
	void (*table_path)(struct mpx_buf *b, struct mpx_path *p);
	/* I/O accounting beyond the path's own counters (optional). */
	void (*start_io)(struct mpx_path *p, size_t nr_bytes);
	void (*end_io)(struct mpx_path *p, size_t nr_bytes, u64 start_ns);
};

int mpx_ps_register(struct mpx_ps_type *type);
void mpx_ps_unregister(struct mpx_ps_type *type);

/* The next per-CPU rotation index in [0, n): spreads ties without a lock. */
unsigned int mpx_ps_rotor(unsigned int __percpu *rotor, unsigned int n);

#endif
