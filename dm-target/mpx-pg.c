// SPDX-License-Identifier: GPL-2.0-only
/*
 * Priority groups and paths: which group serves I/O, which of its paths
 * are usable, and the fail/reinstate/bypass/switch state changes.
 *
 * The current group keeps serving while it has a usable path (no automatic
 * failback: that is the daemon's call, through switch_group). When it has
 * none, the first group in table order with a usable path takes over;
 * disabled (bypassed) groups are tried only when no other group can serve.
 */
#include <linux/slab.h>
#include "mpx-ps.h"
#include "mpx-tenant.h"
#include "mpx-compat.h"

static const char *md_name(struct mpx *m)
{
	return dm_device_name(dm_table_get_md(m->ti->table));
}

/*
 * Republish the group's usable paths. After table load this runs under
 * m->lock, possibly from a bio completion, hence GFP_ATOMIC. If that
 * fails, the group falls back to its full path list: selectors skip
 * inactive paths themselves, so only the balance suffers, never
 * correctness. The constructor publishes with GFP_KERNEL and fails the
 * load, with a reason, if even that fails.
 */
int mpx_pg_publish(struct mpx_pg *pg, gfp_t gfp)
{
	struct mpx_path_set *set, *old;
	unsigned int i;

	set = kmalloc(struct_size(set, paths, pg->nr_paths), gfp);
	if (!set) {
		DMWARN_LIMIT("%s: no memory to republish group %u, using its first active path",
			     md_name(pg->m), pg->num);
	} else {
		set->nr = 0;
		for (i = 0; i < pg->nr_paths; i++)
			if (pg->paths[i].active)
				set->paths[set->nr++] = &pg->paths[i];
	}
	old = rcu_replace_pointer(pg->usable, set, true);
	if (old)
		kfree_rcu(old, rcu);
	mpx_tenants_publish(pg->m);
	return set ? 0 : -ENOMEM;
}

void mpx_pg_unpublish(struct mpx_pg *pg)
{
	kfree(rcu_dereference_protected(pg->usable, true));
	RCU_INIT_POINTER(pg->usable, NULL);
}

/* A path of the group for this I/O, or NULL when none is usable. */
static struct mpx_path *pg_select(struct mpx_pg *pg, size_t nr_bytes)
{
	struct mpx_path_set *set;
	struct mpx_path *p = NULL;

	rcu_read_lock();
	set = rcu_dereference(pg->usable);
	if (likely(set)) {
		if (set->nr)
			p = pg->ps->select_path(pg, set, nr_bytes);
	} else {
		unsigned int i;

		/* republish failed: the first active path will do */
		for (i = 0; i < pg->nr_paths && !p; i++)
			if (READ_ONCE(pg->paths[i].active))
				p = &pg->paths[i];
	}
	rcu_read_unlock();
	if (p && unlikely(!READ_ONCE(p->active)))
		p = NULL;	/* failed under us: the slow path retries */
	return p;
}

static void switch_to(struct mpx *m, struct mpx_pg *pg)
{
	if (m->current_pg == pg)
		return;
	WRITE_ONCE(m->current_pg, pg);
	m->pg_init_count = 0;
	if (m->hw_handler) {
		set_bit(MPX_F_PG_INIT_REQUIRED, &m->flags);
		set_bit(MPX_F_QUEUE_IO, &m->flags);
	} else {
		clear_bit(MPX_F_PG_INIT_REQUIRED, &m->flags);
		clear_bit(MPX_F_QUEUE_IO, &m->flags);
	}
}

static struct mpx_path *choose_slow(struct mpx *m, size_t nr_bytes)
{
	struct mpx_path *p = NULL;
	struct mpx_pg *pg;
	unsigned long flags;
	unsigned int i, bypassed;

	spin_lock_irqsave(&m->lock, flags);
	if (!m->nr_valid_paths)
		goto none;
	pg = m->next_pg;
	if (pg) {
		m->next_pg = NULL;
		p = pg_select(pg, nr_bytes);
		if (p)
			goto found;
	}
	pg = m->current_pg;
	if (pg) {
		p = pg_select(pg, nr_bytes);
		if (p)
			goto out;
	}
	for (bypassed = 0; bypassed < 2; bypassed++) {
		for (i = 0; i < m->nr_pgs; i++) {
			pg = &m->pgs[i];
			if (pg->bypassed != bypassed)
				continue;
			p = pg_select(pg, nr_bytes);
			if (!p)
				continue;
			if (bypassed)
				set_bit(MPX_F_PG_INIT_DELAY_RETRY, &m->flags);
			goto found;
		}
	}
none:
	WRITE_ONCE(m->current_pg, NULL);
	p = NULL;
	goto out;
found:
	switch_to(m, pg);
out:
	spin_unlock_irqrestore(&m->lock, flags);
	return p;
}

