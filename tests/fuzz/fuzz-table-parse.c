// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: the target's table line parser (dm-target/core), run
 * the way the kernel's ctr runs it, and its "dmsetup table" output.
 *
 * The input is a table line. It is split into words as device-mapper
 * splits it, then parsed in two passes: first with no arrays (validate and
 * count), then with arrays of exactly the counted sizes (heap blocks of that
 * size, so ASan sees any write past them), as mpx_ctr() does. Checked:
 *   - both passes agree (result and counts), a refusal has a reason;
 *   - the parsed groups and paths are consistent with the counts;
 *   - emitting into a buffer of any size never writes past it, and a cut
 *     output is a prefix of the whole one with the overflow flag set;
 *   - round trip: the emitted line parses again and emits the identical
 *     text ("dmsetup table" fed back to "dmsetup load" gives the same
 *     table). Devices are printed as the kernel prints them (maj:min of
 *     the opened device), so only the grammar is under test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table-parse.h"
#include "table-emit.h"
#include "ps-grammar.h"
#include "conf/table-check.h"
#include "dm-split.h"
#include "fuzz.h"

struct parsed {
	char *copy;
	char **argv;
	unsigned int argc;
	struct mpx_table t;
	const char **devs;	/* "maj:min" names, as the kernel prints paths */
	char *dev_names;
};

static void parsed_free(struct parsed *p)
{
	free(p->copy);
	free(p->argv);
	free(p->t.pgs);
	free(p->t.paths);
	free(p->devs);
	free(p->dev_names);
	memset(p, 0, sizeof(*p));
}

/* Split and parse as mpx_ctr() does; returns the parser's result. */
static int parse(struct parsed *p, const char *line, size_t len, const char **reason)
{
	struct mpx_table first;
	unsigned int i;
	int r;

	memset(p, 0, sizeof(*p));
	p->copy = malloc(len + 1);
	p->argv = malloc((len / 2 + 1) * sizeof(*p->argv));
	check(p->copy && p->argv, "out of memory");
	memcpy(p->copy, line, len);
	p->copy[len] = '\0';
	p->argc = dm_split_args(p->copy, p->argv, (unsigned int)(len / 2 + 1));
	/* exactly argc words: reading past them is a finding */
	p->argv = realloc(p->argv, p->argc * sizeof(*p->argv) + !p->argc);
	check(p->argv, "out of memory");

	*reason = NULL;
	r = mpx_table_parse(&p->t, p->argc, p->argv, mpx_builtin_grammar, NULL, reason);
	if (r) {
		check(r == -EINVAL, "unexpected error %d", r);
		check(*reason && **reason, "refused without a reason");
		return r;
	}
	check(p->t.nr_pgs <= MPX_MAX_PGS, "%u groups", p->t.nr_pgs);
	check(p->t.nr_paths <= p->argc, "%u paths from %u words", p->t.nr_paths, p->argc);
	first = p->t;

	/* exactly the counted sizes, as kcalloc(n) in the target */
	p->t.pgs = malloc(p->t.nr_pgs * sizeof(*p->t.pgs) + !p->t.nr_pgs);
	p->t.paths = malloc(p->t.nr_paths * sizeof(*p->t.paths) + !p->t.nr_paths);
	check(p->t.pgs && p->t.paths, "out of memory");
	p->t.pgs_cap = p->t.nr_pgs;
	p->t.paths_cap = p->t.nr_paths;
	r = mpx_table_parse(&p->t, p->argc, p->argv, mpx_builtin_grammar, NULL, reason);
	check(!r, "second pass refused what the first accepted: %s", *reason);
	check(p->t.nr_pgs == first.nr_pgs && p->t.nr_paths == first.nr_paths &&
	      p->t.initial_pg == first.initial_pg,
	      "passes disagree: %u/%u/%u then %u/%u/%u", first.nr_pgs, first.nr_paths,
	      first.initial_pg, p->t.nr_pgs, p->t.nr_paths, p->t.initial_pg);

	/* the kernel names each path by the device it opened */
	p->devs = malloc((p->t.nr_paths + 1) * sizeof(*p->devs));
	p->dev_names = malloc((p->t.nr_paths + 1) * 16);
	check(p->devs && p->dev_names, "out of memory");
	for (i = 0; i < p->t.nr_paths; i++) {
		snprintf(p->dev_names + 16 * i, 16, "8:%u", i);
		p->devs[i] = p->dev_names + 16 * i;
	}
	return 0;
}

