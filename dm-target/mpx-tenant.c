// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tenants: the per-map table of them and the "tenant" messages that change
 * it at run time. Their part of the "stats" report is in
 * mpx-tenant-stats.c, the data path in mpx-tenant-io.c and
 * mpx-tenant-work.c; the design is in mpx-tenant.h.
 */
#include <linux/blkdev.h>
#include <linux/slab.h>
#include "mpx-tenant.h"
#include "core/tenant-parse.h"
#include "core/message-parse.h"

static const char *md_name(struct mpx *m)
{
	return dm_device_name(dm_table_get_md(m->ti->table));
}

void mpx_tenant_release(struct kref *ref)
{
	struct mpx_tenant *t = container_of(ref, struct mpx_tenant, ref);

	struct mpx_tenant_aff *aff = rcu_dereference_protected(t->aff, true);

	/* the last bio is gone; lookups and the stats may still read it: RCU */
	if (aff)
		kfree_rcu(aff, rcu);
	kfree_rcu(t, rcu);
}

static struct mpx_tenant *tenant_alloc(struct mpx_tenants *tn, u64 id)
{
	struct mpx_tenant *t;

	t = kzalloc(struct_size(t, served, tn->m->nr_paths), GFP_KERNEL);
	if (!t)
		return NULL;
	kref_init(&t->ref);
	t->tn = tn;
	t->id = id;
	spin_lock_init(&t->lock);
	mpx_heap_node_init(&t->ready_node);
	mpx_sfq_tenant_init(&t->sfq, 100, 0);
	bio_list_init(&t->limited_q);
	bio_list_init(&t->share_q);
	return t;
}

static bool ready_before(const struct mpx_heap_node *a, const struct mpx_heap_node *b)
{
	return container_of(a, struct mpx_tenant, ready_node)->ready_ns <
	       container_of(b, struct mpx_tenant, ready_node)->ready_ns;
}

/* Both heaps' arrays, for cap tenants. */
static int heaps_alloc(unsigned int cap, struct mpx_heap_node ***sfq, struct mpx_heap_node ***ready)
{
	*sfq = kcalloc(cap, sizeof(**sfq), GFP_KERNEL);
	*ready = kcalloc(cap, sizeof(**ready), GFP_KERNEL);
	if (*sfq && *ready)
		return 0;
	kfree(*sfq);
	kfree(*ready);
	return -ENOMEM;
}

/* The map's paths' request queues: past that, I/O waits for tags anyway. */
static unsigned int auto_budget(struct mpx *m)
{
	unsigned int g, i, best = 0;

	for (g = 0; g < m->nr_pgs; g++) {
		unsigned int sum = 0;

		for (i = 0; i < m->pgs[g].nr_paths; i++) {
			struct mpx_path *p = &m->pgs[g].paths[i];

			if (READ_ONCE(p->active))
				sum += bdev_get_queue(p->dev->bdev)->nr_requests;
		}
		best = max(best, sum);	/* one group serves at a time */
	}
	return max(best, 1U);
}

/* A path changed state (under m->lock): the budget follows. */
void mpx_tenants_publish(struct mpx *m)
{
	struct mpx_tenants *tn = m->tn;

	if (tn)
		WRITE_ONCE(tn->auto_budget, auto_budget(m));
}

