// SPDX-License-Identifier: GPL-2.0-only
/*
 * The data path: map a bio to a path, retry it on another path after a
 * path error, and hold it while no path is usable (queue_if_no_path).
 *
 * Held bios sit in m->queued in arrival order. While any are held, new
 * bios queue behind them, so a path coming back sees the old I/O first.
 * Only the dispatch worker takes bios off the queue.
 */
#include <linux/blkdev.h>
#include <linux/ktime.h>
#include "mpx-select.h"
#include "mpx-tenant.h"
#include "mpx-compat.h"

enum mpx_action { MPX_REMAP, MPX_QUEUE, MPX_KILL, MPX_PUSH_BACK };

static void bio_save(struct mpx_io *io, struct bio *bio)
{
	struct mpx_bio_saved *s = &io->saved;

	s->bdev = bio->bi_bdev;
	s->flags = bio->bi_flags;
	s->remaining = atomic_read(&bio->__bi_remaining);
	s->iter = bio->bi_iter;
	s->end_io = bio->bi_end_io;
	s->integrity = bio_integrity(bio);
}

/* Undo what a failed trip down a path did to the bio, so it can go again. */
static void bio_restore(struct mpx_io *io, struct bio *bio)
{
	struct mpx_bio_saved *s = &io->saved;

	bio->bi_bdev = s->bdev;
	bio->bi_flags = s->flags;
	atomic_set(&bio->__bi_remaining, s->remaining);
	bio->bi_iter = s->iter;
	bio->bi_end_io = s->end_io;
	bio->bi_status = BLK_STS_OK;
}

/* I/O with no usable path waits, rather than failing. */
static bool must_queue(struct mpx *m)
{
	return test_bit(MPX_F_QUEUE_IF_NO_PATH, &m->flags) &&
	       !test_bit(MPX_F_NO_PATH_EXPIRED, &m->flags);
}

/*
 * Across a noflush suspend (a table reload), dm core keeps the bio and
 * reissues it after resume, whatever queue_if_no_path says: the new table
 * may have the path this one lacks. This is 6.1 dm-mpath's rule. Only a
 * no_path_timeout that has run out fails the I/O, as it promised.
 */
static bool must_push_back(struct mpx *m)
{
	return !test_bit(MPX_F_NO_PATH_EXPIRED, &m->flags) && dm_noflush_suspending(m->ti);
}

/* A tenant set to nopath=fail: its I/O fails while the map has no path. */
static bool tenant_fails(struct mpx *m, struct mpx_io *io)
{
	return io->tenant && READ_ONCE(io->tenant->fail_if_no_path) &&
	       !READ_ONCE(m->nr_valid_paths);
}

static enum mpx_action decide(struct mpx *m, struct mpx_io *io, bool worker,
			      struct mpx_path **ret_path)
{
	struct mpx_path *p;

	if (unlikely(tenant_fails(m, io)))
		return MPX_KILL;
	if (unlikely((!worker && atomic_read(&m->nr_queued)) ||
		     test_bit(MPX_F_QUEUE_IO, &m->flags))) {
		/* a failover holds I/O: a tenant with affinity may go ahead */
		p = mpx_tenant_ahead(m, io->tenant, io->nr_bytes);
		if (!p)
			return MPX_QUEUE;
		*ret_path = p;
		return MPX_REMAP;
	}
	if (unlikely(io->tenant))
		p = mpx_tenant_choose(m, io->tenant, io->nr_bytes);
	else
		p = mpx_choose_path(m, io->nr_bytes);
	if (unlikely(!p)) {
		if (tenant_fails(m, io))
			return MPX_KILL;
		if (must_queue(m))
			return MPX_QUEUE;
		return must_push_back(m) ? MPX_PUSH_BACK : MPX_KILL;
	}
	/* choosing may have switched groups and asked for activation */
	if (unlikely(test_bit(MPX_F_QUEUE_IO, &m->flags)))
		return MPX_QUEUE;
	*ret_path = p;
	return MPX_REMAP;
}

