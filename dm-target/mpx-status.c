// SPDX-License-Identifier: GPL-2.0-only
/*
 * "dmsetup status" and "dmsetup table" in the kernel multipath target's
 * exact layout (tools parse it), and the "stats" message's report.
 *
 * status: 2 <queue_io> <pg_init_count> 0 <#pgs> <pg_num>
 *         { <A|E|D> <group status> <#paths> <info_args + 2>
 *           { <dev> <A|F> <fail_count> <selector words> <last_error> <errors> }... }...
 *
 * The two words mpx adds to each path come last, counted in the group's
 * per-path word count: parsers of the kernel target's status (they skip
 * that many words) read it unchanged.
 */
#include "mpx-ps.h"
#include "mpx-tenant.h"
#include "core/path-error.h"
#include "core/table-emit.h"

static char pg_state(struct mpx *m, struct mpx_pg *pg)
{
	if (pg->bypassed)
		return 'D';
	return pg == READ_ONCE(m->current_pg) ? 'A' : 'E';
}

static void sum_stats(struct mpx_path *p, struct mpx_path_stats *sum);

static void emit_path_err(struct mpx_buf *b, struct mpx_path *p)
{
	struct mpx_path_stats st;

	sum_stats(p, &st);
	mpx_emit_path_err(b, READ_ONCE(p->last_error), st.path_errors + st.target_errors);
}

static void emit_info(struct mpx *m, struct mpx_buf *b)
{
	unsigned int g, i;

	mpx_emit(b, "2 %u %u 0 %u %u ", test_bit(MPX_F_QUEUE_IO, &m->flags),
		 m->pg_init_count, m->nr_pgs, mpx_status_pg_num(m));
	for (g = 0; g < m->nr_pgs; g++) {
		struct mpx_pg *pg = &m->pgs[g];
		const struct mpx_ps_grammar *gr = pg->ps->grammar;

		mpx_emit(b, "%c ", pg_state(m, pg));
		gr->emit_group(b, &pg->ps_conf);
		mpx_emit(b, "%u %u ", pg->nr_paths, gr->info_args + 2);
		for (i = 0; i < pg->nr_paths; i++) {
			struct mpx_path *p = &pg->paths[i];

			mpx_emit(b, "%s %s %u ", p->name, p->active ? "A" : "F",
				 p->fail_count);
			if (pg->ps->status_path)
				pg->ps->status_path(b, p);
			emit_path_err(b, p);
		}
	}
}

static void emit_table(struct mpx *m, struct mpx_buf *b)
{
	unsigned int g, i;

	mpx_emit_features(b, &m->feat, test_bit(MPX_F_QUEUE_IF_NO_PATH, &m->flags));
	mpx_emit_hw_handler(b, m->hw_handler);
	mpx_emit(b, "%u %u ", m->nr_pgs, mpx_status_pg_num(m));
	for (g = 0; g < m->nr_pgs; g++) {
		struct mpx_pg *pg = &m->pgs[g];
		const struct mpx_ps_grammar *gr = pg->ps->grammar;

		mpx_emit(b, "%s ", gr->name);
		gr->emit_group(b, &pg->ps_conf);
		mpx_emit(b, "%u %u ", pg->nr_paths, gr->table_args);
		for (i = 0; i < pg->nr_paths; i++) {
			mpx_emit(b, "%s ", pg->paths[i].name);
			if (pg->ps->table_path)
				pg->ps->table_path(b, &pg->paths[i]);
			else
				gr->emit_path(b, &pg->paths[i].conf);
		}
	}
}

