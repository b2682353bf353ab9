// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tenants in the data path: which tenant a bio belongs to, its limit and
 * share stages, its path affinity and its accounting (design and locking
 * in mpx-tenant.h; the worker that releases waiting bios is in
 * mpx-tenant-work.c).
 */
#include <linux/blkdev.h>
#include <linux/blk-cgroup.h>
#include <linux/cgroup.h>
#include "mpx-tenant.h"
#include "mpx-compat.h"
#include "mpx-select.h"

/*
 * The cgroup whose io controller the bio was issued under; 0 if none.
 * dm core clones bios without their blkcg association (the clone has no
 * device yet): take it from the bio submitted to the map, which keeps it
 * across dm core's reissues and other devices' workers; only where that
 * one has none, from the mapping task. io->css keeps it for the path I/O,
 * which remap() associates with it (not the clone with the map's device
 * first: a second blkg lookup per bio for nothing). (Buffered writeback
 * thus counts as the flusher's, as in dm-multipath.)
 */
static u64 bio_cgroup_id(struct bio *bio, struct mpx_io *io)
{
	struct bio *orig = mpx_dm_orig_bio(bio, io + 1);
	struct cgroup_subsys_state *css;

	if (likely(orig && orig->bi_blkg)) {
		/* the original holds its blkg, and so the css, until the clone ends */
		css = bio_blkcg_css(orig);
		io->css = css;
	} else {
		io->css = NULL;
		if (!bio->bi_blkg)
			bio_associate_blkg(bio);
		css = bio_blkcg_css(bio);
	}
	return css ? cgroup_id(css->cgroup) : 0;
}

/* The bio's tenant, with a reference unless it is the default one. */
static struct mpx_tenant *lookup(struct mpx_tenants *tn, u64 id)
{
	struct mpx_tenant *t;

	rcu_read_lock();
	hash_for_each_possible_rcu(tn->hash, t, hash, id) {
		if (t->id == id && kref_get_unless_zero(&t->ref)) {
			rcu_read_unlock();
			return t;
		}
	}
	rcu_read_unlock();
	return tn->dflt;
}

/* A bio of a deleted tenant becomes the default tenant's. */
static struct mpx_tenant *to_default(struct mpx_tenants *tn, struct mpx_io *io)
{
	mpx_tenant_put(io->tenant);
	io->tenant = tn->dflt;
	return tn->dflt;
}

/* Queue a bio for its tenant's share (under tn->lock). */
void mpx_tenant_share_add(struct mpx_tenants *tn, struct mpx_tenant *t, struct bio *bio)
{
	if (bio_list_empty(&t->share_q))
		mpx_sfq_join(&tn->sfq, &t->sfq);
	bio_list_add(&t->share_q, bio);
	atomic_inc(&tn->nr_share);
}

/* The share stage, when the map is at its budget or others wait already. */
static noinline bool share_wait(struct mpx_tenants *tn, struct mpx_tenant *t, struct bio *bio,
				struct mpx_io *io)
{
	spin_lock_bh(&tn->lock);
	if (unlikely(t->dead))
		t = to_default(tn, io);
	if (!io->wait_ns)
		io->wait_ns = ktime_get_ns();
	mpx_tenant_share_add(tn, t, bio);
	atomic_inc(&t->nr_waiting);
	spin_unlock_bh(&tn->lock);
	/* after nr_share went up: a completion that missed it is covered here */
	queue_work(mpx_wq, &tn->work);
	return true;
}

/* The share stage: go now, or wait for completions to make room. */
static __always_inline bool share_or_go(struct mpx_tenants *tn, struct mpx_tenant *t,
					struct bio *bio, struct mpx_io *io)
{
	if (likely(!atomic_read(&tn->nr_share) &&
		   atomic_read(&tn->in_flight) < mpx_tenant_budget(tn)) ||
	    READ_ONCE(tn->draining))
		return false;
	return share_wait(tn, t, bio, io);
}

/*
 * The limit stage, once the tenant's share of tokens is used up (or it
 * has none): refill, and move the next share out of the bucket. The first
 * bio to wait hands the tenant to the worker (through a lock-free list, so
 * that this path never takes tn->lock), which keeps it in its heap of
 * tenants waiting for tokens. Out of line: mpx_tenant_admit stays small.
 */
