// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tenants in the data path: which tenant a bio belongs to, its limit and
 * share stages, its path affinity, and the worker that releases waiting
 * bios (design and locking in mpx-tenant.h).
 */
#include <linux/blkdev.h>
#include <linux/blk-cgroup.h>
#include <linux/cgroup.h>
#include "mpx-tenant.h"

/*
 * Shares are in 512-byte units with a 4 KiB floor: tenants get bandwidth
 * by weight, and a stream of tiny I/Os is not free.
 */
static u64 share_cost(size_t nr_bytes)
{
	return max_t(size_t, nr_bytes, 4096) >> SECTOR_SHIFT;
}

/*
 * The cgroup whose io controller the bio was issued under; 0 if none.
 * dm core clones bios without their blkcg association (the clone has no
 * device yet), and map runs in the submitter's context: associate it here,
 * which also keeps the cgroup on the path I/O when a worker sends it.
 * (Buffered writeback thus counts as the flusher's, as in dm-multipath.)
 */
static u64 bio_cgroup_id(struct bio *bio)
{
	struct cgroup_subsys_state *css;

	if (!bio->bi_blkg)
		bio_associate_blkg(bio);
	css = bio_blkcg_css(bio);

	return css ? cgroup_id(css->cgroup) : 0;
}

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
	kref_get(&tn->dflt->ref);	/* lives as long as the table */
	return tn->dflt;
}

static unsigned int budget(struct mpx_tenants *tn)
{
	unsigned int b = READ_ONCE(tn->budget);

	return b ? b : READ_ONCE(tn->auto_budget);
}

/* The share stage: go now, or wait for completions to make room. */
static bool share_or_go(struct mpx_tenants *tn, struct mpx_tenant *t,
			struct bio *bio, struct mpx_io *io)
{
	unsigned long flags;

	if (likely(!atomic_read(&tn->nr_share) &&
		   atomic_read(&tn->in_flight) < budget(tn)) ||
	    READ_ONCE(tn->draining))
		return false;
	spin_lock_irqsave(&tn->lock, flags);
	if (!io->wait_ns)
		io->wait_ns = ktime_get_ns();
	bio_list_add(&t->share_q, bio);
	atomic_inc(&tn->nr_share);
	spin_unlock_irqrestore(&tn->lock, flags);
	/* after nr_share went up: a completion that missed it is covered here */
	queue_work(mpx_wq, &tn->work);
	return true;
}

/*
 * Called for every bio while tenant rules exist. True: the bio waits in a
 * tenant queue (the worker routes it later); false: route it now.
 */
bool mpx_tenant_admit(struct mpx *m, struct bio *bio, struct mpx_io *io)
{
	struct mpx_tenants *tn = m->tn;
	struct mpx_tenant *t;
	unsigned long flags;
	bool first;
	u64 now;

	t = lookup(tn, bio_cgroup_id(bio));
	io->tenant = t;
	io->wait_ns = 0;
	if (!READ_ONCE(t->limited) || READ_ONCE(tn->draining))
		return share_or_go(tn, t, bio, io);

	now = ktime_get_ns();
	spin_lock_irqsave(&tn->lock, flags);
	first = bio_list_empty(&t->limited_q);
	if (first && !mpx_limits_admit(&t->iops_b, &t->bps_b, io->nr_bytes, now)) {
		spin_unlock_irqrestore(&tn->lock, flags);
		return share_or_go(tn, t, bio, io);
	}
	/* over its allocation, or behind I/O that is: wait, in order */
	io->wait_ns = now;
	bio_list_add(&t->limited_q, bio);
	spin_unlock_irqrestore(&tn->lock, flags);
	if (first)
		queue_work(mpx_wq, &tn->work);	/* it arms the refill timer */
	return true;
}

static struct mpx_path *aff_select(struct mpx_tenant *t, struct mpx_pg *pg,
				   size_t nr_bytes)
{
	struct mpx_path_set *set = rcu_dereference(t->aff_sets[pg->num - 1]);
	struct mpx_path *p;

	if (!set || !set->nr)
		return NULL;
	p = pg->ps->select_path(pg, set, nr_bytes);
	return p && READ_ONCE(p->active) ? p : NULL;
}

/*
 * A path for the tenant's I/O: one of its affinity paths while any is
 * usable (the current group's first), else the map's own choice. The
 * group is not switched for it: affinity to a passive group's paths sends
 * I/O there, which only arrays with active/active access take well.
 */
struct mpx_path *mpx_tenant_choose(struct mpx *m, struct mpx_tenant *t, size_t nr_bytes)
{
	struct mpx_path *p = NULL;
	struct mpx_pg *cur;
	unsigned int g;

	if (!READ_ONCE(t->has_aff))
		return mpx_choose_path(m, nr_bytes);
	rcu_read_lock();
	cur = READ_ONCE(m->current_pg);
	if (cur)
		p = aff_select(t, cur, nr_bytes);
	for (g = 0; !p && g < m->nr_pgs; g++)
		if (&m->pgs[g] != cur)
			p = aff_select(t, &m->pgs[g], nr_bytes);
	rcu_read_unlock();
	return p ? p : mpx_choose_path(m, nr_bytes);
}

