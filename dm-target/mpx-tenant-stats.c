// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tenants' part of the "stats" message (format in dm-mpx(4), parsed by
 * mpxd's tenant-stats.c): read under RCU, with no lock, so a thousand
 * tenants' lines hold up no I/O.
 */
#include "mpx-tenant.h"

static struct mpx_path *path_at(struct mpx *m, unsigned int index)
{
	unsigned int g;

	for (g = 0; g < m->nr_pgs; g++)
		if (index < m->pgs[g].first_path + m->pgs[g].nr_paths)
			return &m->pgs[g].paths[index - m->pgs[g].first_path];
	return NULL;
}

static void emit_aff(struct mpx_buf *b, const struct mpx_tenant_aff *aff)
{
	unsigned int i;

	if (!aff) {
		mpx_emit(b, "none");
	} else if (aff->group) {
		mpx_emit(b, "group:%u", aff->group);
	} else {
		mpx_emit(b, "paths:");
		for (i = 0; i < aff->nr; i++)
			mpx_emit(b, "%s%s", i ? "," : "", aff->paths[i]->name);
	}
}

/* Settings may change under us: the line is a snapshot of each value. */
static void emit_tenant(struct mpx *m, struct mpx_buf *b, struct mpx_tenant *t)
{
	unsigned int i, held;
	const char *sep = "";

	if (t->id)
		mpx_emit(b, "tenant %llu", t->id);
	else
		mpx_emit(b, "tenant default");
	mpx_emit(b, " weight %u prio %u iops %llu bps %llu affinity ", READ_ONCE(t->sfq.weight),
		 READ_ONCE(t->sfq.prio), READ_ONCE(t->iops), READ_ONCE(t->bps));
	emit_aff(b, rcu_dereference(t->aff));
	mpx_emit(
		b,
		" nopath %s ios %lld bytes %lld deferred %lld deferred_us %lld in_flight %d waiting %d",
		READ_ONCE(t->fail_if_no_path) ? "fail" : "queue", atomic64_read(&t->ios),
		atomic64_read(&t->bytes), atomic64_read(&t->deferred),
		div_s64(atomic64_read(&t->deferred_ns), NSEC_PER_USEC), atomic_read(&t->in_flight),
		atomic_read(&t->nr_waiting));
	held = atomic_read(&t->nr_held);
	mpx_emit(b, " held %u held_ms %llu served ", held,
		 mpx_fo_held_ms(held, atomic64_read(&t->held_ns), ktime_get_ns()));
	for (i = 0; i < m->nr_paths; i++) {
		mpx_emit(b, "%s%s=%lld", sep, path_at(m, i)->name, atomic64_read(&t->served[i]));
		sep = ",";
	}
	mpx_emit(b, "\n");
}

/* What holds the map's I/O now; racy reads, as a report's snapshot is. */
static enum mpx_failover failover_of(struct mpx *m)
{
	struct mpx_fo_map fo = {
		.held = (unsigned int)atomic_read(&m->nr_queued),
		.valid_paths = READ_ONCE(m->nr_valid_paths),
		.activating = test_bit(MPX_F_QUEUE_IO, &m->flags),
	};

	return mpx_failover_of(&fo);
}

/*
 * The "stats" report's tenant lines (format in dm-mpx(4)). A walk under
 * RCU: however many tenants there are, no lock is held and no I/O waits.
 */
void mpx_tenants_stats(struct mpx *m, struct mpx_buf *b)
{
	struct mpx_tenants *tn = m->tn;
	struct mpx_tenant *t;

	if (!tn)
		return;
	mpx_emit(b, "tenants %u budget %u in_flight %d waiting %d failover %s\n",
		 READ_ONCE(tn->nr_rules), READ_ONCE(tn->budget) ?: READ_ONCE(tn->auto_budget),
		 atomic_read(&tn->in_flight), atomic_read(&tn->nr_share),
		 mpx_failover_name(failover_of(m)));
	rcu_read_lock();
	list_for_each_entry_rcu(t, &tn->all, list)
		emit_tenant(m, b, t);
	rcu_read_unlock();
}