static noinline bool limit_or_share(struct mpx_tenants *tn, struct mpx_tenant *t, struct bio *bio,
				    struct mpx_io *io)
{
	bool first, hand_over = false;
	u64 now = ktime_get_ns();

	spin_lock_bh(&t->lock);
	if (unlikely(t->dead)) {
		spin_unlock_bh(&t->lock);
		return share_or_go(tn, to_default(tn, io), bio, io);
	}
	first = bio_list_empty(&t->limited_q);
	/* the share may have been moved out while this bio waited for the lock */
	if (first && (mpx_bucket_take_fast(&t->iops_b) ||
		      !mpx_limits_admit(&t->iops_b, &t->bps_b, io->charge, now))) {
		mpx_limits_advance(&t->iops_b, &t->bps_b);
		spin_unlock_bh(&t->lock);
		return share_or_go(tn, t, bio, io);
	}
	/* over its allocation, or behind I/O that is: wait, in order */
	io->wait_ns = now;
	bio_list_add(&t->limited_q, bio);
	atomic_inc(&t->nr_waiting);
	if (!t->limit_wait) {
		t->limit_wait = true;
		hand_over = true;
		if (t != tn->dflt)
			kref_get(&t->ref);	/* the worker's, until it takes it */
	}
	spin_unlock_bh(&t->lock);
	if (hand_over) {
		llist_add(&t->new_wait, &tn->new_waits);
		queue_work(mpx_wq, &tn->work);
	}
	return true;
}

static noinline enum mpx_io_kind io_kind_slow(struct bio *bio)
{
	enum req_op op = bio_op(bio);
	struct mpx_io_desc d = {
		.meta_or_swap = bio->bi_opf & (REQ_META | REQ_SWAP),
		.flush = op == REQ_OP_FLUSH || (bio->bi_opf & REQ_PREFLUSH),
		.nodata_op = op == REQ_OP_DISCARD || op == REQ_OP_SECURE_ERASE ||
			     op == REQ_OP_WRITE_ZEROES,
		.bytes = bio->bi_iter.bi_size,
	};

	return mpx_io_kind(&d);
}

static __always_inline enum mpx_io_kind io_kind(struct bio *bio)
{
	enum req_op op = bio_op(bio);

	/* the usual bio, which core/tenant-cost.h needs no look at to call data */
	if (likely((op == REQ_OP_READ || op == REQ_OP_WRITE) &&
		   !(bio->bi_opf & (REQ_META | REQ_SWAP | REQ_PREFLUSH))))
		return MPX_IO_DATA;
	return io_kind_slow(bio);
}

/*
 * Called for every bio while tenant rules exist. True: the bio waits in a
 * tenant queue (the worker routes it later); false: route it now.
 */
bool mpx_tenant_admit(struct mpx *m, struct bio *bio, struct mpx_io *io)
{
	struct mpx_tenants *tn = m->tn;
	enum mpx_io_kind kind = io_kind(bio);
	struct mpx_tenant *t;

	t = lookup(tn, bio_cgroup_id(bio, io));
	io->tenant = t;
	io->wait_ns = 0;
	if (likely(kind == MPX_IO_DATA))
		io->charge = io->nr_bytes; /* a bio's size fits in u32 */
	else
		io->charge = (u32)min_t(u64, mpx_io_charge(kind, io->nr_bytes), U32_MAX);
	if (kind == MPX_IO_EXEMPT)
		return false;
	if (!READ_ONCE(t->limited) || READ_ONCE(tn->draining))
		return share_or_go(tn, t, bio, io);
	/* under its limit: a token of its share, no lock, no clock (mpx-tenant.h) */
	if (likely(mpx_bucket_take_fast(&t->iops_b)))
		return share_or_go(tn, t, bio, io);
	return limit_or_share(tn, t, bio, io);
}

/* One of the usable paths in set, for an I/O of pg; NULL if none. */
static struct mpx_path *aff_pick(struct mpx_pg *pg, const struct mpx_path_set *set, size_t nr_bytes)
{
	struct mpx_path *p;

	if (!set || !set->nr)
		return NULL;
	/* one usable path is every selector's choice */
	p = set->nr == 1 ? set->paths[0] : mpx_ps_select(pg, set, nr_bytes);
	return p && READ_ONCE(p->active) ? p : NULL;
}

