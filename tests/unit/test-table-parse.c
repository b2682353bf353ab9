// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table grammar: lines the kernel multipath target accepts load and
 * print back in its canonical form; malformed lines are refused with the
 * kernel's reason; the printed form parses back to itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "table-parse.h"
#include "table-emit.h"
#include "ps-grammar.h"
#include "conf/table-check.h"

struct parsed {
	char buf[4096];
	char *argv[512];
	unsigned int argc;
	struct mpx_table t;
	struct mpx_pg_spec pgs[64];
	struct mpx_path_spec paths[256];
};

/* Split on spaces and run both passes; returns the parser's result. */
static int parse(struct parsed *p, const char *line, const char **reason)
{
	char *s, *save = NULL;
	int r;

	memset(p, 0, sizeof(*p));
	strncpy(p->buf, line, sizeof(p->buf) - 1);
	for (s = strtok_r(p->buf, " ", &save); s; s = strtok_r(NULL, " ", &save))
		p->argv[p->argc++] = s;
	*reason = NULL;
	r = mpx_table_parse(&p->t, p->argc, p->argv, mpx_builtin_grammar, NULL, reason);
	if (r)
		return r;
	assert_true(p->t.nr_pgs <= 64 && p->t.nr_paths <= 256);
	p->t.pgs = p->pgs;
	p->t.paths = p->paths;
	p->t.pgs_cap = 64;
	p->t.paths_cap = 256;
	return mpx_table_parse(&p->t, p->argc, p->argv, mpx_builtin_grammar, NULL, reason);
}

static unsigned int pg_num(const struct mpx_table *t)
{
	if (t->initial_pg && t->initial_pg <= t->nr_pgs)
		return t->initial_pg;
	return t->nr_pgs ? 1 : 0;
}

static void emit(const struct mpx_table *t, char *out, size_t len)
{
	struct mpx_buf b;

	mpx_buf_init(&b, out, len);
	mpx_emit_table(&b, t, NULL, pg_num(t));
	assert_false(b.overflow);
}

/* line loads and prints as want; want printed parses back to want. */
static void check_accepts(const char *line, const char *want)
{
	struct parsed *p = malloc(sizeof(*p));
	char out[4096], again[4096];
	const char *reason;

	assert_non_null(p);
	if (parse(p, line, &reason)) {
		print_error("refused \"%s\": %s\n", line, reason);
		fail();
	}
	emit(&p->t, out, sizeof(out));
	if (strcmp(out, want)) {
		print_error("\"%s\"\n printed \"%s\"\n expected \"%s\"\n", line, out, want);
		fail();
	}
	assert_int_equal(parse(p, out, &reason), 0);
	emit(&p->t, again, sizeof(again));
	assert_string_equal(again, want);
	free(p);
}

static void check_refuses(const char *line, const char *want_reason)
{
	struct parsed *p = malloc(sizeof(*p));
	const char *reason;

	assert_non_null(p);
	if (!parse(p, line, &reason)) {
		print_error("accepted \"%s\", expected \"%s\"\n", line, want_reason);
		fail();
	}
	assert_non_null(reason);
	if (strcmp(reason, want_reason)) {
		print_error("\"%s\"\n reason \"%s\"\n expected \"%s\"\n", line, reason,
			    want_reason);
		fail();
	}
	free(p);
}