static __always_inline void remap(struct mpx_path *p, struct bio *bio, struct mpx_io *io)
{
	const struct mpx_ps_type *ps = p->pg->ps;

	io->path = p;
	/* only selectors that learn from service times need the clock */
	if (ps->end_io)
		io->start_ns = ktime_get_ns();
	/* a tenant's I/O goes as its cgroup's, from whichever task maps it */
	if (unlikely(io->tenant && io->css))
		mpx_bio_set_dev_css(bio, p->dev->bdev, io->css);
	else
		bio_set_dev(bio, p->dev->bdev);
	/* let the transport fail fast: another path is the better retry */
	bio->bi_opf |= REQ_FAILFAST_TRANSPORT;
	atomic_inc(&p->in_flight);
	atomic64_add(io->nr_bytes, &p->in_flight_bytes);
	if (unlikely(io->tenant))
		mpx_tenant_start(io, p);
	if (ps->start_io)
		ps->start_io(p, io->nr_bytes);
}

/*
 * With bios held (under m->lock): start a group activation if one is due,
 * and tell whether the dispatcher has something to do now.
 */
static bool held_bios_can_move(struct mpx *m)
{
	if (test_bit(MPX_F_PG_INIT_REQUIRED, &m->flags) && !mpx_hw_pg_init(m))
		clear_bit(MPX_F_QUEUE_IO, &m->flags);	/* nothing to wait for */
	return !test_bit(MPX_F_QUEUE_IO, &m->flags) &&
	       (m->nr_valid_paths || !must_queue(m));
}

/* Add to the tail of the held queue; run it if something can be sent. */
static void queue_bio(struct mpx *m, struct bio *bio)
{
	unsigned long flags;
	bool kick;

	spin_lock_irqsave(&m->lock, flags);
	mpx_tenant_hold(dm_per_bio_data(bio, sizeof(struct mpx_io)));
	bio_list_add(&m->queued, bio);
	atomic_inc(&m->nr_queued);
	kick = held_bios_can_move(m);
	spin_unlock_irqrestore(&m->lock, flags);
	if (kick)
		queue_work(mpx_wq, &m->dispatch_work);
}

/* The bio leaves the target: drop its tenant reference, if it has one. */
static inline void tenant_done(struct mpx_io *io)
{
	if (unlikely(io->tenant))
		mpx_tenant_done(io);
}

/*
 * decide()'s choice where nothing stands in the way: a tenant's affinity
 * path, else the current group's. NULL: ask decide().
 */
static __always_inline struct mpx_path *choose_fast(struct mpx *m, struct mpx_io *io)
{
	struct mpx_tenant *t = io->tenant;

	if (unlikely(t)) {
		if (unlikely(tenant_fails(m, io)))
			return NULL;
		if (rcu_access_pointer(t->aff))
			return mpx_tenant_choose(m, t, io->nr_bytes);
	}
	return mpx_choose_fast(m, io->nr_bytes);
}

static noinline int map_slow(struct mpx *m, struct bio *bio, struct mpx_io *io)
{
	struct mpx_path *p = NULL;

	switch (decide(m, io, false, &p)) {
	case MPX_REMAP:
		remap(p, bio, io);
		return DM_MAPIO_REMAPPED;
	case MPX_QUEUE:
		queue_bio(m, bio);
		return DM_MAPIO_SUBMITTED;
	case MPX_PUSH_BACK:
		tenant_done(io);
		return DM_MAPIO_REQUEUE;
	default:
		tenant_done(io);
		return DM_MAPIO_KILL;
	}
}