/* Two or more of the paths in pg are usable: the selector picks. */
static noinline struct mpx_path *aff_select_set(const struct mpx_tenant_aff *aff, struct mpx_pg *pg,
						size_t nr_bytes)
{
	u8 buf[sizeof(struct mpx_path_set) +
	       MPX_TENANT_MAX_PATHS * sizeof(struct mpx_path *)] __aligned(8);
	struct mpx_path_set *set = (struct mpx_path_set *)buf;
	unsigned int i;

	/* built here, so that no path change has to republish it */
	set->nr = 0;
	for (i = 0; i < aff->nr; i++)
		if (aff->paths[i]->pg == pg && READ_ONCE(aff->paths[i]->active))
			set->paths[set->nr++] = aff->paths[i];
	return aff_pick(pg, set, nr_bytes);
}

/* A path of pg among the tenant's affinity paths that are usable. */
static struct mpx_path *aff_select(const struct mpx_tenant_aff *aff, struct mpx_pg *pg,
				   size_t nr_bytes)
{
	struct mpx_path *one = NULL;
	unsigned int i, n = 0;

	if (aff->group)
		return pg->num == aff->group ? aff_pick(pg, rcu_dereference(pg->usable), nr_bytes) :
					       NULL;
	for (i = 0; i < aff->nr; i++) {
		if (aff->paths[i]->pg == pg && READ_ONCE(aff->paths[i]->active)) {
			one = aff->paths[i];
			n++;
		}
	}
	return n > 1 ? aff_select_set(aff, pg, nr_bytes) : one;
}

/*
 * One of the tenant's affinity paths that is usable, the current group's
 * first, outside group skip (NULL: none skipped); NULL if there is none.
 */
static struct mpx_path *aff_path(struct mpx *m, const struct mpx_tenant_aff *aff,
				 const struct mpx_pg *skip, size_t nr_bytes)
{
	struct mpx_pg *cur = READ_ONCE(m->current_pg);
	struct mpx_path *p = NULL;
	unsigned int g;

	if (cur && cur != skip)
		p = aff_select(aff, cur, nr_bytes);
	for (g = 0; !p && g < m->nr_pgs; g++)
		if (&m->pgs[g] != cur && &m->pgs[g] != skip)
			p = aff_select(aff, &m->pgs[g], nr_bytes);
	return p;
}

/*
 * A path for the tenant's I/O: one of its affinity paths while any is
 * usable (the current group's first), else the map's own choice. The
 * group is not switched for it: affinity to a passive group's paths sends
 * I/O there, which only arrays with active/active access take well.
 */
struct mpx_path *mpx_tenant_choose(struct mpx *m, struct mpx_tenant *t, size_t nr_bytes)
{
	const struct mpx_tenant_aff *aff;
	struct mpx_path *p = NULL;

	rcu_read_lock();
	aff = rcu_dereference(t->aff);
	if (aff)
		p = aff_path(m, aff, NULL, nr_bytes);
	rcu_read_unlock();
	return p ? p : mpx_choose_path(m, nr_bytes);
}

/*
 * The map holds I/O for a failover: a path on which the bio of tenant t
 * (NULL: no tenant) goes ahead of that I/O (core/tenant-failover.h), or
 * NULL if it waits behind it. No group is switched for it while one is
 * being activated: its affinity paths outside that group only.
 */
struct mpx_path *mpx_tenant_ahead(struct mpx *m, struct mpx_tenant *t, size_t nr_bytes)
{
	struct mpx_fo_bio b = { .affinity = t && rcu_access_pointer(t->aff) };
	const struct mpx_tenant_aff *aff;
	struct mpx_path *p = NULL;

	if (!b.affinity || atomic_read(&t->nr_held))
		return NULL;
	b.activating = test_bit(MPX_F_QUEUE_IO, &m->flags);
	rcu_read_lock();
	aff = rcu_dereference(t->aff);
	if (aff)
		p = aff_path(m, aff, b.activating ? READ_ONCE(m->current_pg) : NULL, nr_bytes);
	rcu_read_unlock();
	if (!p && !b.activating)
		p = mpx_choose_path(m, nr_bytes);
	/* choosing may have switched groups and asked for activation */
	b.activating = test_bit(MPX_F_QUEUE_IO, &m->flags);
	b.path = p;
	b.path_activating = p && p->pg == READ_ONCE(m->current_pg);
	return mpx_fo_goes_ahead(&b) ? p : NULL;
}