void mpx_tenant_start(struct mpx_io *io, struct mpx_path *p)
{
	atomic_inc(&io->tenant->in_flight);
	atomic_inc(&io->tenant->tn->in_flight);
}

void mpx_tenant_end(struct mpx_io *io, struct mpx_path *p, blk_status_t error)
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
	if (atomic_dec_return(&tn->in_flight) < (int)budget(tn) &&
	    atomic_read(&tn->nr_share))
		queue_work(mpx_wq, &tn->work);
}

/* The bio leaves the target (completed, failed or handed back to dm). */
void mpx_tenant_done(struct mpx_io *io)
{
	mpx_tenant_put(io->tenant);
	io->tenant = NULL;
}

/*
 * Release what the tenant's limits allow now: straight out while the map
 * has room and nobody waits for a share (so other tenants never see the
 * released I/O queued ahead of them), else to its share queue. Returns
 * the wait for the rest, U64_MAX if none waits.
 */
static u64 release_limited(struct mpx_tenants *tn, struct mpx_tenant *t, u64 now,
			   int *room, struct bio_list *out)
{
	struct bio *bio;

	while ((bio = bio_list_peek(&t->limited_q))) {
		struct mpx_io *io = dm_per_bio_data(bio, sizeof(*io));
		u64 wait = 0;

		if (!tn->draining)
			wait = mpx_limits_admit(&t->iops_b, &t->bps_b, io->nr_bytes, now);
		if (wait)
			return wait;
		bio_list_pop(&t->limited_q);
		if (*room > 0 && !atomic_read(&tn->nr_share)) {
			(*room)--;
			bio_list_add(out, bio);
		} else {
			bio_list_add(&t->share_q, bio);
			atomic_inc(&tn->nr_share);
		}
	}
	return U64_MAX;
}

/* The waiting tenant to serve next: highest priority, then fair-share tag. */
static struct mpx_tenant *pick(struct mpx_tenants *tn)
{
	struct mpx_tenant *t, *best = NULL;

	list_for_each_entry(t, &tn->all, list)
		if (!bio_list_empty(&t->share_q) &&
		    (!best || mpx_sfq_before(&t->sfq, &best->sfq, tn->vtime)))
			best = t;
	return best;
}

static void account_wait(struct mpx_io *io, u64 now)
{
	if (!io->wait_ns)
		return;
	atomic64_inc(&io->tenant->deferred);
	atomic64_add(now - io->wait_ns, &io->tenant->deferred_ns);
	io->wait_ns = 0;
}

void mpx_tenants_work(struct work_struct *work)
{
	struct mpx_tenants *tn = container_of(work, struct mpx_tenants, work);
	struct bio_list out = BIO_EMPTY_LIST;
	u64 now = ktime_get_ns(), wait = U64_MAX;
	struct blk_plug plug;
	struct mpx_tenant *t;
	unsigned long flags;
	unsigned int b;
	int room;
	struct bio *bio;

	spin_lock_irqsave(&tn->lock, flags);
	b = budget(tn);
	room = tn->draining ? INT_MAX : (int)b - atomic_read(&tn->in_flight);
	list_for_each_entry(t, &tn->all, list)
		wait = min(wait, release_limited(tn, t, now, &room, &out));
	while (room-- > 0 && (t = pick(tn))) {
		struct mpx_io *io;

		bio = bio_list_pop(&t->share_q);
		io = dm_per_bio_data(bio, sizeof(*io));
		atomic_dec(&tn->nr_share);
		mpx_sfq_charge(&t->sfq, &tn->vtime, share_cost(io->nr_bytes));
		bio_list_add(&out, bio);
	}
	spin_unlock_irqrestore(&tn->lock, flags);

	/*
	 * At most a thousand wakeups a second: tokens keep accruing meanwhile
	 * (the bucket holds 1/4 s), so the rate is kept and the CPU spared.
	 */
	if (wait != U64_MAX)
		hrtimer_start(&tn->timer, ns_to_ktime(max_t(u64, wait, NSEC_PER_MSEC)),
			      HRTIMER_MODE_REL);
	blk_start_plug(&plug);
	while ((bio = bio_list_pop(&out))) {
		account_wait(dm_per_bio_data(bio, sizeof(struct mpx_io)), now);
		mpx_route_bio(tn->m, bio);
	}
	blk_finish_plug(&plug);
}

enum hrtimer_restart mpx_tenants_timer(struct hrtimer *timer)
{
	struct mpx_tenants *tn = container_of(timer, struct mpx_tenants, timer);

	queue_work(mpx_wq, &tn->work);
	return HRTIMER_NORESTART;
}

/*
 * Suspending: waiting bios must reach a path (or dm's push-back) for the
 * suspend to finish, so limits and the budget are off until resume.
 */
void mpx_tenants_drain(struct mpx *m, bool drain)
{
	struct mpx_tenants *tn = m->tn;
	unsigned long flags;

	if (!tn)
		return;
	spin_lock_irqsave(&tn->lock, flags);
	tn->draining = drain;
	spin_unlock_irqrestore(&tn->lock, flags);
	queue_work(mpx_wq, &tn->work);
}
