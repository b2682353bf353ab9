/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tenants: I/O routing by the cgroup that issued the bio (dm-mpx(4),
 * "TENANTS"). Off until the first "tenant set" message; then every bio is
 * looked up by the cgroup of the bio submitted to the map (mpx-compat.c)
 * and, unless it is exempt (metadata, swap, an empty flush:
 * core/tenant-cost.h), goes through two stages before a path:
 *
 *   limit  a tenant's iops/bps token buckets; an I/O over its allocation
 *          waits, in order, in the tenant's own queue; the worker releases
 *          it when the tokens are there (an hrtimer wakes it);
 *   share  while the map has fewer I/Os in flight than its budget, I/O
 *          goes straight on; at the budget, waiting I/O is released one by
 *          one as I/O completes, highest priority first and by start-time
 *          fair queueing tags within a priority, so tenants share the
 *          saturated paths by weight.
 *
 * Then the tenant's path affinity (a group or a path list), if any of
 * those paths is usable, else the map's normal choice. While the map holds
 * I/O for a failover, a tenant with affinity goes ahead of it where it can
 * (core/tenant-failover.h), and each tenant's held bios are counted for
 * mpxd, which freezes a tenant held too long (on_failover suspend).
 *
 * Scale: nothing here is O(tenants) per I/O, and nothing runs with
 * interrupts off. A bio finds its tenant in a hash; the default tenant
 * lives as long as the table and takes no reference per bio. The worker
 * finds the next tenant to serve in two heaps (core/tenant-heap.c): the
 * tenants waiting for a share, by fair-share tag (core/tenant-sfq.c), and
 * the tenants whose limited I/O waits for tokens, by when they will have
 * them. It moves at most MPX_TENANT_BATCH bios per hold of tn->lock. The
 * stats walk the tenants under RCU only.
 *
 * Locking: tn->lock (bh) guards the tenant list and hash, the heaps, the
 * share queues and the settings; t->lock (bh) a tenant's buckets and
 * limited queue. Order: tn->lock, then t->lock. The data path takes one of
 * them at a time, and neither when the tenant has no limit and the map
 * has room, nor when an iops-limited tenant (without a bps limit) has
 * tokens left in its share (core/tenant-bucket.h): those it takes with a
 * compare-and-swap. Completions (any context) use atomics only. A deleted
 * tenant is marked dead under both locks; a bio that looked it up just
 * before sees that under the lock it takes and goes to the default tenant.
 *
 * A bio that takes a token of the share does not look at t->dead. That is
 * safe: the share was taken from the tenant's bucket under its rules
 * before the deletion, which drops the share under t->lock as it marks the
 * tenant dead; a bio whose compare-and-swap won came before that, as if
 * it had taken the lock just before the deletion. It then goes on as a bio
 * of a tenant without limits does (share_wait moves it to the default
 * tenant if it must wait). A changed rule drops the share the same way,
 * so no token taken under the old limits is used after the change.
 */
#ifndef DM_MPX_TENANT_H
#define DM_MPX_TENANT_H

#include <linux/hashtable.h>
#include <linux/hrtimer.h>
#include <linux/kref.h>
#include <linux/llist.h>
#include "mpx.h"
#include "core/tenant-bucket.h"
#include "core/tenant-cost.h"
#include "core/tenant-heap.h"
#include "core/tenant-sfq.h"
#include "core/tenant-parse.h"
#include "core/tenant-failover.h"

/* Bios the worker moves per hold of tn->lock. */
#define MPX_TENANT_BATCH 32

/* Where a tenant's I/O goes while any of these paths is usable. */
struct mpx_tenant_aff {
	struct rcu_head rcu;
	unsigned int group;		/* a group (1-based), or 0 */
	unsigned int nr;		/* or these paths */
	struct mpx_path *paths[];
};

struct mpx_tenant {
	struct hlist_node hash;		/* in tn->hash (not the default tenant) */
	struct list_head list;		/* in tn->all (RCU for the stats) */
	struct rcu_head rcu;
	struct kref ref;		/* the table's, one per bio (not the default's) */
	struct mpx_tenants *tn;
	u64 id;				/* cgroup id; 0: the default tenant */
	bool dead;			/* deleted (set under both locks) */

	/* settings (tn->lock; the data path reads them locklessly) */
	u64 iops, bps;
	bool limited;
	bool fail_if_no_path;
	struct mpx_tenant_aff __rcu *aff;	/* NULL: no affinity */

	/* limit stage (lock) */
	spinlock_t lock;
	struct mpx_bucket iops_b, bps_b;
	struct bio_list limited_q;	/* over the limit, in arrival order */
	bool limit_wait;		/* limited_q waits: in tn->ready or on its way */
	struct llist_node new_wait;	/* on its way: in tn->new_waits */
	struct mpx_heap_node ready_node;	/* in tn->ready (tn->lock) */
	u64 ready_ns;			/* when its queue's head may go (tn->lock) */

	/* share stage (tn->lock) */
	struct mpx_sfq_tenant sfq;	/* weight, prio, tags; in tn->sfq while waiting */
	struct bio_list share_q;	/* within the limit, waiting for a share */

	/* counters */
	atomic_t nr_waiting;		/* in limited_q and share_q */
	atomic_t in_flight;
	atomic_t nr_held;		/* in the map's held queue (m->queued) */
	atomic64_t held_ns;		/* since when none of those has moved */
	atomic64_t ios, bytes, deferred, deferred_ns;
	atomic64_t served[];		/* I/Os completed, per path index */
};