/* The target's map: the common case inline, the rest in map_slow(). */
int mpx_map_bio(struct dm_target *ti, struct bio *bio)
{
	struct mpx *m = ti->private;
	struct mpx_io *io = dm_per_bio_data(bio, sizeof(*io));
	struct mpx_tenants *tn = READ_ONCE(m->tn);
	struct mpx_path *p;

	io->path = NULL;
	io->tenant = NULL;
	io->held = false;
	io->nr_bytes = bio->bi_iter.bi_size;
	bio_save(io, bio);
	/* without tenant rules, this one test is all they cost */
	if (unlikely(tn && READ_ONCE(tn->nr_rules)) && mpx_tenant_admit(m, bio, io))
		return DM_MAPIO_SUBMITTED;
	/* decide()'s order: held bios first, then no group activation due */
	if (likely(!atomic_read(&m->nr_queued) && !test_bit(MPX_F_QUEUE_IO, &m->flags))) {
		p = choose_fast(m, io);
		if (likely(p && !test_bit(MPX_F_QUEUE_IO, &m->flags))) {
			remap(p, bio, io);
			return DM_MAPIO_REMAPPED;
		}
	}
	return map_slow(m, bio, io);
}

/* Route a bio the target already owns (a tenant queue released it). */
void mpx_route_bio(struct mpx *m, struct bio *bio)
{
	struct mpx_io *io = dm_per_bio_data(bio, sizeof(*io));
	struct mpx_path *p = NULL;

	switch (decide(m, io, false, &p)) {
	case MPX_REMAP:
		remap(p, bio, io);
		dm_submit_bio_remap(bio, NULL);
		break;
	case MPX_QUEUE:
		queue_bio(m, bio);
		break;
	case MPX_PUSH_BACK:
		bio->bi_status = BLK_STS_DM_REQUEUE;
		bio_endio(bio);
		break;
	default:
		bio->bi_status = BLK_STS_IOERR;
		bio_endio(bio);
		break;
	}
}

/*
 * Completions run in any context, a hard IRQ's included, which can
 * interrupt another completion on the same CPU: the counters take this_cpu
 * operations, which are safe against that (a plain ++ under get_cpu_ptr()
 * is not).
 */
static __always_inline void account_end(struct mpx_path *p, struct mpx_io *io, blk_status_t error)
{
	atomic_dec(&p->in_flight);
	atomic64_sub(io->nr_bytes, &p->in_flight_bytes);
	if (unlikely(io->tenant))
		mpx_tenant_end(io, p, error);
	if (p->pg->ps->end_io)
		p->pg->ps->end_io(p, io->nr_bytes, io->start_ns);
	this_cpu_inc(p->stats->ios);
	this_cpu_add(p->stats->bytes, io->nr_bytes);
	if (unlikely(error))
		mpx_path_error(p, error);
}

static int end_io(struct mpx *m, struct bio *bio, blk_status_t *error)
{
	struct mpx_io *io = dm_per_bio_data(bio, sizeof(*io));
	struct mpx_path *p = io->path;
	unsigned long flags;

	if (!p)
		return DM_ENDIO_DONE;	/* failed or pushed back before dispatch */
	account_end(p, io, *error);
	io->path = NULL;
	if (likely(!*error) || !blk_path_error(*error))
		return DM_ENDIO_DONE;

	mpx_fail_path(m, p);
	/*
	 * Linux 6.1 frees a bio's integrity payload when the bio completes,
	 * before the target sees it: a retry would carry the data without
	 * the protection information the layer above attached. dm core still
	 * has the original, payload and all: only across a noflush suspend
	 * does it send it again. Otherwise the error goes back up.
	 */
	if (unlikely(io->saved.integrity)) {
		if (must_push_back(m))
			return DM_ENDIO_REQUEUE;
		DMERR_LIMIT("%s: not retrying I/O with integrity data on another path",
			    dm_device_name(dm_table_get_md(m->ti->table)));
		return DM_ENDIO_DONE;
	}
	spin_lock_irqsave(&m->lock, flags);
	if (!m->nr_valid_paths && (!must_queue(m) || tenant_fails(m, io))) {
		spin_unlock_irqrestore(&m->lock, flags);
		if (must_push_back(m))
			return DM_ENDIO_REQUEUE;
		*error = BLK_STS_IOERR;
		return DM_ENDIO_DONE;
	}
	spin_unlock_irqrestore(&m->lock, flags);
	/* try again on another path, or hold it until one is back */
	bio_restore(io, bio);
	queue_bio(m, bio);
	return DM_ENDIO_INCOMPLETE;
}

