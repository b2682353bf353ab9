// SPDX-License-Identifier: GPL-2.0-only
/*
 * Table line parser (grammar in table-parse.h). The order of the checks
 * follows the kernel multipath target's, so that a line with several
 * faults is refused for the same first fault.
 */
#include "table-parse.h"

/*
 * The kernel target's 8 feature words plus no_path_timeout's two: a table
 * of every feature (as "dmsetup table" prints it) must load again.
 */
static const struct mpx_arg_range feat_count = {
	0, 10, "invalid number of feature args" };
static const struct mpx_arg_range feat_retries = {
	1, 50, "pg_init_retries must be between 1 and 50" };
static const struct mpx_arg_range feat_delay = {
	0, 60000, "pg_init_delay_msecs must be between 0 and 60000" };
static const struct mpx_arg_range feat_timeout = {
	0, MPX_NO_PATH_TIMEOUT_MAX, "no_path_timeout must be between 0 and 86400" };
static const struct mpx_arg_range hw_count = {
	0, 1024, "invalid number of hardware handler args" };
static const struct mpx_arg_range pg_count = {
	0, MPX_MAX_PGS, "invalid number of priority groups" };
static const struct mpx_arg_range pg_initial = {
	0, MPX_MAX_PGS, "invalid initial priority group number" };
static const struct mpx_arg_range ps_count = {
	0, 1024, "invalid number of path selector args" };
static const struct mpx_arg_range path_count = {
	1, MPX_MAX_PATHS_PER_PG, "invalid number of paths" };
static const struct mpx_arg_range path_args_count = {
	0, 1024, "invalid number of selector args" };

static int parse_queue_mode(const char *w, struct mpx_features *f,
			    const char **reason)
{
	if (w && mpx_word_eq(w, "bio")) {
		f->queue_mode = MPX_QM_BIO;
		return 0;
	}
	if (w && (mpx_word_eq(w, "rq") || mpx_word_eq(w, "mq"))) {
		f->queue_mode = MPX_QM_RQ;
		return 0;
	}
	*reason = "Unknown 'queue_mode' requested";
	return -EINVAL;
}

/* One feature word and its value, if it has one; *left counts the group. */
static int parse_feature(struct mpx_args *as, unsigned int *left,
			 struct mpx_features *f, const char **reason)
{
	const char *w = mpx_args_shift(as);

	(*left)--;
	if (mpx_word_eq(w, "queue_if_no_path")) {
		f->queue_if_no_path = true;
		return 0;
	}
	if (mpx_word_eq(w, "retain_attached_hw_handler")) {
		f->retain_hw_handler = true;
		return 0;
	}
	if (!*left)
		goto unknown;
	if (mpx_word_eq(w, "pg_init_retries")) {
		(*left)--;
		return mpx_args_read(as, &feat_retries, &f->pg_init_retries, reason);
	}
	if (mpx_word_eq(w, "pg_init_delay_msecs")) {
		(*left)--;
		return mpx_args_read(as, &feat_delay, &f->pg_init_delay_ms, reason);
	}
	if (mpx_word_eq(w, "queue_mode")) {
		(*left)--;
		return parse_queue_mode(mpx_args_shift(as), f, reason);
	}
	if (mpx_word_eq(w, "no_path_timeout")) {
		(*left)--;
		return mpx_args_read(as, &feat_timeout, &f->no_path_timeout, reason);
	}
unknown:
	*reason = "Unrecognised multipath feature request";
	return -EINVAL;
}

static int parse_features(struct mpx_args *as, struct mpx_features *f,
			  const char **reason)
{
	unsigned int left;
	int r;

	r = mpx_args_read_group(as, &feat_count, &left, reason);
	while (!r && left)
		r = parse_feature(as, &left, f, reason);
	return r;
}

static int parse_hw_handler(struct mpx_args *as, struct mpx_table *t,
			    const char **reason)
{
	unsigned int n;
	struct mpx_args dropped;
	int r;

	r = mpx_args_read_group(as, &hw_count, &n, reason);
	if (r || !n)
		return r;
	/* The kernel target drops a bio-mode handler section, name and all. */
	if (t->feat.queue_mode == MPX_QM_BIO) {
		mpx_args_split(as, n, &dropped);
		t->hw_dropped = true;
		return 0;
	}
	t->hw_handler = mpx_args_shift(as);
	mpx_args_split(as, n - 1, &t->hw_args);
	return 0;
}

