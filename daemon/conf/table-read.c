// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "conf/table-check.h"
#include "conf/table-read.h"
#include "table-emit.h"

static int keep_words(struct mpx_args *as, struct mpx_ps_conf *conf, const char **reason)
{
	return 0;	/* the parser keeps them in ps_args / the path's args */
}

/* Kept words are compared, never printed from a conf: nothing to emit. */
static void emit_nothing(struct mpx_buf *b, const struct mpx_ps_conf *conf)
{
}

static const struct mpx_ps_grammar *lookup(const char *name, void *data)
{
	struct mpx_table_read *r = data;
	const struct mpx_ps_grammar *g = mpx_builtin_grammar(name, NULL);
	unsigned int i;

	if (g)
		return g;
	for (i = 0; i < r->nr_modules; i++)
		if (!strcmp(r->modules[i].name, name))
			return &r->modules[i];
	if (r->nr_modules == MPX_TABLE_READ_MAX_MODULES)
		return NULL;
	r->modules[r->nr_modules] = (struct mpx_ps_grammar){
		.name = name,
		.parse_group = keep_words,
		.parse_path = keep_words,
		.emit_group = emit_nothing,
		.emit_path = emit_nothing,
	};
	return &r->modules[r->nr_modules++];
}

int mpx_table_read(const char *params, struct mpx_table_read *r, const char **reason)
{
	unsigned int argc = 0, cap = 1;
	char *save = NULL, *w;
	const char *p;
	int ret;

	memset(r, 0, sizeof(*r));
	for (p = params; *p; p++)
		cap += *p == ' ' || *p == '\t';
	r->words = strdup(params);
	r->argv = calloc(cap, sizeof(*r->argv));
	if (!r->words || !r->argv) {
		ret = -ENOMEM;
		goto fail;
	}
	for (w = strtok_r(r->words, " \t\n", &save); w && argc < cap;
	     w = strtok_r(NULL, " \t\n", &save))
		r->argv[argc++] = w;
	/* first pass: check and count; second: fill arrays of those sizes */
	ret = mpx_table_parse(&r->t, argc, r->argv, lookup, r, reason);
	if (ret)
		goto parse_failed;
	r->t.pgs = calloc(r->t.nr_pgs + 1, sizeof(*r->t.pgs));
	r->t.paths = calloc(r->t.nr_paths + 1, sizeof(*r->t.paths));
	if (!r->t.pgs || !r->t.paths) {
		ret = -ENOMEM;
		goto fail;
	}
	r->t.pgs_cap = r->t.nr_pgs;
	r->t.paths_cap = r->t.nr_paths;
	ret = mpx_table_parse(&r->t, argc, r->argv, lookup, r, reason);
	if (!ret)
		return 0;
parse_failed:
	if (r->nr_modules == MPX_TABLE_READ_MAX_MODULES) {
		*reason = "too many different selector modules in one table";
		ret = -E2BIG;
	}
fail:
	mpx_table_read_free(r);
	return ret;
}

void mpx_table_read_free(struct mpx_table_read *r)
{
	free(r->t.pgs);
	free(r->t.paths);
	free(r->argv);
	free(r->words);
	memset(r, 0, sizeof(*r));
}

bool mpx_table_read_is_module(const struct mpx_table_read *r, const struct mpx_ps_grammar *g)
{
	return g >= r->modules && g < r->modules + r->nr_modules;
}

void mpx_table_read_features(const struct mpx_table_read *r, char *buf, size_t len)
{
	struct mpx_buf b;

	mpx_buf_init(&b, buf, len);
	mpx_emit_features(&b, &r->t.feat, r->t.feat.queue_if_no_path);
	if (b.pos && b.pos < len && buf[b.pos - 1] == ' ')
		buf[b.pos - 1] = '\0';	/* each word is printed with a space after it */
}

void mpx_table_read_selector(const struct mpx_table_read *r, unsigned int g, char *buf, size_t len)
{
	const struct mpx_pg_spec *pg = &r->t.pgs[g];
	struct mpx_buf b;
	unsigned int i;

	mpx_buf_init(&b, buf, len);
	mpx_emit(&b, "%s %u", pg->ps->name, pg->ps_args.argc);
	for (i = 0; i < pg->ps_args.argc; i++)
		mpx_emit(&b, " %s", pg->ps_args.argv[i]);
}

static bool words_same(const struct mpx_args *a, const struct mpx_args *b)
{
	unsigned int i;

	if (a->argc != b->argc)
		return false;
	for (i = 0; i < a->argc; i++)
		if (strcmp(a->argv[i], b->argv[i]))
			return false;
	return true;
}

static bool conf_same(const struct mpx_ps_conf *a, const struct mpx_ps_conf *b)
{
	return !memcmp(a->val, b->val, sizeof(a->val));
}

static bool features_same(const struct mpx_features *a, const struct mpx_features *b)
{
	return a->queue_if_no_path == b->queue_if_no_path &&
	       a->retain_hw_handler == b->retain_hw_handler &&
	       a->pg_init_retries == b->pg_init_retries &&
	       a->pg_init_delay_ms == b->pg_init_delay_ms && a->queue_mode == b->queue_mode &&
	       a->no_path_timeout == b->no_path_timeout;
}

/* A selector's values: a built-in's parsed ones, or a module's words. */
static bool values_same(bool module, const struct mpx_args *wa, const struct mpx_ps_conf *ca,
			const struct mpx_args *wb, const struct mpx_ps_conf *cb)
{
	return module ? words_same(wa, wb) : conf_same(ca, cb);
}

static bool group_same(const struct mpx_table_read *a, const struct mpx_pg_spec *pa,
		       const struct mpx_table_read *b, const struct mpx_pg_spec *pb)
{
	bool module = mpx_table_read_is_module(a, pa->ps);
	unsigned int i;

	if (module != mpx_table_read_is_module(b, pb->ps) ||
	    (module ? strcmp(pa->ps->name, pb->ps->name) != 0 : pa->ps != pb->ps) ||
	    !values_same(module, &pa->ps_args, &pa->conf, &pb->ps_args, &pb->conf) ||
	    pa->nr_paths != pb->nr_paths)
		return false;
	for (i = 0; i < pa->nr_paths; i++) {
		const struct mpx_path_spec *x = &a->t.paths[pa->first_path + i];
		const struct mpx_path_spec *y = &b->t.paths[pb->first_path + i];

		if (strcmp(x->dev, y->dev) ||
		    !values_same(module, &x->args, &x->conf, &y->args, &y->conf))
			return false;
	}
	return true;
}

bool mpx_tables_same(const struct mpx_table_read *a, const struct mpx_table_read *b, bool ignore_hw)
{
	unsigned int g;

	if (!features_same(&a->t.feat, &b->t.feat) || a->t.nr_pgs != b->t.nr_pgs)
		return false;
	/* the target prints the handler's name only: its arguments do not show */
	if (!ignore_hw && (!a->t.hw_handler != !b->t.hw_handler ||
			   (a->t.hw_handler && strcmp(a->t.hw_handler, b->t.hw_handler))))
		return false;
	for (g = 0; g < a->t.nr_pgs; g++)
		if (!group_same(a, &a->t.pgs[g], b, &b->t.pgs[g]))
			return false;
	return true;
}