/* end_io() but for the common case; the bio's tenant reference goes with it. */
static noinline int end_io_slow(struct mpx *m, struct bio *bio, struct mpx_io *io,
				blk_status_t *error)
{
	int r = end_io(m, bio, error);

	if (r != DM_ENDIO_INCOMPLETE)
		tenant_done(io);
	return r;
}

/* The target's end_io: a completion without error inline, the rest in end_io(). */
int mpx_end_io_bio(struct dm_target *ti, struct bio *bio, blk_status_t *error)
{
	struct mpx_io *io = dm_per_bio_data(bio, sizeof(*io));
	struct mpx_path *p = io->path;

	if (likely(p && !*error)) {
		account_end(p, io, BLK_STS_OK);
		io->path = NULL;
		tenant_done(io);
		return DM_ENDIO_DONE;
	}
	return end_io_slow(ti->private, bio, io, error);
}

/* Put what the worker could not send back at the head, keeping the order. */
static void requeue_head(struct mpx *m, struct bio_list *rest)
{
	unsigned long flags;
	bool kick;

	spin_lock_irqsave(&m->lock, flags);
	bio_list_merge(rest, &m->queued);
	m->queued = *rest;
	kick = held_bios_can_move(m);
	spin_unlock_irqrestore(&m->lock, flags);
	if (kick)
		queue_work(mpx_wq, &m->dispatch_work);
}

/*
 * The head of the held queue must wait for a path: bios of tenants that
 * fail while the map has none still fail now, wherever they are in the
 * queue; the rest keep their order.
 */
static void fail_tenant_bios(struct mpx *m, struct bio_list *list)
{
	struct bio_list keep = BIO_EMPTY_LIST;
	struct bio *bio;

	if (!READ_ONCE(m->tn))
		return;
	while ((bio = bio_list_pop(list))) {
		if (!tenant_fails(m, dm_per_bio_data(bio, sizeof(struct mpx_io)))) {
			bio_list_add(&keep, bio);
			continue;
		}
		atomic_dec(&m->nr_queued);
		mpx_tenant_unhold(dm_per_bio_data(bio, sizeof(struct mpx_io)));
		bio->bi_status = BLK_STS_IOERR;
		bio_endio(bio);
	}
	*list = keep;
}

void mpx_dispatch_queued(struct work_struct *work)
{
	struct mpx *m = container_of(work, struct mpx, dispatch_work);
	struct blk_plug plug;
	struct bio_list list;
	unsigned long flags;
	struct bio *bio;

	spin_lock_irqsave(&m->lock, flags);
	list = m->queued;
	bio_list_init(&m->queued);
	spin_unlock_irqrestore(&m->lock, flags);

	blk_start_plug(&plug);
	while ((bio = bio_list_pop(&list))) {
		struct mpx_io *io = dm_per_bio_data(bio, sizeof(*io));
		struct mpx_path *p = NULL;

		switch (decide(m, io, true, &p)) {
		case MPX_REMAP:
			atomic_dec(&m->nr_queued);
			mpx_tenant_unhold(io);
			remap(p, bio, io);
			dm_submit_bio_remap(bio, NULL);
			break;
		case MPX_QUEUE:
			bio_list_add_head(&list, bio);
			fail_tenant_bios(m, &list);
			requeue_head(m, &list);
			goto out;
		case MPX_PUSH_BACK:
			atomic_dec(&m->nr_queued);
			mpx_tenant_unhold(io);
			bio->bi_status = BLK_STS_DM_REQUEUE;
			bio_endio(bio);
			break;
		default:
			atomic_dec(&m->nr_queued);
			mpx_tenant_unhold(io);
			bio->bi_status = BLK_STS_IOERR;
			bio_endio(bio);
			break;
		}
	}
out:
	blk_finish_plug(&plug);
}