static int parse_path(struct mpx_args *as, const struct mpx_ps_grammar *ps,
		      unsigned int nr_args, struct mpx_path_spec *p,
		      const char **reason)
{
	struct mpx_args args;
	struct mpx_path_spec tmp = { 0 };

	if (as->argc < 1 + nr_args) {
		*reason = "not enough path parameters";
		return -EINVAL;
	}
	if (!p)
		p = &tmp;
	p->dev = mpx_args_shift(as);
	mpx_args_split(as, nr_args, &args);
	p->args = args;
	return ps->parse_path(&args, &p->conf, reason);
}

static int parse_pg(struct mpx_args *as, struct mpx_table *t,
		    mpx_ps_lookup_fn lookup, void *data,
		    struct mpx_pg_spec *pg, const char **reason)
{
	struct mpx_pg_spec tmp = { 0 };
	unsigned int n, nr_args, i;
	int r;

	if (as->argc < 2) {
		*reason = "not enough priority group arguments";
		return -EINVAL;
	}
	if (!pg)
		pg = &tmp;
	pg->ps = lookup(mpx_args_shift(as), data);
	if (!pg->ps) {
		*reason = "unknown path selector type";
		return -EINVAL;
	}
	r = mpx_args_read_group(as, &ps_count, &n, reason);
	if (r)
		return r;
	mpx_args_split(as, n, &pg->ps_args);
	if (pg->ps->parse_group(&pg->ps_args, &pg->conf, reason) < 0) {
		*reason = "path selector constructor failed";
		return -EINVAL;
	}
	r = mpx_args_read(as, &path_count, &pg->nr_paths, reason);
	if (!r)
		r = mpx_args_read(as, &path_args_count, &nr_args, reason);
	if (r)
		return r;
	pg->first_path = t->nr_paths;
	for (i = 0; i < pg->nr_paths; i++) {
		struct mpx_path_spec *p = NULL;

		if (t->paths && t->nr_paths < t->paths_cap)
			p = &t->paths[t->nr_paths];

		r = parse_path(as, pg->ps, nr_args, p, reason);
		if (r)
			return r;
		t->nr_paths++;
	}
	return 0;
}

int mpx_table_parse(struct mpx_table *t, unsigned int argc, char **argv,
		    mpx_ps_lookup_fn lookup, void *lookup_data,
		    const char **reason)
{
	struct mpx_args as = { argc, argv };
	unsigned int parsed = 0;
	int r;

	t->feat = (struct mpx_features){ .pg_init_delay_ms = MPX_PG_INIT_DELAY_UNSET };
	t->hw_handler = NULL;
	t->hw_args = (struct mpx_args){ 0, NULL };
	t->hw_dropped = false;
	t->nr_pgs = t->initial_pg = t->nr_paths = 0;

	r = parse_features(&as, &t->feat, reason);
	if (r)
		return r;
	if (t->feat.queue_mode == MPX_QM_BIO)
		t->feat.retain_hw_handler = true;
	r = parse_hw_handler(&as, t, reason);
	if (!r)
		r = mpx_args_read(&as, &pg_count, &t->nr_pgs, reason);
	if (!r)
		r = mpx_args_read(&as, &pg_initial, &t->initial_pg, reason);
	if (r)
		return r;
	if (!t->nr_pgs != !t->initial_pg) {
		*reason = "invalid initial priority group";
		return -EINVAL;
	}
	/* Groups are read while words remain: trailing junk is a bad group. */
	while (as.argc) {
		struct mpx_pg_spec *pg = NULL;

		if (t->pgs && parsed < t->pgs_cap)
			pg = &t->pgs[parsed];
		r = parse_pg(&as, t, lookup, lookup_data, pg, reason);
		if (r)
			return r;
		parsed++;
	}
	if (parsed != t->nr_pgs) {
		*reason = "priority group count mismatch";
		return -EINVAL;
	}
	return 0;
}