int mpx_tenants_init(struct mpx *m)
{
	struct mpx_heap_node **sfq, **ready;
	struct mpx_tenants *tn;
	unsigned long flags;

	tn = kzalloc(sizeof(*tn), GFP_KERNEL);
	if (!tn)
		return -ENOMEM;
	tn->m = m;
	spin_lock_init(&tn->lock);
	hash_init(tn->hash);
	INIT_LIST_HEAD(&tn->all);
	init_llist_head(&tn->new_waits);
	INIT_WORK(&tn->work, mpx_tenants_work);
	hrtimer_init(&tn->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	tn->timer.function = mpx_tenants_timer;
	tn->heap_cap = 16;
	tn->dflt = tenant_alloc(tn, 0);
	if (!tn->dflt || heaps_alloc(tn->heap_cap, &sfq, &ready)) {
		kfree(tn->dflt);
		kfree(tn);
		return -ENOMEM;
	}
	mpx_sfq_init(&tn->sfq, sfq, tn->heap_cap);
	mpx_heap_init(&tn->ready, ready, tn->heap_cap, ready_before);
	list_add(&tn->dflt->list, &tn->all);
	tn->nr_tenants = 1;
	spin_lock_irqsave(&m->lock, flags);
	tn->auto_budget = auto_budget(m);
	spin_unlock_irqrestore(&m->lock, flags);
	/* the data path reads m->tn without a lock: publish it complete */
	smp_store_release(&m->tn, tn);
	return 0;
}

/* Table destruction: nothing moves waiting bios from here on. */
void mpx_tenants_stop(struct mpx *m)
{
	struct mpx_tenants *tn = m->tn;

	if (!tn)
		return;
	/* the timer queues the work and the work arms the timer: stop both */
	cancel_work_sync(&tn->work);
	hrtimer_cancel(&tn->timer);
	cancel_work_sync(&tn->work);
}

static void fail_waiting(struct bio_list *q)
{
	struct bio *bio;

	while ((bio = bio_list_pop(q))) {
		DMERR_LIMIT("failing a waiting tenant bio at table destruction");
		bio_io_error(bio);
	}
}

/* dm has suspended the device: no bio is waiting or in flight. */
void mpx_tenants_exit(struct mpx *m)
{
	struct mpx_tenants *tn = m->tn;
	struct mpx_tenant *t, *tmp;
	struct llist_node *new_waits;

	if (!tn)
		return;
	mpx_tenants_stop(m);
	new_waits = llist_del_all(&tn->new_waits);
	llist_for_each_entry_safe(t, tmp, new_waits, new_wait) mpx_tenant_put(t);
	list_for_each_entry_safe(t, tmp, &tn->all, list) {
		fail_waiting(&t->limited_q);
		fail_waiting(&t->share_q);
		list_del(&t->list);
		if (t == tn->dflt)
			kref_put(&t->ref, mpx_tenant_release);
		else
			mpx_tenant_put(t);
	}
	kfree(tn->sfq.waiting.v);
	kfree(tn->ready.v);
	kfree(tn);
	m->tn = NULL;
}

static struct mpx_tenant *find_locked(struct mpx_tenants *tn, u64 id)
{
	struct mpx_tenant *t;

	if (!id)
		return tn->dflt;
	hash_for_each_possible(tn->hash, t, hash, id)
		if (t->id == id)
			return t;
	return NULL;
}

/* The affinity of a rule, resolved to the map's paths; NULL: none. */
static int build_aff(struct mpx *m, const struct mpx_tenant_spec *s, struct mpx_tenant_aff **ret)
{
	struct mpx_tenant_aff *aff;
	unsigned int i, g, k;
	dev_t devt;
	int r;

	*ret = NULL;
	if (!s->group && !s->nr_paths)
		return 0;
	aff = kzalloc(struct_size(aff, paths, s->nr_paths), GFP_KERNEL);
	if (!aff)
		return -ENOMEM;
	aff->group = s->group;
	for (i = 0; i < s->nr_paths; i++) {
		r = mpx_lookup_dev(s->paths[i], &devt);
		if (r) {
			DMWARN("%s: tenant: error getting device %s", md_name(m), s->paths[i]);
			goto bad;
		}
		for (g = 0; g < m->nr_pgs && aff->nr == i; g++)
			for (k = 0; k < m->pgs[g].nr_paths && aff->nr == i; k++)
				if (m->pgs[g].paths[k].dev->bdev->bd_dev == devt)
					aff->paths[aff->nr++] = &m->pgs[g].paths[k];
		if (aff->nr == i) {
			DMWARN("%s: tenant: %s is not a path of this map", md_name(m), s->paths[i]);
			r = -EINVAL;
			goto bad;
		}
	}
	*ret = aff;
	return 0;
bad:
	kfree(aff);
	return r;
}

/* New settings (under tn->lock); returns the old affinity to free. */
static struct mpx_tenant_aff *apply(struct mpx_tenants *tn, struct mpx_tenant *t,
				    const struct mpx_tenant_spec *s, struct mpx_tenant_aff *aff,
				    u64 now)
{
	spin_lock(&t->lock);
	/* no token taken ahead under the old rules outlives them */
	mpx_bucket_drop_share(&t->iops_b);
	if (t->iops != s->iops)
		mpx_bucket_init(&t->iops_b, s->iops, now);
	if (t->bps != s->bps)
		mpx_bucket_init(&t->bps_b, s->bps, now);
	spin_unlock(&t->lock);
	t->iops = s->iops;
	t->bps = s->bps;
	WRITE_ONCE(t->limited, s->iops || s->bps);
	WRITE_ONCE(t->fail_if_no_path, s->fail_if_no_path);
	mpx_sfq_set(&tn->sfq, &t->sfq, s->weight, s->prio);
	/* new limits: what waits for tokens is looked at again now */
	if (mpx_heap_contains(&t->ready_node)) {
		t->ready_ns = now;
		mpx_heap_fix(&tn->ready, &t->ready_node);
	}
	return rcu_replace_pointer(t->aff, aff, lockdep_is_held(&tn->lock));
}

/* Rules in force: hashed tenants, and the default one if it was set. */
static void count_rules(struct mpx_tenants *tn, int delta)
{
	WRITE_ONCE(tn->nr_rules, tn->nr_rules + delta);
}

/* Room in both heaps for one tenant more (the message path is serialised). */
static int heaps_grow(struct mpx_tenants *tn)
{
	struct mpx_heap_node **sfq, **ready;
	unsigned int cap = tn->heap_cap * 2;
	int r;

	if (tn->nr_tenants < tn->heap_cap)
		return 0;
	r = heaps_alloc(cap, &sfq, &ready);
	if (r)
		return r;
	spin_lock_bh(&tn->lock);
	sfq = mpx_heap_move(&tn->sfq.waiting, sfq, cap);
	ready = mpx_heap_move(&tn->ready, ready, cap);
	tn->heap_cap = cap;
	spin_unlock_bh(&tn->lock);
	kfree(sfq);
	kfree(ready);
	return 0;
}

static int tenant_set(struct mpx *m, const struct mpx_tenant_spec *s)
{
	struct mpx_tenants *tn = m->tn;
	struct mpx_tenant *t, *fresh = NULL;
	struct mpx_tenant_aff *aff;
	int r;

	if (s->group > m->nr_pgs) {
		DMWARN("%s: tenant: group %u does not exist", md_name(m), s->group);
		return -EINVAL;
	}
	r = build_aff(m, s, &aff);
	if (r)
		return r;
	if (s->id) {
		r = heaps_grow(tn);
		fresh = r ? NULL : tenant_alloc(tn, s->id);	/* used only if the id is new */
		if (!fresh) {
			kfree(aff);
			return -ENOMEM;
		}
	}

	spin_lock_bh(&tn->lock);
	t = find_locked(tn, s->id);
	if (!t) {
		t = fresh;
		fresh = NULL;
		hash_add_rcu(tn->hash, &t->hash, t->id);
		list_add_tail_rcu(&t->list, &tn->all);
		tn->nr_tenants++;
		count_rules(tn, 1);
	} else if (t == tn->dflt && !tn->dflt_rule) {
		tn->dflt_rule = true;
		count_rules(tn, 1);
	}
	aff = apply(tn, t, s, aff, ktime_get_ns());
	spin_unlock_bh(&tn->lock);
	if (aff)
		kfree_rcu(aff, rcu);
	kfree(fresh);
	/* new limits or weights may let waiting I/O go */
	queue_work(mpx_wq, &tn->work);
	return 0;
}

/* A waiting bio of a deleted tenant goes to the back of the default's share queue. */
static void adopt(struct mpx_tenants *tn, struct mpx_tenant *t, struct bio *bio)
{
	struct mpx_io *io = dm_per_bio_data(bio, sizeof(*io));

	atomic_dec(&t->nr_waiting);
	atomic_inc(&tn->dflt->nr_waiting);
	io->tenant = tn->dflt;
	mpx_tenant_share_add(tn, tn->dflt, bio);
	mpx_tenant_put(t);	/* the bio's; the table still holds one */
}

/*
 * A deleted tenant's waiting bios become the default tenant's (under
 * tn->lock): its limits went with it, and they are not lost. It leaves
 * both heaps; bios that looked it up already see it dead.
 */
static void adopt_waiting(struct mpx_tenants *tn, struct mpx_tenant *t)
{
	struct bio *bio;

	spin_lock(&t->lock);
	t->dead = true;
	/* bios that looked it up take the lock from now on, and see it dead */
	mpx_bucket_drop_share(&t->iops_b);
	while ((bio = bio_list_pop(&t->limited_q)))
		adopt(tn, t, bio);
	spin_unlock(&t->lock);
	if (mpx_heap_contains(&t->ready_node))
		mpx_heap_remove(&tn->ready, &t->ready_node);
	mpx_sfq_leave(&tn->sfq, &t->sfq);
	while ((bio = bio_list_pop(&t->share_q))) {
		atomic_dec(&tn->nr_share);	/* adopt() counts it again */
		adopt(tn, t, bio);
	}
}

static int tenant_del(struct mpx *m, const struct mpx_tenant_spec *s)
{
	static const struct mpx_tenant_spec defaults = { .weight = 100 };
	struct mpx_tenants *tn = m->tn;
	struct mpx_tenant_aff *aff = NULL;
	struct mpx_tenant *t;
	int r = 0;

	spin_lock_bh(&tn->lock);
	t = find_locked(tn, s->id);
	if (!t || (t == tn->dflt && !tn->dflt_rule)) {
		r = -ENOENT;
	} else if (t == tn->dflt) {
		tn->dflt_rule = false;
		count_rules(tn, -1);
		aff = apply(tn, t, &defaults, NULL, ktime_get_ns());
	} else {
		hash_del_rcu(&t->hash);
		list_del_rcu(&t->list);
		tn->nr_tenants--;
		count_rules(tn, -1);
		adopt_waiting(tn, t);
	}
	spin_unlock_bh(&tn->lock);
	if (r) {
		DMWARN("%s: tenant: %llu has no rule", md_name(m), s->id);
		return r;
	}
	if (aff)
		kfree_rcu(aff, rcu);
	if (t != tn->dflt)
		mpx_tenant_put(t);	/* the table's reference */
	queue_work(mpx_wq, &tn->work);
	return 0;
}

static int tenant_budget(struct mpx *m, const struct mpx_tenant_spec *s)
{
	WRITE_ONCE(m->tn->budget, s->budget);
	queue_work(mpx_wq, &m->tn->work);
	return 0;
}

/* "tenant ..." (argv[0] is "tenant"); called under m->work_mutex. */
int mpx_tenant_message(struct mpx *m, unsigned int argc, char **argv)
{
	struct mpx_tenant_spec s;
	const char *reason;
	int r;

	r = mpx_tenant_parse(argc, argv, &s, &reason);
	if (r) {
		if (s.bad_word)
			DMWARN("%s: %s: %s", md_name(m), reason, argv[s.bad_word]);
		else
			DMWARN("%s: %s", md_name(m), reason);
		return r;
	}
	if (!m->tn) {
		r = mpx_tenants_init(m);
		if (r)
			return r;
	}
	switch (s.verb) {
	case MPX_TENANT_SET:
		return tenant_set(m, &s);
	case MPX_TENANT_DEL:
		return tenant_del(m, &s);
	case MPX_TENANT_BUDGET:
		return tenant_budget(m, &s);
	}
	return -EINVAL;
}
