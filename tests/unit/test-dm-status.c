// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <mpx/table.h>
#include "seams/dm-status.h"

static void parses_target_output(void **state)
{
	struct mpx_status s;

	assert_int_equal(mpx_status_parse("2 0 0 0 2 2 E 0 1 2 8:16 A 0 0 10 A 0 2 1 8:32 F 3 0 8:48 A 0 1 ", &s), 0);
	assert_int_equal(s.nr_pgs, 2);
	assert_int_equal(s.pg_num, 2);
	assert_int_equal(s.pgs[0].state, 'E');
	assert_int_equal(s.pgs[1].state, 'A');
	assert_int_equal(s.nr_paths, 3);
	assert_string_equal(s.paths[0].dev, "8:16");
	assert_int_equal(s.paths[0].pg, 1);
	assert_true(s.paths[0].active);
	assert_string_equal(s.paths[1].dev, "8:32");
	assert_int_equal(s.paths[1].pg, 2);
	assert_false(s.paths[1].active);
	assert_int_equal(s.paths[1].fail_count, 3);
	mpx_status_free(&s);

	/* a selector with group status words (historical-service-time) */
	assert_int_equal(mpx_status_parse("2 1 0 0 1 1 E 2 900 2 1 3 8:16 A 0 1024 0 0 ", &s), 0);
	assert_int_equal(s.nr_paths, 1);
	mpx_status_free(&s);

	assert_int_equal(mpx_status_parse("2 1 0 0 0 0 ", &s), 0);
	assert_int_equal(s.nr_pgs, 0);
	mpx_status_free(&s);
}

/* 1.2.0 on: each path ends with "<last_error> <errors>" after its selector words. */
static void reads_error_records(void **state)
{
	struct mpx_status s;

	assert_int_equal(
		mpx_status_parse(
			"2 0 0 0 2 1 A 0 1 2 8:16 F 1 transport 4 E 0 1 4 8:32 A 0 512 1 medium 2 ",
			&s),
		0);
	assert_int_equal(s.nr_paths, 2);
	assert_false(s.paths[0].active);
	assert_int_equal(s.paths[0].last_error, MPX_ERR_TRANSPORT);
	assert_int_equal(s.paths[0].errors, 4);
	assert_true(s.paths[1].active);
	assert_int_equal(s.paths[1].last_error, MPX_ERR_MEDIUM);
	assert_int_equal(s.paths[1].errors, 2);
	mpx_status_free(&s);

	assert_int_equal(
		mpx_status_parse("2 0 0 0 1 1 A 0 1 2 8:16 A 0 none 18446744073709551615 ", &s), 0);
	assert_int_equal(s.paths[0].last_error, MPX_ERR_NONE);
	assert_true(s.paths[0].errors == UINT64_MAX);
	mpx_status_free(&s);

	/* an older target: selector words only, no error record */
	assert_int_equal(mpx_status_parse("2 0 0 0 1 1 A 0 1 2 8:16 A 0 0 1 ", &s), 0);
	assert_int_equal(s.paths[0].last_error, -1);
	assert_int_equal(s.paths[0].errors, 0);
	mpx_status_free(&s);
	assert_int_equal(mpx_status_parse("2 0 0 0 1 1 A 0 1 0 8:16 A 0 ", &s), 0);
	assert_int_equal(s.paths[0].last_error, -1);
	mpx_status_free(&s);

	/* a word short is malformed */
	assert_int_equal(mpx_status_parse("2 0 0 0 1 1 A 0 1 2 8:16 A 0 none ", &s), -EINVAL);
}

static void refuses_garbage(void **state)
{
	struct mpx_status s;

	assert_int_equal(mpx_status_parse("", &s), -EINVAL);
	assert_int_equal(mpx_status_parse("3 0 0 0 0 0", &s), -EINVAL);
	assert_int_equal(mpx_status_parse("2 0 0 0 1 1", &s), -EINVAL);
	assert_int_equal(mpx_status_parse("2 0 0 0 1 1 X 0 1 0 8:0 A 0", &s), -EINVAL);
	assert_int_equal(mpx_status_parse("2 0 0 0 1 1 A 0 1 0 8:0 Q 0", &s), -EINVAL);
	assert_int_equal(mpx_status_parse("2 0 0 0 1 1 A 0 1 0 8:0 A 0 extra", &s), -EINVAL);
	assert_int_equal(mpx_status_parse("2 0 0 0 1 1 A 0 2 0 8:0 A 0", &s), -EINVAL);
	assert_int_equal(mpx_status_parse("2 0 0 0 1 1 A 0 1 0 12345678901234567890 A 0", &s), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_target_output),
		cmocka_unit_test(reads_error_records),
		cmocka_unit_test(refuses_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
