// SPDX-License-Identifier: GPL-2.0-only
/*
 * queue-length: the usable path with the fewest I/Os in flight. The scan
 * starts at a per-CPU rotating offset so that ties (all idle, say) are
 * spread over the paths instead of always landing on the first.
 */
#include <linux/slab.h>
#include "mpx-select.h"
#include "core/ps-grammar.h"

static int ql_create(struct mpx_pg *pg)
{
	pg->ps_ctx = alloc_percpu(unsigned int);
	return pg->ps_ctx ? 0 : -ENOMEM;
}

static void ql_destroy(struct mpx_pg *pg)
{
	free_percpu(pg->ps_ctx);
	pg->ps_ctx = NULL;
}

static struct mpx_path *ql_select_path(struct mpx_pg *pg,
				       const struct mpx_path_set *set,
				       size_t nr_bytes)
{
	return mpx_ql_select(pg, set);
}

static void ql_status_path(struct mpx_buf *b, struct mpx_path *p)
{
	mpx_emit(b, "%d ", atomic_read(&p->in_flight));
}

struct mpx_ps_type mpx_ps_queue_length = {
	.grammar = &mpx_ps_queue_length_grammar,
	.create = ql_create,
	.destroy = ql_destroy,
	.select_path = ql_select_path,
	.status_path = ql_status_path,
};
