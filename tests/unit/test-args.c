// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "args.h"

static void parse_uint(void **state)
{
	unsigned int v = 7;

	assert_int_equal(mpx_parse_uint("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(mpx_parse_uint("007", &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(mpx_parse_uint("4294967295", &v), 0);
	assert_int_equal(v, 4294967295U);
	v = 3;
	assert_int_equal(mpx_parse_uint("4294967296", &v), -EINVAL);
	assert_int_equal(mpx_parse_uint("99999999999999999999999", &v), -EINVAL);
	assert_int_equal(mpx_parse_uint("", &v), -EINVAL);
	assert_int_equal(mpx_parse_uint(NULL, &v), -EINVAL);
	assert_int_equal(mpx_parse_uint("-1", &v), -EINVAL);
	assert_int_equal(mpx_parse_uint("+1", &v), -EINVAL);
	assert_int_equal(mpx_parse_uint(" 1", &v), -EINVAL);
	assert_int_equal(mpx_parse_uint("1 ", &v), -EINVAL);
	assert_int_equal(mpx_parse_uint("0x10", &v), -EINVAL);
	assert_int_equal(v, 3);	/* untouched on failure */
}

static void cursor_and_groups(void **state)
{
	char *argv[] = { "2", "a", "b", "c", "5" };
	struct mpx_args as = { 5, argv }, g;
	const struct mpx_arg_range r = { 0, 8, "bad" };
	const char *reason = NULL;
	unsigned int n;

	assert_int_equal(mpx_args_read_group(&as, &r, &n, &reason), 0);
	assert_int_equal(n, 2);
	mpx_args_split(&as, n, &g);
	assert_int_equal(g.argc, 2);
	assert_string_equal(mpx_args_shift(&g), "a");
	assert_string_equal(mpx_args_shift(&g), "b");
	assert_null(mpx_args_shift(&g));
	assert_int_equal(as.argc, 2);
	/* a group larger than what is left is refused with the range's reason */
	assert_int_equal(mpx_args_read_group(&as, &r, &n, &reason), -EINVAL);
	assert_string_equal(reason, "bad");
	assert_int_equal(as.argc, 1);	/* the word was consumed */
	assert_int_equal(mpx_args_read(&as, &r, &n, &reason), 0);
	assert_int_equal(n, 5);
	reason = NULL;
	assert_int_equal(mpx_args_read(&as, &r, &n, &reason), -EINVAL);
	assert_string_equal(reason, "bad");
	/* split never goes past the end */
	as.argc = 1;
	as.argv = argv;
	mpx_args_split(&as, 9, &g);
	assert_int_equal(g.argc, 1);
	assert_int_equal(as.argc, 0);
}

static void word_eq(void **state)
{
	assert_true(mpx_word_eq("Queue_If_No_Path", "queue_if_no_path"));
	assert_false(mpx_word_eq("queue_if_no_pat", "queue_if_no_path"));
	assert_false(mpx_word_eq("queue_if_no_paths", "queue_if_no_path"));
	assert_true(mpx_word_eq("", ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_uint),
		cmocka_unit_test(cursor_and_groups),
		cmocka_unit_test(word_eq),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