static void check_structure(const struct mpx_table *t)
{
	unsigned int g, i, next = 0;

	check(!t->nr_pgs == !t->initial_pg, "%u groups, initial %u", t->nr_pgs,
	      t->initial_pg);
	for (g = 0; g < t->nr_pgs; g++) {
		const struct mpx_pg_spec *pg = &t->pgs[g];

		check(pg->ps, "group %u has no selector", g);
		check(pg->first_path == next, "group %u starts at %u, not %u", g,
		      pg->first_path, next);
		check(pg->nr_paths >= 1 && pg->nr_paths <= MPX_MAX_PATHS_PER_PG,
		      "group %u has %u paths", g, pg->nr_paths);
		next += pg->nr_paths;
		check(next <= t->nr_paths, "group %u ends past the paths", g);
		for (i = pg->first_path; i < next; i++) {
			const struct mpx_path_spec *p = &t->paths[i];

			check(p->dev && *p->dev, "path %u has no device", i);
			check(p->args.argc <= 1024, "path %u has %u args", i, p->args.argc);
			if (pg->ps == &mpx_ps_service_time_grammar)
				check(p->conf.val[1] <= MPX_ST_MAX_RELATIVE_THROUGHPUT,
				      "relative throughput %u", p->conf.val[1]);
			check(p->conf.val[0] <= 1, "repeat count %u", p->conf.val[0]);
		}
	}
	check(next == t->nr_paths, "groups hold %u of %u paths", next, t->nr_paths);
	if (t->hw_handler)
		check(!t->hw_dropped && *t->hw_handler, "handler \"%s\"", t->hw_handler);
}

/* The status pg_num rule of the target right after a load. */
static unsigned int pg_num(const struct mpx_table *t)
{
	if (t->initial_pg && t->initial_pg <= t->nr_pgs)
		return t->initial_pg;
	return t->nr_pgs ? 1 : 0;
}

/* Emit in full into a heap buffer; the caller frees it. */
static char *emit_all(const struct parsed *p, size_t *ret_len)
{
	size_t cap = 256;
	struct mpx_buf b;
	char *out;

	for (;;) {
		out = malloc(cap);
		check(out, "out of memory");
		mpx_buf_init(&b, out, cap);
		mpx_emit_table(&b, &p->t, p->devs, pg_num(&p->t));
		check(b.pos < cap && out[b.pos] == '\0' && strlen(out) == b.pos,
		      "emit left pos %zu in a %zu buffer", b.pos, cap);
		if (!b.overflow)
			break;
		free(out);
		check(cap < (1u << 26), "table output keeps growing");
		cap *= 4;
	}
	*ret_len = b.pos;
	return out;
}

/* Into a buffer of len bytes, exactly: a cut prefix, never an overrun. */
static void emit_cut(const struct parsed *p, const char *full, size_t full_len,
		     size_t len)
{
	char *out = malloc(len ? len : 1);
	struct mpx_buf b;

	check(out, "out of memory");
	mpx_buf_init(&b, out, len);
	mpx_emit_table(&b, &p->t, p->devs, pg_num(&p->t));
	if (len) {
		check(b.pos < len && out[b.pos] == '\0', "pos %zu in %zu", b.pos, len);
		check(!strncmp(out, full, b.pos), "cut output is not a prefix");
	}
	check(b.overflow == (full_len + 1 > len), "overflow %d for %zu of %zu",
	      b.overflow, len, full_len);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parsed p, again;
	const char *reason;
	char *out, *out2;
	size_t len, len2, n = strnlen((const char *)data, size);

	/* a table line is a C string: the kernel sees nothing after a NUL */
	if (parse(&p, (const char *)data, n, &reason))
		goto out;
	check_structure(&p.t);
	out = emit_all(&p, &len);
	emit_cut(&p, out, len, 0);
	emit_cut(&p, out, len, len);
	emit_cut(&p, out, len, len + 1);
	emit_cut(&p, out, len, (size ? data[0] : 0) % (len + 2));

	/*
	 * Round trip. A handler name with whitespace or a backslash could only
	 * come from an escaped word; the target would not find such a handler
	 * and refuses the table, so there is no "dmsetup table" to check.
	 */
	if (p.t.hw_handler && strpbrk(p.t.hw_handler, " \t\n\v\f\r\xa0\\"))
		goto free_out;
	if (parse(&again, out, len, &reason)) {
		fprintf(stderr, "line: %.*s\nemitted: %s\nrefused: %s\n", (int)n,
			(const char *)data, out, reason);
		check(0, "the emitted table does not parse back");
	}
	out2 = emit_all(&again, &len2);
	if (strcmp(out, out2)) {
		fprintf(stderr, "line: %.*s\nemitted: %s\nagain:   %s\n", (int)n,
			(const char *)data, out, out2);
		check(0, "the emitted table does not emit back identically");
	}
	free(out2);
	parsed_free(&again);
free_out:
	free(out);
out:
	parsed_free(&p);
	return 0;
}
