// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tenants: the per-map table of them, the "tenant" messages that change it
 * at run time, and their part of the "stats" report. The data path is in
 * mpx-tenant-io.c; the design is in mpx-tenant.h.
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

unsigned int mpx_path_index(const struct mpx_path *p)
{
	return p->pg->first_path + (unsigned int)(p - p->pg->paths);
}

static struct mpx_path *path_at(struct mpx *m, unsigned int index)
{
	unsigned int g;

	for (g = 0; g < m->nr_pgs; g++)
		if (index < m->pgs[g].first_path + m->pgs[g].nr_paths)
			return &m->pgs[g].paths[index - m->pgs[g].first_path];
	return NULL;
}

static void free_sets(struct mpx_tenant *t, unsigned int nr_pgs)
{
	unsigned int g;

	for (g = 0; g < nr_pgs; g++)
		kfree(rcu_dereference_protected(t->aff_sets[g], true));
	kfree(t->aff_sets);
}

static void tenant_release(struct kref *ref)
{
	struct mpx_tenant *t = container_of(ref, struct mpx_tenant, ref);

	/* the last bio is gone, and lookups only read id and ref: RCU frees */
	free_sets(t, t->tn->m->nr_pgs);
	kfree_rcu(t, rcu);
}

void mpx_tenant_put(struct mpx_tenant *t)
{
	kref_put(&t->ref, tenant_release);
}

static struct mpx_tenant *tenant_alloc(struct mpx_tenants *tn, u64 id)
{
	struct mpx *m = tn->m;
	struct mpx_tenant *t;

	t = kzalloc(struct_size(t, served, m->nr_paths), GFP_KERNEL);
	if (!t)
		return NULL;
	t->aff_sets = kcalloc(max(m->nr_pgs, 1U), sizeof(*t->aff_sets), GFP_KERNEL);
	if (!t->aff_sets) {
		kfree(t);
		return NULL;
	}
	kref_init(&t->ref);
	t->tn = tn;
	t->id = id;
	t->sfq.weight = 100;
	bio_list_init(&t->limited_q);
	bio_list_init(&t->share_q);
	return t;
}

