// SPDX-License-Identifier: GPL-2.0-only
/* dm-target/core/path-error.c: the error classes a path's status shows. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "path-error.h"

static void every_class_has_a_word_that_parses_back(void **state)
{
	unsigned int c;

	for (c = 0; c < MPX_ERR_NR; c++) {
		const char *w = mpx_err_name(c);

		assert_non_null(w);
		assert_null(strchr(w, ' '));
		assert_int_equal(mpx_err_parse(w), (int)c);
	}
	assert_string_equal(mpx_err_name(MPX_ERR_NONE), "none");
	assert_string_equal(mpx_err_name(MPX_ERR_TRANSPORT), "transport");
	assert_string_equal(mpx_err_name(MPX_ERR_MEDIUM), "medium");
	assert_string_equal(mpx_err_name(MPX_ERR_ACTIVATION), "activation");
	/* a number the kernel does not know yet reads as "other" */
	assert_string_equal(mpx_err_name(MPX_ERR_NR), "other");
	assert_string_equal(mpx_err_name(999), "other");
}

static void unknown_words_are_refused(void **state)
{
	assert_int_equal(mpx_err_parse(""), -EINVAL);
	assert_int_equal(mpx_err_parse("Transport"), -EINVAL);
	assert_int_equal(mpx_err_parse("0"), -EINVAL);
	assert_int_equal(mpx_err_parse("transport "), -EINVAL);
}

/* blk_path_error(): only the LUN's own errors leave the path up. */
static void which_classes_fail_a_path(void **state)
{
	static const unsigned int fails[] = { MPX_ERR_IO,      MPX_ERR_TRANSPORT,
					      MPX_ERR_TIMEOUT, MPX_ERR_RESOURCE,
					      MPX_ERR_OFFLINE, MPX_ERR_ACTIVATION,
					      MPX_ERR_OTHER };
	static const unsigned int stays[] = { MPX_ERR_NONE,   MPX_ERR_TARGET,     MPX_ERR_NEXUS,
					      MPX_ERR_MEDIUM, MPX_ERR_PROTECTION, MPX_ERR_SPACE,
					      MPX_ERR_NOTSUPP };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fails); i++)
		assert_true(mpx_err_fails_path(fails[i]));
	for (i = 0; i < ARRAY_SIZE(stays); i++)
		assert_false(mpx_err_fails_path(stays[i]));
	assert_int_equal(ARRAY_SIZE(fails) + ARRAY_SIZE(stays), MPX_ERR_NR);
}

static void status_words(void **state)
{
	char out[64];
	struct mpx_buf b;

	mpx_buf_init(&b, out, sizeof(out));
	mpx_emit_path_err(&b, MPX_ERR_TIMEOUT, 3);
	mpx_emit_path_err(&b, MPX_ERR_NONE, 0);
	mpx_emit_path_err(&b, MPX_ERR_MEDIUM, 18446744073709551615ULL);
	assert_string_equal(out, "timeout 3 none 0 medium 18446744073709551615 ");

	/* cut, never overrun */
	mpx_buf_init(&b, out, 8);
	mpx_emit_path_err(&b, MPX_ERR_TRANSPORT, 12);
	assert_true(strlen(out) < 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_class_has_a_word_that_parses_back),
		cmocka_unit_test(unknown_words_are_refused),
		cmocka_unit_test(which_classes_fail_a_path),
		cmocka_unit_test(status_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
