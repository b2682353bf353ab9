// SPDX-License-Identifier: GPL-2.0-only
/*
 * service-time: the usable path expected to complete the I/O soonest,
 * estimated as (bytes in flight + this I/O) / relative_throughput (see
 * core/ps-math.c). Ties go to the earlier path from a per-CPU rotating
 * start, as in queue-length.
 */
#include <linux/slab.h>
#include "mpx-select.h"
#include "core/ps-grammar.h"
#include "core/ps-math.h"

static int st_create(struct mpx_pg *pg)
{
	pg->ps_ctx = alloc_percpu(unsigned int);
	return pg->ps_ctx ? 0 : -ENOMEM;
}

static void st_destroy(struct mpx_pg *pg)
{
	free_percpu(pg->ps_ctx);
	pg->ps_ctx = NULL;
}

struct mpx_path *mpx_st_select_rt(const struct mpx_path_set *set, unsigned int start,
				  size_t nr_bytes)
{
	struct mpx_path *best = set->paths[start];
	u64 best_sz = atomic64_read(&best->in_flight_bytes);
	unsigned int i;

	for (i = 1; i < set->nr; i++) {
		struct mpx_path *p = set->paths[(start + i) % set->nr];
		u64 sz = atomic64_read(&p->in_flight_bytes);

		if (mpx_st_compare(sz, p->conf.val[1], best_sz,
				   best->conf.val[1], nr_bytes) < 0) {
			best = p;
			best_sz = sz;
		}
	}
	return best;
}

static struct mpx_path *st_select_path(struct mpx_pg *pg, const struct mpx_path_set *set,
				       size_t nr_bytes)
{
	return mpx_st_select(pg, set, nr_bytes);
}

static void st_status_path(struct mpx_buf *b, struct mpx_path *p)
{
	mpx_emit(b, "%lld %u ", (long long)atomic64_read(&p->in_flight_bytes),
		 p->conf.val[1]);
}

struct mpx_ps_type mpx_ps_service_time = {
	.grammar = &mpx_ps_service_time_grammar,
	.create = st_create,
	.destroy = st_destroy,
	.select_path = st_select_path,
	.status_path = st_status_path,
};
