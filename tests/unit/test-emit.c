// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "emit.h"

static void bounded(void **state)
{
	char buf[8];
	struct mpx_buf b;

	memset(buf, 'x', sizeof(buf));
	mpx_buf_init(&b, buf, sizeof(buf));
	mpx_emit(&b, "%u ", 12);
	assert_string_equal(buf, "12 ");
	assert_false(b.overflow);
	mpx_emit(&b, "%s", "abcdef");
	assert_true(b.overflow);
	assert_int_equal(strlen(buf), 7);	/* truncated, NUL-terminated */
	mpx_emit(&b, "more");
	assert_int_equal(strlen(buf), 7);
	mpx_buf_init(&b, buf, 1);
	mpx_emit(&b, "x");
	assert_true(b.overflow);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