static void emit_ima(struct mpx *m, struct mpx_buf *b)
{
	unsigned int g, i;

	mpx_emit(b, "target_name=%s,target_version=%u.%u.%u,nr_priority_groups=%u",
		 m->ti->type->name, m->ti->type->version[0],
		 m->ti->type->version[1], m->ti->type->version[2], m->nr_pgs);
	for (g = 0; g < m->nr_pgs; g++) {
		struct mpx_pg *pg = &m->pgs[g];

		mpx_emit(b, ",pg_state_%u=%c,nr_pgpaths_%u=%u,path_selector_name_%u=%s",
			 g, pg_state(m, pg), g, pg->nr_paths, g, pg->ps->grammar->name);
		for (i = 0; i < pg->nr_paths; i++)
			mpx_emit(b, ",path_name_%u_%u=%s,is_active_%u_%u=%c,fail_count_%u_%u=%u",
				 g, i, pg->paths[i].name, g, i,
				 pg->paths[i].active ? 'A' : 'F', g, i,
				 pg->paths[i].fail_count);
	}
	mpx_emit(b, ";");
}

void mpx_status(struct dm_target *ti, status_type_t type, unsigned int flags,
		char *result, unsigned int maxlen)
{
	struct mpx *m = ti->private;
	struct mpx_buf b;
	unsigned long irqflags;

	mpx_buf_init(&b, result, maxlen);
	spin_lock_irqsave(&m->lock, irqflags);
	switch (type) {
	case STATUSTYPE_INFO:
		emit_info(m, &b);
		break;
	case STATUSTYPE_TABLE:
		emit_table(m, &b);
		break;
	case STATUSTYPE_IMA:
		emit_ima(m, &b);
		break;
	}
	spin_unlock_irqrestore(&m->lock, irqflags);
}

static void sum_stats(struct mpx_path *p, struct mpx_path_stats *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		struct mpx_path_stats *s = per_cpu_ptr(p->stats, cpu);

		sum->ios += s->ios;
		sum->bytes += s->bytes;
		sum->path_errors += s->path_errors;
		sum->target_errors += s->target_errors;
	}
}

/*
 * One line per group, then one per path, then one for the map, as
 * "key value" pairs:
 *   group <n> state <A|E|D> selector <name> paths <n> usable <n>
 *   path <dev> group <n> state <A|F> fail_count <n> ios <n> bytes <n>
 *        in_flight <n> path_errors <n> target_errors <n> last_error <class>
 *   map held <n> queue_if_no_path <0|1> no_path_expired <0|1>
 * and, once a "tenant" message was sent, the tenant lines (mpx-tenant.c).
 * Counters are since the table was loaded. Returns 1 (output present).
 */
int mpx_stats_message(struct mpx *m, char *result, unsigned int maxlen)
{
	struct mpx_path_stats st;
	struct mpx_buf b;
	unsigned long flags;
	unsigned int g, i, usable;

	mpx_buf_init(&b, result, maxlen);
	spin_lock_irqsave(&m->lock, flags);
	for (g = 0; g < m->nr_pgs; g++) {
		struct mpx_pg *pg = &m->pgs[g];

		for (i = 0, usable = 0; i < pg->nr_paths; i++)
			usable += pg->paths[i].active;
		mpx_emit(&b, "group %u state %c selector %s paths %u usable %u\n",
			 pg->num, pg_state(m, pg), pg->ps->grammar->name,
			 pg->nr_paths, usable);
	}
	for (g = 0; g < m->nr_pgs; g++) {
		struct mpx_pg *pg = &m->pgs[g];

		for (i = 0; i < pg->nr_paths; i++) {
			struct mpx_path *p = &pg->paths[i];

			sum_stats(p, &st);
			mpx_emit(
				&b,
				"path %s group %u state %c fail_count %u ios %llu bytes %llu in_flight %d path_errors %llu target_errors %llu last_error %s\n",
				p->name, pg->num, p->active ? 'A' : 'F', p->fail_count, st.ios,
				st.bytes, atomic_read(&p->in_flight), st.path_errors,
				st.target_errors, mpx_err_name(READ_ONCE(p->last_error)));
		}
	}
	mpx_emit(&b, "map held %d queue_if_no_path %d no_path_expired %d\n",
		 atomic_read(&m->nr_queued), test_bit(MPX_F_QUEUE_IF_NO_PATH, &m->flags),
		 test_bit(MPX_F_NO_PATH_EXPIRED, &m->flags));
	spin_unlock_irqrestore(&m->lock, flags);
	mpx_tenants_stats(m, &b);
	return 1;
}
