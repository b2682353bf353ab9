// SPDX-License-Identifier: GPL-2.0-only
/*
 * round-robin: each usable path in turn. The turn is a per-CPU counter, so
 * concurrent submitters never contend on a shared cursor; each CPU's I/O
 * is spread evenly and so is the sum.
 */
#include <linux/slab.h>
#include "mpx-select.h"
#include "core/ps-grammar.h"

static int rr_create(struct mpx_pg *pg)
{
	pg->ps_ctx = alloc_percpu(unsigned int);
	return pg->ps_ctx ? 0 : -ENOMEM;
}

static void rr_destroy(struct mpx_pg *pg)
{
	free_percpu(pg->ps_ctx);
	pg->ps_ctx = NULL;
}

static struct mpx_path *rr_select_path(struct mpx_pg *pg,
				       const struct mpx_path_set *set,
				       size_t nr_bytes)
{
	return mpx_rr_select(pg, set);
}

struct mpx_ps_type mpx_ps_round_robin = {
	.grammar = &mpx_ps_round_robin_grammar,
	.create = rr_create,
	.destroy = rr_destroy,
	.select_path = rr_select_path,
};
