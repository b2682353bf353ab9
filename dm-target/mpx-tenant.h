/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tenants: I/O routing by the cgroup that issued the bio (dm-mpx(4),
 * "TENANTS"). Off until the first "tenant set" message; then every bio is
 * looked up by its cgroup id and goes through two stages before a path:
 *
 *   limit  a tenant's iops/bps token buckets; an I/O over its allocation
 *          waits, in order, in the tenant's own queue (hrtimer refills);
 *   share  while the map has fewer I/Os in flight than its budget, I/O
 *          goes straight on; at the budget, waiting I/O is released one by
 *          one as I/O completes, highest priority first and by start-time
 *          fair queueing tags within a priority, so tenants share the
 *          saturated paths by weight.
 *
 * Then the tenant's path affinity (a group or a path list), if any of
 * those paths is usable, else the map's normal choice.
 *
 * Locking: tn->lock (irq-safe) guards the tenant list, settings, buckets,
 * queues and tags. The bio's lookup is RCU over tn->hash plus a kref the
 * bio keeps until it leaves the target. Affinity path sets are published
 * under m->lock, like the groups' own sets, and read under RCU.
 */
#ifndef DM_MPX_TENANT_H
#define DM_MPX_TENANT_H

#include <linux/hashtable.h>
#include <linux/hrtimer.h>
#include <linux/kref.h>
#include "mpx.h"
#include "core/tenant-bucket.h"
#include "core/tenant-sfq.h"
#include "core/tenant-parse.h"

struct mpx_tenant {
	struct hlist_node hash;		/* in tn->hash (not the default tenant) */
	struct list_head list;		/* in tn->all */
	struct rcu_head rcu;
	struct kref ref;		/* the table's, and one per bio holding it */
	struct mpx_tenants *tn;
	u64 id;				/* cgroup id; 0: the default tenant */

	/* settings */
	u64 iops, bps;
	bool limited;			/* iops or bps set (read locklessly) */
	bool fail_if_no_path;		/* read locklessly */
	unsigned int group;		/* affinity to a group (1-based), or 0 */
	unsigned int nr_aff;		/* affinity to these paths (indexes), or 0 */
	unsigned int aff[MPX_TENANT_MAX_PATHS];
	bool has_aff;			/* read locklessly */

	/* admission */
	struct mpx_bucket iops_b, bps_b;
	struct mpx_sfq_tenant sfq;	/* weight, prio, finish tag */
	struct bio_list limited_q;	/* over the limit, in arrival order */
	struct bio_list share_q;	/* within the limit, waiting for a share */

	/* counters */
	atomic_t in_flight;
	atomic64_t ios, bytes, deferred, deferred_ns;

	/* per group: the usable paths of the affinity set; NULL: none */
	struct mpx_path_set __rcu **aff_sets;
	atomic64_t served[];		/* I/Os completed, per path index */
};

struct mpx_tenants {
	struct mpx *m;
	spinlock_t lock;
	DECLARE_HASHTABLE(hash, 6);
	struct list_head all;		/* default tenant first, then by age */
	struct mpx_tenant *dflt;
	unsigned int nr_rules;		/* rules in force; 0: tenants are off */
	bool dflt_rule;			/* "tenant set default" is one of them */

	unsigned int budget;		/* 0: auto_budget */
	unsigned int auto_budget;	/* the paths' request queues, see mpx-tenant.c */
	atomic_t in_flight;		/* tenant I/O on paths */
	atomic_t nr_share;		/* bios in every share_q */
	u64 vtime;			/* SFQ virtual time */
	bool draining;			/* suspending: no limits, no budget */

	struct hrtimer timer;		/* the next token refill a queue waits for */
	struct work_struct work;	/* releases waiting bios */
};

/* mpx-tenant.c: the table, messages, stats */
int mpx_tenants_init(struct mpx *m);
void mpx_tenants_stop(struct mpx *m);
void mpx_tenants_exit(struct mpx *m);
int mpx_tenant_message(struct mpx *m, unsigned int argc, char **argv);
void mpx_tenants_stats(struct mpx *m, struct mpx_buf *b);
void mpx_tenants_publish(struct mpx *m);
unsigned int mpx_path_index(const struct mpx_path *p);
void mpx_tenant_put(struct mpx_tenant *t);

/* mpx-tenant-io.c: the data path */
bool mpx_tenant_admit(struct mpx *m, struct bio *bio, struct mpx_io *io);
struct mpx_path *mpx_tenant_choose(struct mpx *m, struct mpx_tenant *t, size_t nr_bytes);
void mpx_tenant_start(struct mpx_io *io, struct mpx_path *p);
void mpx_tenant_end(struct mpx_io *io, struct mpx_path *p, blk_status_t error);
void mpx_tenant_done(struct mpx_io *io);
void mpx_tenants_work(struct work_struct *work);
enum hrtimer_restart mpx_tenants_timer(struct hrtimer *timer);
void mpx_tenants_drain(struct mpx *m, bool drain);

#endif