static void accepts_kernel_lines(void **state)
{
	check_accepts("0 0 1 1 round-robin 0 2 1 8:16 1000 8:32 1",
		      "0 0 1 1 round-robin 0 2 1 8:16 1 8:32 1 ");
	check_accepts("0 0 1 1 round-robin 0 2 0 8:16 8:32",
		      "0 0 1 1 round-robin 0 2 1 8:16 1 8:32 1 ");
	check_accepts("3 queue_if_no_path queue_mode bio 1 alua 2 2 service-time 0 1 2 8:16 1 10 queue-length 0 1 0 8:32",
		      "4 queue_if_no_path retain_attached_hw_handler queue_mode bio 0 2 2 service-time 0 1 2 8:16 1 10 queue-length 0 1 1 8:32 1 ");
	check_accepts("4 pg_init_retries 3 pg_init_delay_msecs 500 0 1 1 round-robin 0 1 0 8:16",
		      "4 pg_init_retries 3 pg_init_delay_msecs 500 0 1 1 round-robin 0 1 1 8:16 1 ");
	check_accepts("0 0 0 0", "0 0 0 0 ");
	/* multipathd's usual shape */
	check_accepts("1 queue_if_no_path 1 alua 2 1 service-time 0 2 2 8:16 1 1 8:48 1 1 service-time 0 2 2 8:32 1 1 8:64 1 1",
		      "1 queue_if_no_path 1 alua 2 1 service-time 0 2 2 8:16 1 1 8:48 1 1 service-time 0 2 2 8:32 1 1 8:64 1 1 ");
	/* feature words are case-insensitive; values print normalised */
	check_accepts("2 QUEUE_IF_NO_PATH Retain_Attached_Hw_Handler 0 1 1 queue-length 0 1 1 8:0 0",
		      "2 queue_if_no_path retain_attached_hw_handler 0 1 1 queue-length 0 1 1 8:0 0 ");
	check_accepts("2 queue_mode mq 0 1 1 round-robin 0 1 0 8:0",
		      "0 0 1 1 round-robin 0 1 1 8:0 1 ");
	check_accepts("2 queue_mode rq 0 1 1 round-robin 0 1 0 8:0",
		      "0 0 1 1 round-robin 0 1 1 8:0 1 ");
	/* hardware handler arguments are not printed */
	check_accepts("0 3 emc 1 0 1 1 round-robin 0 1 0 8:0",
		      "0 1 emc 1 1 round-robin 0 1 1 8:0 1 ");
	/* selector group arguments are accepted and not printed */
	check_accepts("0 0 1 1 round-robin 2 a b 1 0 8:0",
		      "0 0 1 1 round-robin 0 1 1 8:0 1 ");
	/* the same device twice, initial group beyond the count */
	check_accepts("0 0 2 2 round-robin 0 1 0 8:0 round-robin 0 1 0 8:0",
		      "0 0 2 2 round-robin 0 1 1 8:0 1 round-robin 0 1 1 8:0 1 ");
	check_accepts("0 0 1 7 round-robin 0 1 0 8:0",
		      "0 0 1 1 round-robin 0 1 1 8:0 1 ");
	/* service-time throughput bounds, repeat 0 kept */
	check_accepts("0 0 1 1 service-time 0 3 2 8:0 0 0 8:16 1 100 8:32 5 7",
		      "0 0 1 1 service-time 0 3 2 8:0 0 0 8:16 1 100 8:32 1 7 ");
	check_accepts("0 0 1 1 service-time 0 1 1 8:0 2",
		      "0 0 1 1 service-time 0 1 2 8:0 1 1 ");
	check_accepts("0 0 1 1 round-robin 0 1 0 /dev/sdb",
		      "0 0 1 1 round-robin 0 1 1 /dev/sdb 1 ");
	/* repeated features: last value wins */
	check_accepts("4 pg_init_retries 3 pg_init_retries 5 0 1 1 round-robin 0 1 0 8:0",
		      "2 pg_init_retries 5 0 1 1 round-robin 0 1 1 8:0 1 ");
}

static void accepts_mpx_features(void **state)
{
	check_accepts("3 queue_if_no_path no_path_timeout 5 0 1 1 round-robin 0 1 0 8:0",
		      "3 queue_if_no_path no_path_timeout 5 0 1 1 round-robin 0 1 1 8:0 1 ");
	check_accepts("2 no_path_timeout 0 0 1 1 round-robin 0 1 0 8:0",
		      "0 0 1 1 round-robin 0 1 1 8:0 1 ");
	check_accepts("5 queue_mode bio no_path_timeout 86400 queue_if_no_path 0 1 1 round-robin 0 1 0 8:0",
		      "6 queue_if_no_path retain_attached_hw_handler queue_mode bio no_path_timeout 86400 0 1 1 round-robin 0 1 1 8:0 1 ");
}

static void counts_and_fields(void **state)
{
	struct parsed *p = malloc(sizeof(*p));
	const char *reason;

	assert_non_null(p);
	assert_int_equal(parse(p, "1 queue_if_no_path 2 alua x 2 2 round-robin 0 2 1 8:0 1 8:16 1 queue-length 0 1 0 8:32", &reason), 0);
	assert_true(p->t.feat.queue_if_no_path);
	assert_string_equal(p->t.hw_handler, "alua");
	assert_int_equal(p->t.hw_args.argc, 1);
	assert_string_equal(p->t.hw_args.argv[0], "x");
	assert_int_equal(p->t.nr_pgs, 2);
	assert_int_equal(p->t.initial_pg, 2);
	assert_int_equal(p->t.nr_paths, 3);
	assert_ptr_equal(p->pgs[1].ps, &mpx_ps_queue_length_grammar);
	assert_int_equal(p->pgs[1].first_path, 2);
	assert_string_equal(p->paths[2].dev, "8:32");
	assert_int_equal(p->t.feat.pg_init_delay_ms, MPX_PG_INIT_DELAY_UNSET);

	/* bio mode drops the handler section and says so */
	assert_int_equal(parse(p, "2 queue_mode bio 2 alua x 1 1 round-robin 0 1 0 8:0", &reason), 0);
	assert_null(p->t.hw_handler);
	assert_true(p->t.hw_dropped);
	assert_true(p->t.feat.retain_hw_handler);

	/* a clamped repeat count is flagged for a warning */
	assert_int_equal(parse(p, "0 0 1 1 round-robin 0 2 1 8:0 1 8:16 9", &reason), 0);
	assert_false(p->paths[0].conf.clamped);
	assert_true(p->paths[1].conf.clamped);
	free(p);
}

