// SPDX-License-Identifier: GPL-2.0-only
#include "table-emit.h"

void mpx_emit_features(struct mpx_buf *b, const struct mpx_features *f,
		       bool queue_if_no_path)
{
	bool delay = f->pg_init_delay_ms != MPX_PG_INIT_DELAY_UNSET;
	bool bio = f->queue_mode == MPX_QM_BIO;

	mpx_emit(b, "%u ", queue_if_no_path + (f->pg_init_retries ? 2 : 0) +
		 (delay ? 2 : 0) + f->retain_hw_handler + (bio ? 2 : 0) +
		 (f->no_path_timeout ? 2 : 0));
	if (queue_if_no_path)
		mpx_emit(b, "queue_if_no_path ");
	if (f->pg_init_retries)
		mpx_emit(b, "pg_init_retries %u ", f->pg_init_retries);
	if (delay)
		mpx_emit(b, "pg_init_delay_msecs %u ", f->pg_init_delay_ms);
	if (f->retain_hw_handler)
		mpx_emit(b, "retain_attached_hw_handler ");
	if (bio)
		mpx_emit(b, "queue_mode bio ");
	if (f->no_path_timeout)
		mpx_emit(b, "no_path_timeout %u ", f->no_path_timeout);
}

void mpx_emit_hw_handler(struct mpx_buf *b, const char *name)
{
	if (name)
		mpx_emit(b, "1 %s ", name);
	else
		mpx_emit(b, "0 ");
}

void mpx_emit_table(struct mpx_buf *b, const struct mpx_table *t,
		    const char *const *devs, unsigned int pg_num)
{
	unsigned int g, i;

	mpx_emit_features(b, &t->feat, t->feat.queue_if_no_path);
	mpx_emit_hw_handler(b, t->hw_handler);
	mpx_emit(b, "%u %u ", t->nr_pgs, pg_num);
	for (g = 0; g < t->nr_pgs && g < t->pgs_cap; g++) {
		const struct mpx_pg_spec *pg = &t->pgs[g];

		mpx_emit(b, "%s ", pg->ps->name);
		pg->ps->emit_group(b, &pg->conf);
		mpx_emit(b, "%u %u ", pg->nr_paths, pg->ps->table_args);
		for (i = pg->first_path; i < pg->first_path + pg->nr_paths; i++) {
			const struct mpx_path_spec *p = &t->paths[i];

			mpx_emit(b, "%s ", devs && devs[i] ? devs[i] : p->dev);
			pg->ps->emit_path(b, &p->conf);
		}
	}
}
