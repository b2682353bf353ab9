// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading whole table lines whatever their selectors (conf/table-read.c):
 * built-in selectors by their values, module selectors by their words,
 * and what "show topology" prints of them.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "conf/table-read.h"

/* Whether lines a and b load the same, both read without error. */
static bool same(const char *a, const char *b, bool ignore_hw)
{
	struct mpx_table_read ra, rb;
	const char *reason = NULL;
	bool r;

	if (mpx_table_read(a, &ra, &reason)) {
		print_error("\"%s\": %s\n", a, reason);
		fail();
	}
	if (mpx_table_read(b, &rb, &reason)) {
		print_error("\"%s\": %s\n", b, reason);
		fail();
	}
	r = mpx_tables_same(&ra, &rb, ignore_hw);
	mpx_table_read_free(&ra);
	mpx_table_read_free(&rb);
	return r;
}

static void builtin_selectors_by_value(void **state)
{
	const char *rr = "0 0 1 1 round-robin 0 2 1 8:0 1 8:16 1";

	assert_true(same(rr, rr, false));
	/* the target takes a repeat count above 1 as 1: the same table */
	assert_true(same(rr, "0 0 1 1 round-robin 0 2 1 8:0 50 8:16 3", false));
	/* ... and an absent one as 1 */
	assert_true(same(rr, "0 0 1 1 round-robin 0 2 0 8:0 8:16", false));
	/* the initial group only says where I/O starts */
	assert_true(same("0 0 2 1 round-robin 0 1 1 8:0 1 round-robin 0 1 1 8:16 1",
			 "0 0 2 2 round-robin 0 1 1 8:0 1 round-robin 0 1 1 8:16 1", false));
	assert_false(same(rr, "0 0 1 1 round-robin 0 2 1 8:16 1 8:0 1", false));
	assert_false(same(rr, "0 0 1 1 queue-length 0 2 1 8:0 1 8:16 1", false));
	assert_false(same(rr, "1 queue_if_no_path 0 1 1 round-robin 0 2 1 8:0 1 8:16 1", false));
	assert_false(same(rr, "0 0 2 1 round-robin 0 1 1 8:0 1 round-robin 0 1 1 8:16 1", false));
	assert_false(same("0 0 1 1 service-time 0 1 2 8:0 1 1",
			  "0 0 1 1 service-time 0 1 2 8:0 1 5", false));
	/* a handler the kernel attached by itself, when the config asks for none */
	assert_false(same(rr, "0 1 alua 1 1 round-robin 0 2 1 8:0 1 8:16 1", false));
	assert_true(same(rr, "0 1 alua 1 1 round-robin 0 2 1 8:0 1 8:16 1", true));
	/* the target prints a handler's name only */
	assert_true(same("0 2 emc 1 1 1 round-robin 0 1 1 8:0 1",
			 "0 1 emc 1 1 round-robin 0 1 1 8:0 1", false));
}

/* Module selectors' words are compared as written: the line counts them. */
static void module_selectors_by_words(void **state)
{
	const char *hst = "0 0 1 1 historical-service-time 0 2 1 8:0 1 8:16 1";

	assert_true(same(hst, hst, false));
	assert_true(same(hst, "0  0 1 1 historical-service-time\t0 2 1 8:0 1 8:16 1\n", false));
	assert_false(same(hst, "0 0 1 1 historical-service-time 1 900 2 1 8:0 1 8:16 1", false));
	assert_false(same(hst, "0 0 1 1 historical-service-time 0 2 1 8:0 1 8:16 2", false));
	assert_false(same(hst, "0 0 1 1 historical-service-time 0 2 0 8:0 8:16", false));
	assert_false(same(hst, "0 0 1 1 latency 0 2 1 8:0 1 8:16 1", false));
	/* a module never equals a built-in, whatever the words */
	assert_false(same("0 0 1 1 round-robin 0 1 1 8:0 1", "0 0 1 1 example 0 1 1 8:0 1", false));
	/* two modules in one table, groups told apart */
	assert_true(same("0 0 2 1 latency 1 50 1 0 8:0 historical-service-time 0 1 1 8:16 0",
			 "0 0 2 2 latency 1 50 1 0 8:0 historical-service-time 0 1 1 8:16 0",
			 false));
	assert_false(same("0 0 2 1 latency 1 50 1 0 8:0 historical-service-time 0 1 1 8:16 0",
			  "0 0 2 1 historical-service-time 0 1 1 8:16 0 latency 1 50 1 0 8:0",
			  false));
}

static void refused_lines(void **state)
{
	struct mpx_table_read r;
	const char *reason = NULL;
	char line[1024];
	int i, n;

	assert_int_equal(mpx_table_read("0 0 1 1 round-robin 0 1 1 8:0 x", &r, &reason), -EINVAL);
	assert_string_equal(reason, "round-robin ps: invalid repeat count");
	assert_int_equal(mpx_table_read("0 0 1 1 latency 0 2 0 8:0", &r, &reason), -EINVAL);
	assert_string_equal(reason, "not enough path parameters");
	assert_int_equal(mpx_table_read("", &r, &reason), -EINVAL);
	/* more different modules than one read keeps */
	n = snprintf(line, sizeof(line), "0 0 %d 1", MPX_TABLE_READ_MAX_MODULES + 1);
	for (i = 0; i <= MPX_TABLE_READ_MAX_MODULES; i++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " mod%d 0 1 0 8:%d", i, i);
	assert_int_equal(mpx_table_read(line, &r, &reason), -E2BIG);
	assert_string_equal(reason, "too many different selector modules in one table");
}

/* What "show topology" prints: the table's own words. */
static void described(void **state)
{
	struct mpx_table_read r;
	const char *reason = NULL;
	char buf[256];

	assert_int_equal(mpx_table_read("2 queue_if_no_path retain_attached_hw_handler 1 alua 2 2 "
					"historical-service-time 2 972 0 1 1 8:0 0 "
					"service-time 0 1 2 8:16 1 1",
					&r, &reason),
			 0);
	mpx_table_read_features(&r, buf, sizeof(buf));
	assert_string_equal(buf, "2 queue_if_no_path retain_attached_hw_handler");
	assert_string_equal(r.t.hw_handler, "alua");
	assert_int_equal(r.t.nr_pgs, 2);
	mpx_table_read_selector(&r, 0, buf, sizeof(buf));
	assert_string_equal(buf, "historical-service-time 2 972 0");
	assert_true(mpx_table_read_is_module(&r, r.t.pgs[0].ps));
	mpx_table_read_selector(&r, 1, buf, sizeof(buf));
	assert_string_equal(buf, "service-time 0");
	assert_false(mpx_table_read_is_module(&r, r.t.pgs[1].ps));
	assert_string_equal(r.t.paths[r.t.pgs[1].first_path].dev, "8:16");
	mpx_table_read_free(&r);
	assert_int_equal(mpx_table_read("0 0 0 0", &r, &reason), 0);
	mpx_table_read_features(&r, buf, sizeof(buf));
	assert_string_equal(buf, "0");
	mpx_table_read_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(builtin_selectors_by_value),
		cmocka_unit_test(module_selectors_by_words),
		cmocka_unit_test(refused_lines),
		cmocka_unit_test(described),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