void mpx_kick_queued(struct mpx *m)
{
	if (atomic_read(&m->nr_queued))
		queue_work(mpx_wq, &m->dispatch_work);
}

/*
 * Turn queue_if_no_path on or off. With save, the current setting is kept
 * for resume to restore (presuspend); without, a saved "on" is forgotten
 * too, so fail_if_no_path during a suspend wins.
 */
void mpx_set_queue_if_no_path(struct mpx *m, bool on, bool save)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	if (save && !test_bit(MPX_F_QUEUE_IF_NO_PATH, &m->flags) &&
	    test_bit(MPX_F_SAVED_QUEUE_IF_NO_PATH, &m->flags))
		/* saved by a presuspend whose resume never came: keep it */
		DMWARN("%s: queue_if_no_path already saved, keeping it",
		       dm_device_name(dm_table_get_md(m->ti->table)));
	else if (save)
		assign_bit(MPX_F_SAVED_QUEUE_IF_NO_PATH, &m->flags,
			   test_bit(MPX_F_QUEUE_IF_NO_PATH, &m->flags));
	else if (!on)
		clear_bit(MPX_F_SAVED_QUEUE_IF_NO_PATH, &m->flags);
	assign_bit(MPX_F_QUEUE_IF_NO_PATH, &m->flags, on);
	if (on)
		mpx_arm_no_path_timer(m);
	else
		del_timer(&m->no_path_timer);
	spin_unlock_irqrestore(&m->lock, flags);
	/* held bios now go out, or fail if there is still no path */
	if (!on)
		mpx_kick_queued(m);
}

/*
 * A no-path episode starts (under m->lock): the last usable path failed.
 * With no_path_timeout set, held I/O is failed if no path is back in time.
 * Enforced here so that it holds with no daemon running.
 */
void mpx_no_path_episode(struct mpx *m)
{
	m->no_path_since = jiffies;
	clear_bit(MPX_F_NO_PATH_EXPIRED, &m->flags);
	mpx_arm_no_path_timer(m);
}

/*
 * While I/O is held for want of a path, the timer runs to the end of the
 * episode's no_path_timeout (under m->lock). The deadline is the episode's,
 * not the caller's: turning queueing off and on again, which every suspend
 * and resume does, neither restarts the wait nor undoes its expiry; only a
 * path coming back ends the episode.
 */
void mpx_arm_no_path_timer(struct mpx *m)
{
	if (!m->feat.no_path_timeout || m->nr_valid_paths ||
	    !test_bit(MPX_F_QUEUE_IF_NO_PATH, &m->flags) ||
	    test_bit(MPX_F_NO_PATH_EXPIRED, &m->flags) || timer_pending(&m->no_path_timer))
		return;
	mod_timer(&m->no_path_timer, m->no_path_since + m->feat.no_path_timeout * HZ);
}

void mpx_no_path_timeout(struct timer_list *t)
{
	struct mpx *m = from_timer(m, t, no_path_timer);
	unsigned long flags;
	bool expired = false;

	spin_lock_irqsave(&m->lock, flags);
	if (!m->nr_valid_paths) {
		set_bit(MPX_F_NO_PATH_EXPIRED, &m->flags);
		expired = true;
	}
	spin_unlock_irqrestore(&m->lock, flags);
	if (!expired)
		return;
	DMWARN("%s: no path for %u s (no_path_timeout), failing queued I/O",
	       dm_device_name(dm_table_get_md(m->ti->table)),
	       m->feat.no_path_timeout);
	mpx_kick_queued(m);
	mpx_raise_event(m);
}