int mpx_tenants_init(struct mpx *m)
{
	struct mpx_tenants *tn;

	tn = kzalloc(sizeof(*tn), GFP_KERNEL);
	if (!tn)
		return -ENOMEM;
	tn->m = m;
	spin_lock_init(&tn->lock);
	hash_init(tn->hash);
	INIT_LIST_HEAD(&tn->all);
	INIT_WORK(&tn->work, mpx_tenants_work);
	hrtimer_init(&tn->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	tn->timer.function = mpx_tenants_timer;
	tn->dflt = tenant_alloc(tn, 0);
	if (!tn->dflt) {
		kfree(tn);
		return -ENOMEM;
	}
	list_add(&tn->dflt->list, &tn->all);
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

/* dm has suspended the device: no bio is waiting or in flight. */
void mpx_tenants_exit(struct mpx *m)
{
	struct mpx_tenants *tn = m->tn;
	struct mpx_tenant *t, *tmp;
	struct bio *bio;

	if (!tn)
		return;
	mpx_tenants_stop(m);
	list_for_each_entry_safe(t, tmp, &tn->all, list) {
		while ((bio = bio_list_pop(&t->limited_q)) ||
		       (bio = bio_list_pop(&t->share_q))) {
			DMERR_LIMIT("failing a waiting tenant bio at table destruction");
			bio_io_error(bio);
		}
		list_del(&t->list);
		mpx_tenant_put(t);
	}
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

/* The map's paths' request queues: past that, I/O waits for tags anyway. */
static unsigned int auto_budget(struct mpx *m)
{
	unsigned int g, i, best = 0;

	for (g = 0; g < m->nr_pgs; g++) {
		unsigned int sum = 0;

		for (i = 0; i < m->pgs[g].nr_paths; i++) {
			struct mpx_path *p = &m->pgs[g].paths[i];

			if (p->active)
				sum += bdev_get_queue(p->dev->bdev)->nr_requests;
		}
		best = max(best, sum);	/* one group serves at a time */
	}
	return max(best, 1U);
}

static bool in_affinity(const struct mpx_tenant *t, const struct mpx_path *p)
{
	unsigned int i, index = mpx_path_index(p);

	if (t->group)
		return p->pg->num == t->group;
	for (i = 0; i < t->nr_aff; i++)
		if (t->aff[i] == index)
			return true;
	return false;
}

/*
 * Rebuild one tenant's per-group sets of usable affinity paths (under
 * m->lock). On allocation failure the group's set is dropped, so the
 * tenant uses the map's choice there: balance suffers, not correctness.
 */
static void publish_one(struct mpx *m, struct mpx_tenant *t)
{
	struct mpx_path_set *set, *old;
	unsigned int g, i;

	for (g = 0; g < m->nr_pgs; g++) {
		struct mpx_pg *pg = &m->pgs[g];

		set = NULL;
		if (t->has_aff) {
			set = kmalloc(struct_size(set, paths, pg->nr_paths), GFP_ATOMIC);
			if (set) {
				set->nr = 0;
				for (i = 0; i < pg->nr_paths; i++)
					if (pg->paths[i].active && in_affinity(t, &pg->paths[i]))
						set->paths[set->nr++] = &pg->paths[i];
			} else {
				DMWARN_LIMIT("%s: no memory for tenant %llu's paths in group %u",
					     md_name(m), t->id, pg->num);
			}
		}
		old = rcu_replace_pointer(t->aff_sets[g], set, true);
		if (old)
			kfree_rcu(old, rcu);
	}
}

/* A path changed state (under m->lock): tenants see it too. */
void mpx_tenants_publish(struct mpx *m)
{
	struct mpx_tenants *tn = m->tn;
	struct mpx_tenant *t;

	if (!tn)
		return;
	WRITE_ONCE(tn->auto_budget, auto_budget(m));
	spin_lock(&tn->lock);
	list_for_each_entry(t, &tn->all, list)
		if (t->has_aff)
			publish_one(m, t);
	spin_unlock(&tn->lock);
}

static int resolve_paths(struct mpx *m, const struct mpx_tenant_spec *s,
			 unsigned int *aff)
{
	unsigned int i, g, k;
	dev_t devt;
	int r;

	for (i = 0; i < s->nr_paths; i++) {
		r = mpx_lookup_dev(s->paths[i], &devt);
		if (r) {
			DMWARN("%s: tenant: error getting device %s", md_name(m), s->paths[i]);
			return r;
		}
		aff[i] = UINT_MAX;
		for (g = 0; g < m->nr_pgs && aff[i] == UINT_MAX; g++)
			for (k = 0; k < m->pgs[g].nr_paths; k++)
				if (m->pgs[g].paths[k].dev->bdev->bd_dev == devt)
					aff[i] = mpx_path_index(&m->pgs[g].paths[k]);
		if (aff[i] == UINT_MAX) {
			DMWARN("%s: tenant: %s is not a path of this map", md_name(m), s->paths[i]);
			return -EINVAL;
		}
	}
	return 0;
}

static void apply(struct mpx_tenant *t, const struct mpx_tenant_spec *s,
		  const unsigned int *aff, u64 now)
{
	if (t->iops != s->iops)
		mpx_bucket_init(&t->iops_b, s->iops, now);
	if (t->bps != s->bps)
		mpx_bucket_init(&t->bps_b, s->bps, now);
	t->iops = s->iops;
	t->bps = s->bps;
	WRITE_ONCE(t->limited, s->iops || s->bps);
	WRITE_ONCE(t->fail_if_no_path, s->fail_if_no_path);
	t->sfq.weight = s->weight;
	t->sfq.prio = s->prio;
	t->group = s->group;
	t->nr_aff = s->nr_paths;
	memcpy(t->aff, aff, s->nr_paths * sizeof(*aff));
	WRITE_ONCE(t->has_aff, s->group || s->nr_paths);
}

static void tenant_free_unused(struct mpx_tenant *t)
{
	if (!t)
		return;
	kfree(t->aff_sets);	/* never published: no sets in it */
	kfree(t);
}

/* Rules in force: hashed tenants, and the default one if it was set. */
static void count_rules(struct mpx_tenants *tn, int delta)
{
	WRITE_ONCE(tn->nr_rules, tn->nr_rules + delta);
}

static int tenant_set(struct mpx *m, const struct mpx_tenant_spec *s)
{
	struct mpx_tenants *tn = m->tn;
	unsigned int aff[MPX_TENANT_MAX_PATHS];
	struct mpx_tenant *t, *fresh = NULL;
	unsigned long flags;
	int r;

	if (s->group > m->nr_pgs) {
		DMWARN("%s: tenant: group %u does not exist", md_name(m), s->group);
		return -EINVAL;
	}
	r = resolve_paths(m, s, aff);
	if (r)
		return r;
	if (s->id) {
		fresh = tenant_alloc(tn, s->id);	/* used only if the id is new */
		if (!fresh)
			return -ENOMEM;
	}

	spin_lock_irqsave(&m->lock, flags);
	spin_lock(&tn->lock);
	t = find_locked(tn, s->id);
	if (!t) {
		t = fresh;
		fresh = NULL;
		hash_add_rcu(tn->hash, &t->hash, t->id);
		list_add_tail(&t->list, &tn->all);
		count_rules(tn, 1);
	} else if (t == tn->dflt && !tn->dflt_rule) {
		tn->dflt_rule = true;
		count_rules(tn, 1);
	}
	apply(t, s, aff, ktime_get_ns());
	publish_one(m, t);
	WRITE_ONCE(tn->auto_budget, auto_budget(m));
	spin_unlock(&tn->lock);
	spin_unlock_irqrestore(&m->lock, flags);
	tenant_free_unused(fresh);
	/* new limits or weights may let waiting I/O go */
	queue_work(mpx_wq, &tn->work);
	return 0;
}

/*
 * A deleted tenant's waiting bios become the default tenant's, at the
 * back of its share queue: its limits went with it, and they are not lost.
 */
static void adopt_waiting(struct mpx_tenants *tn, struct mpx_tenant *t)
{
	struct bio_list *queues[] = { &t->limited_q, &t->share_q };
	struct bio *bio;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(queues); i++) {
		while ((bio = bio_list_pop(queues[i]))) {
			struct mpx_io *io = dm_per_bio_data(bio, sizeof(*io));

			if (queues[i] == &t->limited_q)
				atomic_inc(&tn->nr_share);
			kref_get(&tn->dflt->ref);
			io->tenant = tn->dflt;
			bio_list_add(&tn->dflt->share_q, bio);
			kref_put(&t->ref, tenant_release);	/* the table still holds one */
		}
	}
}

static int tenant_del(struct mpx *m, const struct mpx_tenant_spec *s)
{
	static const struct mpx_tenant_spec defaults = { .weight = 100 };
	static const unsigned int no_paths[1];
	struct mpx_tenants *tn = m->tn;
	struct mpx_tenant *t;
	unsigned long flags;
	int r = 0;

	spin_lock_irqsave(&m->lock, flags);
	spin_lock(&tn->lock);
	t = find_locked(tn, s->id);
	if (!t || (t == tn->dflt && !tn->dflt_rule)) {
		r = -ENOENT;
	} else if (t == tn->dflt) {
		tn->dflt_rule = false;
		count_rules(tn, -1);
		apply(t, &defaults, no_paths, ktime_get_ns());
		publish_one(m, t);
	} else {
		hash_del_rcu(&t->hash);
		list_del(&t->list);
		count_rules(tn, -1);
		adopt_waiting(tn, t);
	}
	spin_unlock(&tn->lock);
	spin_unlock_irqrestore(&m->lock, flags);
	if (r) {
		DMWARN("%s: tenant: %llu has no rule", md_name(m), s->id);
		return r;
	}
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

static void emit_tenant(struct mpx *m, struct mpx_buf *b, struct mpx_tenant *t)
{
	unsigned int i;
	const char *sep = "";

	if (t->id)
		mpx_emit(b, "tenant %llu", t->id);
	else
		mpx_emit(b, "tenant default");
	mpx_emit(b, " weight %u prio %u iops %llu bps %llu affinity ",
		 t->sfq.weight, t->sfq.prio, t->iops, t->bps);
	if (t->group) {
		mpx_emit(b, "group:%u", t->group);
	} else if (t->nr_aff) {
		mpx_emit(b, "paths:");
		for (i = 0; i < t->nr_aff; i++)
			mpx_emit(b, "%s%s", i ? "," : "", path_at(m, t->aff[i])->name);
	} else {
		mpx_emit(b, "none");
	}
	mpx_emit(b, " nopath %s ios %lld bytes %lld deferred %lld deferred_us %lld in_flight %d waiting %u served ",
		 t->fail_if_no_path ? "fail" : "queue",
		 atomic64_read(&t->ios), atomic64_read(&t->bytes),
		 atomic64_read(&t->deferred),
		 div_s64(atomic64_read(&t->deferred_ns), NSEC_PER_USEC),
		 atomic_read(&t->in_flight),
		 bio_list_size(&t->limited_q) + bio_list_size(&t->share_q));
	for (i = 0; i < m->nr_paths; i++) {
		mpx_emit(b, "%s%s=%lld", sep, path_at(m, i)->name,
			 atomic64_read(&t->served[i]));
		sep = ",";
	}
	mpx_emit(b, "\n");
}

/* The "stats" report's tenant lines (format in dm-mpx(4)). */
void mpx_tenants_stats(struct mpx *m, struct mpx_buf *b)
{
	struct mpx_tenants *tn = m->tn;
	struct mpx_tenant *t;
	unsigned long flags;

	if (!tn)
		return;
	spin_lock_irqsave(&tn->lock, flags);
	mpx_emit(b, "tenants %u budget %u in_flight %d waiting %d\n",
		 tn->nr_rules, tn->budget ? tn->budget : READ_ONCE(tn->auto_budget),
		 atomic_read(&tn->in_flight), atomic_read(&tn->nr_share));
	list_for_each_entry(t, &tn->all, list)
		emit_tenant(m, b, t);
	spin_unlock_irqrestore(&tn->lock, flags);
}