static void refuses_features(void **state)
{
	check_refuses("", "invalid number of feature args");
	check_refuses("x", "invalid number of feature args");
	check_refuses("11 a a a a a a a a a a a 0 0 0", "invalid number of feature args");
	check_refuses("3 queue_if_no_path", "invalid number of feature args");
	check_refuses("-1 0 0 0", "invalid number of feature args");
	check_refuses("+1 queue_if_no_path 0 0 0", "invalid number of feature args");
	check_refuses("1x 0 0 0", "invalid number of feature args");
	check_refuses("1 bogus 0 0 0", "Unrecognised multipath feature request");
	check_refuses("1 pg_init_retries 0 0 0", "Unrecognised multipath feature request");
	check_refuses("1 queue_mode 0 0 0", "Unrecognised multipath feature request");
	check_refuses("2 pg_init_retries 0 0 0 0", "pg_init_retries must be between 1 and 50");
	check_refuses("2 pg_init_retries 51 0 0 0", "pg_init_retries must be between 1 and 50");
	check_refuses("2 pg_init_retries x 0 0 0", "pg_init_retries must be between 1 and 50");
	check_refuses("2 pg_init_delay_msecs 60001 0 0 0", "pg_init_delay_msecs must be between 0 and 60000");
	check_refuses("2 queue_mode nvme 0 0 0", "Unknown 'queue_mode' requested");
	check_refuses("2 no_path_timeout 86401 0 0 0", "no_path_timeout must be between 0 and 86400");
	check_refuses("2 no_path_timeout -5 0 0 0", "no_path_timeout must be between 0 and 86400");
	check_refuses("2 pg_init_retries 4294967296 0 0 0", "pg_init_retries must be between 1 and 50");
}

static void refuses_structure(void **state)
{
	check_refuses("0", "invalid number of hardware handler args");
	check_refuses("0 2 alua", "invalid number of hardware handler args");
	check_refuses("0 1025 alua", "invalid number of hardware handler args");
	check_refuses("0 0", "invalid number of priority groups");
	check_refuses("0 0 1025 1", "invalid number of priority groups");
	check_refuses("0 0 x 1", "invalid number of priority groups");
	check_refuses("0 0 1", "invalid initial priority group number");
	check_refuses("0 0 1 1025", "invalid initial priority group number");
	check_refuses("0 0 0 1", "invalid initial priority group");
	check_refuses("0 0 1 0 round-robin 0 1 0 8:0", "invalid initial priority group");
	check_refuses("0 0 1 1", "priority group count mismatch");
	check_refuses("0 0 1 1 round-robin", "not enough priority group arguments");
	check_refuses("0 0 1 1 no-such-ps 0 1 0 8:0", "unknown path selector type");
	check_refuses("0 0 1 1 round-robin 2 a", "invalid number of path selector args");
	check_refuses("0 0 1 1 round-robin 0 0 0", "invalid number of paths");
	check_refuses("0 0 1 1 round-robin 0 1025 0 8:0", "invalid number of paths");
	check_refuses("0 0 1 1 round-robin 0 1", "invalid number of selector args");
	check_refuses("0 0 1 1 round-robin 0 1 1025 8:0", "invalid number of selector args");
	check_refuses("0 0 1 1 round-robin 0 2 0 8:0", "not enough path parameters");
	check_refuses("0 0 1 1 round-robin 0 1 1 8:0", "not enough path parameters");
	check_refuses("0 0 2 1 round-robin 0 1 0 8:0", "priority group count mismatch");
	/* trailing words are a group that does not parse */
	check_refuses("0 0 1 1 round-robin 0 1 0 8:0 x", "not enough priority group arguments");
	check_refuses("0 0 1 1 round-robin 0 1 0 8:0 x y", "unknown path selector type");
	check_refuses("0 0 1 1 round-robin 0 1 0 8:0 round-robin 0 1 0 8:16", "priority group count mismatch");
	check_refuses("0 0 0 0 junk", "not enough priority group arguments");
}

static void refuses_selector_args(void **state)
{
	check_refuses("0 0 1 1 round-robin 0 1 2 8:0 1 1", "round-robin ps: incorrect number of arguments");
	check_refuses("0 0 1 1 round-robin 0 1 1 8:0 x", "round-robin ps: invalid repeat count");
	check_refuses("0 0 1 1 round-robin 0 1 1 8:0 -1", "round-robin ps: invalid repeat count");
	check_refuses("0 0 1 1 queue-length 0 1 2 8:0 1 1", "queue-length ps: incorrect number of arguments");
	check_refuses("0 0 1 1 queue-length 0 1 1 8:0 1.5", "queue-length ps: invalid repeat count");
	check_refuses("0 0 1 1 service-time 0 1 3 8:0 1 1 1", "service-time ps: incorrect number of arguments");
	check_refuses("0 0 1 1 service-time 0 1 2 8:0 x 1", "service-time ps: invalid repeat count");
	check_refuses("0 0 1 1 service-time 0 1 2 8:0 1 101", "service-time ps: invalid relative_throughput value");
	check_refuses("0 0 1 1 service-time 0 1 2 8:0 1 y", "service-time ps: invalid relative_throughput value");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_kernel_lines),
		cmocka_unit_test(accepts_mpx_features),
		cmocka_unit_test(counts_and_fields),
		cmocka_unit_test(refuses_features),
		cmocka_unit_test(refuses_structure),
		cmocka_unit_test(refuses_selector_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