struct mpx_path *mpx_choose_path(struct mpx *m, size_t nr_bytes)
{
	struct mpx_pg *pg = READ_ONCE(m->current_pg);
	struct mpx_path *p;

	if (likely(pg && !READ_ONCE(m->next_pg))) {
		p = pg_select(pg, nr_bytes);
		if (likely(p))
			return p;
	}
	return choose_slow(m, nr_bytes);
}

/* Returns 0; the path may already have failed (then nothing changes). */
int mpx_fail_path(struct mpx *m, struct mpx_path *p)
{
	unsigned long flags;
	bool last = false;

	spin_lock_irqsave(&m->lock, flags);
	if (!p->active)
		goto out;
	DMWARN("%s: Failing path %s.", md_name(m), p->name);
	WRITE_ONCE(p->active, false);
	p->fail_count++;
	m->nr_valid_paths--;
	mpx_pg_publish(p->pg, GFP_ATOMIC);
	dm_path_uevent(MPX_UEVENT_PATH_FAILED, m->ti, p->name, m->nr_valid_paths);
	mpx_raise_event(m);
	if (!m->nr_valid_paths) {
		mpx_no_path_episode(m);
		last = true;
	}
out:
	spin_unlock_irqrestore(&m->lock, flags);
	/* held I/O of tenants set to nopath=fail fails now */
	if (last && READ_ONCE(m->tn))
		mpx_kick_queued(m);
	return 0;
}

int mpx_reinstate_path(struct mpx *m, struct mpx_path *p)
{
	unsigned long flags;
	bool run_queue = false;

	spin_lock_irqsave(&m->lock, flags);
	if (p->active)
		goto out;
	DMWARN("%s: Reinstating path %s.", md_name(m), p->name);
	WRITE_ONCE(p->active, true);
	if (!m->nr_valid_paths++) {
		/* the no-path episode is over */
		clear_bit(MPX_F_NO_PATH_EXPIRED, &m->flags);
		del_timer(&m->no_path_timer);
		run_queue = true;
	} else if (m->hw_handler && m->current_pg == p->pg) {
		/* bring the new path of the active group up too */
		mpx_hw_activate_one(m, p);
	}
	mpx_pg_publish(p->pg, GFP_ATOMIC);
	dm_path_uevent(MPX_UEVENT_PATH_REINSTATED, m->ti, p->name,
		       m->nr_valid_paths);
	mpx_raise_event(m);
out:
	spin_unlock_irqrestore(&m->lock, flags);
	if (run_queue)
		mpx_kick_queued(m);
	return 0;
}

void mpx_bypass_pg(struct mpx *m, struct mpx_pg *pg, bool bypass)
{
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	pg->bypassed = bypass;
	WRITE_ONCE(m->current_pg, NULL);
	spin_unlock_irqrestore(&m->lock, flags);
	mpx_raise_event(m);
}

void mpx_switch_pg(struct mpx *m, struct mpx_pg *pg)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&m->lock, flags);
	for (i = 0; i < m->nr_pgs; i++)
		m->pgs[i].bypassed = false;
	WRITE_ONCE(m->current_pg, NULL);
	WRITE_ONCE(m->next_pg, pg);
	spin_unlock_irqrestore(&m->lock, flags);
	mpx_raise_event(m);
}

/* The group number "status" and "table" report (kernel target's rule). */
unsigned int mpx_status_pg_num(struct mpx *m)
{
	struct mpx_pg *pg = READ_ONCE(m->next_pg);

	if (!pg)
		pg = READ_ONCE(m->current_pg);
	if (pg)
		return pg->num;
	return m->nr_pgs ? 1 : 0;
}

void mpx_trigger_event(struct work_struct *work)
{
	struct mpx *m = container_of(work, struct mpx, event_work);

	dm_table_event(m->ti->table);
}

/*
 * dm_table_event() sends a uevent, which allocates with GFP_KERNEL: on
 * kmpxd (WQ_MEM_RECLAIM, which also moves held and retried I/O) it could
 * leave that I/O waiting behind reclaim, which may need that very I/O (swap
 * or writeback on this map). The system queue, as dm-mpath uses, can wait.
 */
void mpx_raise_event(struct mpx *m)
{
	schedule_work(&m->event_work);
}
