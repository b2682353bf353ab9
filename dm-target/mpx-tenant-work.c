// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tenant worker: it releases limited I/O as its tokens come and shared
 * I/O as the map makes room, then routes what it released (design and
 * locking in mpx-tenant.h).
 *
 * Each round holds tn->lock for at most MPX_TENANT_BATCH bios and finds
 * the next tenant in O(1) (the heaps' first), so the time spent with
 * softirqs off does not grow with the number of tenants or of waiting
 * bios; the worker yields the CPU between rounds.
 */
#include <linux/blkdev.h>
#include "mpx-tenant.h"

/*
 * Shares are in 512-byte units with a 4 KiB floor: tenants get bandwidth
 * by weight, and a stream of tiny I/Os is not free.
 */
static u64 share_cost(u32 charge)
{
	return max_t(u32, charge, 4096) >> SECTOR_SHIFT;
}

static unsigned int budget(struct mpx_tenants *tn)
{
	unsigned int b = READ_ONCE(tn->budget);

	return b ? b : READ_ONCE(tn->auto_budget);
}

static struct mpx_tenant *ready_tenant(struct mpx_heap_node *n)
{
	return container_of(n, struct mpx_tenant, ready_node);
}

/* Tenants whose limited queue just filled join the heap (tn->lock). */
static void take_new_waits(struct mpx_tenants *tn, struct llist_node *list, u64 now)
{
	struct mpx_tenant *t, *tmp;

	llist_for_each_entry_safe(t, tmp, list, new_wait)
	{
		/* a tenant deleted meanwhile had its queue adopted */
		if (!t->dead && !mpx_heap_contains(&t->ready_node)) {
			t->ready_ns = now;
			mpx_heap_push(&tn->ready, &t->ready_node);
		}
		mpx_tenant_put(t);	/* the reference limit_or_share took */
	}
}

/*
 * Release what one tenant's limits allow now (tn->lock): straight out
 * while the map has room and nobody waits for a share (so other tenants
 * never see the released I/O queued ahead of them), else to its share
 * queue. At most *left bios. Returns when the rest may go, U64_MAX if
 * none is left.
 */
static u64 release_limited(struct mpx_tenants *tn, struct mpx_tenant *t, u64 now, int *room,
			   unsigned int *left, struct bio_list *out)
{
	u64 ready = U64_MAX;
	struct bio *bio;

	spin_lock(&t->lock);
	while ((bio = bio_list_peek(&t->limited_q))) {
		struct mpx_io *io = dm_per_bio_data(bio, sizeof(*io));
		u64 wait = 0;

		if (!*left) {
			ready = now;	/* more next round */
			break;
		}
		if (!tn->draining)
			wait = mpx_limits_admit(&t->iops_b, &t->bps_b, io->charge, now);
		if (wait) {
			ready = now + wait;
			break;
		}
		bio_list_pop(&t->limited_q);
		(*left)--;
		if (*room > 0 && !atomic_read(&tn->nr_share)) {
			(*room)--;
			atomic_dec(&t->nr_waiting);
			bio_list_add(out, bio);
		} else {
			mpx_tenant_share_add(tn, t, bio);
		}
	}
	if (ready == U64_MAX)
		t->limit_wait = false;
	spin_unlock(&t->lock);
	return ready;
}

/* The tenants whose tokens are there, soonest first (tn->lock). */
static void release_ready(struct mpx_tenants *tn, u64 now, int *room, unsigned int *left,
			  struct bio_list *out)
{
	struct mpx_heap_node *n;

	while (*left && (n = mpx_heap_first(&tn->ready))) {
		struct mpx_tenant *t = ready_tenant(n);

		if (t->ready_ns > now && !tn->draining)
			break;
		t->ready_ns = release_limited(tn, t, now, room, left, out);
		if (t->ready_ns == U64_MAX)
			mpx_heap_remove(&tn->ready, n);
		else
			mpx_heap_fix(&tn->ready, n);
	}
}

/* Waiting I/O by priority and fair share, while the map has room (tn->lock). */
static void serve_shares(struct mpx_tenants *tn, int *room, unsigned int *left,
			 struct bio_list *out)
{
	struct mpx_sfq_tenant *s;

	while (*left && *room > 0 && (s = mpx_sfq_first(&tn->sfq))) {
		struct mpx_tenant *t = container_of(s, struct mpx_tenant, sfq);
		struct bio *bio = bio_list_pop(&t->share_q);
		struct mpx_io *io = dm_per_bio_data(bio, sizeof(*io));

		atomic_dec(&tn->nr_share);
		atomic_dec(&t->nr_waiting);
		mpx_sfq_charge(&tn->sfq, s, share_cost(io->charge), !bio_list_empty(&t->share_q));
		bio_list_add(out, bio);
		(*room)--;
		(*left)--;
	}
}

static void account_wait(struct mpx_io *io, u64 now)
{
	if (!io->wait_ns)
		return;
	atomic64_inc(&io->tenant->deferred);
	atomic64_add(now - io->wait_ns, &io->tenant->deferred_ns);
	io->wait_ns = 0;
}

/* One round: returns whether it stopped at the batch limit. */
static bool one_round(struct mpx_tenants *tn, u64 now, u64 *next)
{
	unsigned int left = MPX_TENANT_BATCH;
	struct bio_list out = BIO_EMPTY_LIST;
	struct llist_node *new_waits;
	struct mpx_heap_node *n;
	struct blk_plug plug;
	struct bio *bio;
	int room;

	new_waits = llist_del_all(&tn->new_waits);
	spin_lock_bh(&tn->lock);
	take_new_waits(tn, new_waits, now);
	room = tn->draining ? INT_MAX : (int)budget(tn) - atomic_read(&tn->in_flight);
	release_ready(tn, now, &room, &left, &out);
	serve_shares(tn, &room, &left, &out);
	n = mpx_heap_first(&tn->ready);
	*next = n ? ready_tenant(n)->ready_ns : U64_MAX;
	spin_unlock_bh(&tn->lock);

	blk_start_plug(&plug);
	while ((bio = bio_list_pop(&out))) {
		account_wait(dm_per_bio_data(bio, sizeof(struct mpx_io)), now);
		mpx_route_bio(tn->m, bio);
	}
	blk_finish_plug(&plug);
	return !left;
}

void mpx_tenants_work(struct work_struct *work)
{
	struct mpx_tenants *tn = container_of(work, struct mpx_tenants, work);
	u64 now, next;

	do {
		cond_resched();
		now = ktime_get_ns();
	} while (one_round(tn, now, &next));
	/*
	 * At most a thousand wakeups a second: tokens keep accruing meanwhile
	 * (the bucket holds 1/4 s), so the rate is kept and the CPU spared.
	 */
	if (next != U64_MAX)
		hrtimer_start(&tn->timer,
			      ns_to_ktime(max_t(u64, next > now ? next - now : 0, NSEC_PER_MSEC)),
			      HRTIMER_MODE_REL);
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

	if (!tn)
		return;
	spin_lock_bh(&tn->lock);
	tn->draining = drain;
	spin_unlock_bh(&tn->lock);
	queue_work(mpx_wq, &tn->work);
}