struct mpx_tenants {
	struct mpx *m;
	spinlock_t lock;
	DECLARE_HASHTABLE(hash, 10);
	struct list_head all;		/* default tenant first, then by age */
	struct mpx_tenant *dflt;
	unsigned int nr_tenants;	/* in all, the default's included */
	unsigned int nr_rules;		/* rules in force; 0: tenants are off */
	bool dflt_rule;			/* "tenant set default" is one of them */

	unsigned int budget;		/* 0: auto_budget */
	unsigned int auto_budget;	/* the paths' request queues, see mpx-tenant.c */
	atomic_t in_flight;		/* tenant I/O on paths */
	atomic_t nr_share;		/* bios in every share_q */
	bool draining;			/* suspending: no limits, no budget */

	struct mpx_sfq sfq;		/* tenants waiting for a share */
	struct mpx_heap ready;		/* tenants waiting for tokens, soonest first */
	unsigned int heap_cap;		/* both heaps' arrays hold this many */
	struct llist_head new_waits;	/* tenants whose limited_q just filled */

	struct hrtimer timer;		/* the next token refill a queue waits for */
	struct work_struct work;	/* releases waiting bios */
};

/* mpx-tenant.c: the table and messages */
int mpx_tenants_init(struct mpx *m);
void mpx_tenants_stop(struct mpx *m);
void mpx_tenants_exit(struct mpx *m);
int mpx_tenant_message(struct mpx *m, unsigned int argc, char **argv);
void mpx_tenants_publish(struct mpx *m);
void mpx_tenant_release(struct kref *ref);

/* mpx-tenant-io.c: the data path */
bool mpx_tenant_admit(struct mpx *m, struct bio *bio, struct mpx_io *io);
struct mpx_path *mpx_tenant_choose(struct mpx *m, struct mpx_tenant *t, size_t nr_bytes);
struct mpx_path *mpx_tenant_ahead(struct mpx *m, struct mpx_tenant *t, size_t nr_bytes);
void mpx_tenant_share_add(struct mpx_tenants *tn, struct mpx_tenant *t, struct bio *bio);

/* mpx-tenant-stats.c: their lines of the "stats" message */
void mpx_tenants_stats(struct mpx *m, struct mpx_buf *b);

/* mpx-tenant-work.c: the worker that releases waiting bios */
void mpx_tenants_work(struct work_struct *work);
enum hrtimer_restart mpx_tenants_timer(struct hrtimer *timer);
void mpx_tenants_drain(struct mpx *m, bool drain);

/*
 * What runs for every tenant bio on its way out and back, inline (the
 * map's own hot path is in mpx-io.c).
 */
static inline unsigned int mpx_path_index(const struct mpx_path *p)
{
	return p->pg->first_path + (unsigned int)(p - p->pg->paths);
}

/* The default tenant lives as long as the table: its bios take no reference. */
static inline void mpx_tenant_put(struct mpx_tenant *t)
{
	if (t != t->tn->dflt)
		kref_put(&t->ref, mpx_tenant_release);
}

static inline unsigned int mpx_tenant_budget(struct mpx_tenants *tn)
{
	unsigned int b = READ_ONCE(tn->budget);

	return b ? b : READ_ONCE(tn->auto_budget);
}

static inline void mpx_tenant_start(struct mpx_io *io, struct mpx_path *p)
{
	atomic_inc(&io->tenant->in_flight);
	atomic_inc(&io->tenant->tn->in_flight);
}

static inline void mpx_tenant_end(struct mpx_io *io, struct mpx_path *p, blk_status_t error)
{
	struct mpx_tenant *t = io->tenant;
	struct mpx_tenants *tn = t->tn;

	if (!error) {
		atomic64_inc(&t->ios);
		atomic64_add(io->nr_bytes, &t->bytes);
		atomic64_inc(&t->served[mpx_path_index(p)]);
	}
	atomic_dec(&t->in_flight);
	/* fully ordered: pairs with share_or_go's nr_share increment */
	if (atomic_dec_return(&tn->in_flight) < (int)mpx_tenant_budget(tn) &&
	    atomic_read(&tn->nr_share))
		queue_work(mpx_wq, &tn->work);
}

/* The map holds the bio (for a path, an activation or a retry). */
static inline void mpx_tenant_hold(struct mpx_io *io)
{
	struct mpx_tenant *t = io->tenant;

	if (!t || io->held)
		return;
	io->held = true;
	if (atomic_inc_return(&t->nr_held) == 1)
		atomic64_set(&t->held_ns, ktime_get_ns());
}

/*
 * A held bio leaves the held queue (to a path, failed or handed back):
 * the tenant's held I/O moved, so what is left of it waits from now.
 */
static inline void mpx_tenant_unhold(struct mpx_io *io)
{
	struct mpx_tenant *t = io->tenant;

	if (!t || !io->held)
		return;
	io->held = false;
	if (atomic_dec_return(&t->nr_held))
		atomic64_set(&t->held_ns, ktime_get_ns());
}

/* The bio leaves the target (completed, failed or handed back to dm). */
static inline void mpx_tenant_done(struct mpx_io *io)
{
	mpx_tenant_put(io->tenant);
	io->tenant = NULL;
}

#endif
