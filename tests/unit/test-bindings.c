// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "maps/bindings.h"

static void suffixes(void **state)
{
	char s[16];

	mpx_binding_suffix(0, s, sizeof(s));
	assert_string_equal(s, "a");
	mpx_binding_suffix(25, s, sizeof(s));
	assert_string_equal(s, "z");
	mpx_binding_suffix(26, s, sizeof(s));
	assert_string_equal(s, "aa");
	mpx_binding_suffix(27, s, sizeof(s));
	assert_string_equal(s, "ab");
	mpx_binding_suffix(701, s, sizeof(s));
	assert_string_equal(s, "zz");
	mpx_binding_suffix(702, s, sizeof(s));
	assert_string_equal(s, "aaa");
}

static void bind_and_reuse(void **state)
{
	char dir[] = "/tmp/mpx-bindings-XXXXXX", file[128], name[64];
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/sub/bindings", dir);
	/* the directory and file are created on first use */
	assert_int_equal(mpx_binding_get(file, "mpath", "3600a", name, sizeof(name)), 0);
	assert_string_equal(name, "mpatha");
	assert_int_equal(mpx_binding_get(file, "mpath", "3600b", name, sizeof(name)), 0);
	assert_string_equal(name, "mpathb");
	assert_int_equal(mpx_binding_get(file, "mpath", "3600a", name, sizeof(name)), 0);
	assert_string_equal(name, "mpatha");
	/* hand-edited: gaps are reused, foreign names and comments ignored */
	f = fopen(file, "w");
	assert_non_null(f);
	fprintf(f, "# bindings\nmpathb 3600b\n\nmpathc 3600c # note\nother 3600d\nmpathxyzw1 3600e\n");
	fclose(f);
	assert_int_equal(mpx_binding_get(file, "mpath", "3600f", name, sizeof(name)), 0);
	assert_string_equal(name, "mpatha");
	assert_int_equal(mpx_binding_get(file, "mpath", "3600g", name, sizeof(name)), 0);
	assert_string_equal(name, "mpathd");
	assert_int_equal(mpx_binding_get(file, "mpath", "3600d", name, sizeof(name)), 0);
	assert_string_equal(name, "other");
	unlink(file);
	snprintf(file, sizeof(file), "%s/sub", dir);
	rmdir(file);
	rmdir(dir);
	/* an unwritable place is an error, not a crash */
	assert_true(mpx_binding_get("/proc/nope/bindings", "mpath", "x", name, sizeof(name)) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(suffixes),
		cmocka_unit_test(bind_and_reuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
