/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The choice of a path as the hot path makes it: inline, with the built-in
 * selectors called directly (no retpoline) and the rest through their
 * select_path. Everything here runs under the caller's rcu_read_lock() or
 * takes it itself, as <mpx/ps.h> promises selectors.
 */
#ifndef DM_MPX_SELECT_H
#define DM_MPX_SELECT_H

#include "mpx-ps.h"

/* mpx_ps_rotor(), inline: the next per-CPU rotation index in [0, n). */
static __always_inline unsigned int mpx_rotor(unsigned int __percpu *rotor, unsigned int n)
{
	return n > 1 ? this_cpu_inc_return(*rotor) % n : 0;
}

static __always_inline struct mpx_path *mpx_rr_select(struct mpx_pg *pg,
						      const struct mpx_path_set *set)
{
	return set->paths[mpx_rotor(pg->ps_ctx, set->nr)];
}

/* The fewest I/Os in flight; the scan starts at the rotor (spreads ties). */
static __always_inline struct mpx_path *mpx_ql_select(struct mpx_pg *pg,
						      const struct mpx_path_set *set)
{
	unsigned int n = set->nr, k = mpx_rotor(pg->ps_ctx, n), i;
	struct mpx_path *best = NULL;
	int best_len = INT_MAX;

	for (i = 0; i < n; i++, k = k + 1 < n ? k + 1 : 0) {
		struct mpx_path *p = set->paths[k];
		int len = atomic_read(&p->in_flight);

		if (len < best_len) {
			best = p;
			best_len = len;
			if (!len)
				break;
		}
	}
	return best;
}

/* ps-service-time.c: mpx_st_select() where the paths' throughputs differ. */
struct mpx_path *mpx_st_select_rt(const struct mpx_path_set *set, unsigned int start,
				  size_t nr_bytes);

/*
 * The soonest to complete the I/O (core/ps-math.h), ties in rotor order.
 * Where every path has the same relative throughput, as multipathd's
 * tables give them, that is the fewest bytes in flight.
 */
static __always_inline struct mpx_path *
mpx_st_select(struct mpx_pg *pg, const struct mpx_path_set *set, size_t nr_bytes)
{
	unsigned int n = set->nr, start = mpx_rotor(pg->ps_ctx, n), k = start, i;
	struct mpx_path *best = set->paths[k];
	u64 best_sz = atomic64_read(&best->in_flight_bytes);
	u32 rt = best->conf.val[1];

	for (i = 1; i < n; i++) {
		struct mpx_path *p;
		u64 sz;

		k = k + 1 < n ? k + 1 : 0;
		p = set->paths[k];
		if (unlikely(p->conf.val[1] != rt))
			return mpx_st_select_rt(set, start, nr_bytes);
		sz = atomic64_read(&p->in_flight_bytes);
		if (sz < best_sz) {
			best = p;
			best_sz = sz;
		}
	}
	return best;
}

/* pg->ps->select_path(), the built-in ones called directly. */
static __always_inline struct mpx_path *
mpx_ps_select(struct mpx_pg *pg, const struct mpx_path_set *set, size_t nr_bytes)
{
	const struct mpx_ps_type *ps = pg->ps;

	if (ps == &mpx_ps_service_time)
		return mpx_st_select(pg, set, nr_bytes);
	if (ps == &mpx_ps_round_robin)
		return mpx_rr_select(pg, set);
	if (ps == &mpx_ps_queue_length)
		return mpx_ql_select(pg, set);
	return ps->select_path(pg, set, nr_bytes);
}

/* mpx-pg.c: a group whose path set could not be republished. */
struct mpx_path *mpx_pg_select_unpublished(struct mpx_pg *pg);

/* A usable path of the group for this I/O, or NULL when none is. */
static __always_inline struct mpx_path *mpx_pg_select_inline(struct mpx_pg *pg, size_t nr_bytes)
{
	struct mpx_path_set *set;
	struct mpx_path *p = NULL;

	rcu_read_lock();
	set = rcu_dereference(pg->usable);
	if (likely(set)) {
		if (set->nr)
			p = mpx_ps_select(pg, set, nr_bytes);
	} else {
		p = mpx_pg_select_unpublished(pg);
	}
	rcu_read_unlock();
	if (p && unlikely(!READ_ONCE(p->active)))
		p = NULL; /* failed under us: the slow path retries */
	return p;
}

/*
 * The current group's choice, or NULL where mpx_choose_path() has more to
 * do (no current group, a switch asked for, no usable path in it).
 */
static __always_inline struct mpx_path *mpx_choose_fast(struct mpx *m, size_t nr_bytes)
{
	struct mpx_pg *pg = READ_ONCE(m->current_pg);

	if (unlikely(!pg || READ_ONCE(m->next_pg)))
		return NULL;
	return mpx_pg_select_inline(pg, nr_bytes);
}

#endif
