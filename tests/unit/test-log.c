// SPDX-License-Identifier: GPL-2.0-only
/*
 * The log's line format (base/log.c): program name, message, error text;
 * with mpxd -T the seconds since the start in front, and never on the
 * journal, which stamps lines itself and reads the "<N>" prefix.
 */
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/log.h"

/* what one mpx_log_full call wrote to stderr */
static void capture(struct mpx_log *l, int prio, int error, const char *msg, char *out,
		    size_t len)
{
	FILE *tmp = tmpfile();
	int saved, n;

	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
	mpx_log_full(l, prio, error, "%s", msg);
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	rewind(tmp);
	n = (int)fread(out, 1, len - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
}

static void assert_matches(const char *s, const char *pattern)
{
	regex_t re;
	int r;

	assert_int_equal(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0);
	r = regexec(&re, s, 0, NULL, 0);
	regfree(&re);
	if (r)
		fail_msg("\"%s\" does not match /%s/", s, pattern);
}

static void test_plain(void **state)
{
	struct mpx_log l;
	char out[256];

	(void)state;
	unsetenv("JOURNAL_STREAM");
	mpx_log_init(&l, "mpxd", LOG_INFO);
	capture(&l, LOG_INFO, 0, "map \"a\" created", out, sizeof(out));
	assert_string_equal(out, "mpxd: map \"a\" created\n");
	capture(&l, LOG_WARNING, -ENOENT, "no file", out, sizeof(out));
	assert_string_equal(out, "mpxd: no file: No such file or directory\n");
	/* below the level: nothing */
	capture(&l, LOG_DEBUG, 0, "chatter", out, sizeof(out));
	assert_string_equal(out, "");
}

static void test_timestamps(void **state)
{
	struct mpx_log l;
	char out[256];

	(void)state;
	unsetenv("JOURNAL_STREAM");
	mpx_log_init(&l, "mpxd", LOG_INFO);
	mpx_log_timestamps(&l);
	capture(&l, LOG_NOTICE, 0, "starting", out, sizeof(out));
	/* just started: well under a second, six digits of microseconds */
	assert_matches(out, "^\\[    0\\.[0-9]{6}\\] mpxd: starting\n$");
	/* the stamp counts from mpx_log_timestamps(), not from an absolute epoch */
	l.t0_us -= 1234500000;
	capture(&l, LOG_ERR, -EIO, "gone", out, sizeof(out));
	assert_matches(out, "^\\[ 1234\\.5[0-9]{5}\\] mpxd: gone: Input/output error\n$");
}

static void test_journal_unstamped(void **state)
{
	struct mpx_log l;
	char out[256];

	(void)state;
	setenv("JOURNAL_STREAM", "8:1234", 1);
	mpx_log_init(&l, "mpxd", LOG_INFO);
	mpx_log_timestamps(&l);
	capture(&l, LOG_WARNING, 0, "path sdb failed", out, sizeof(out));
	assert_string_equal(out, "<4>path sdb failed\n");
	unsetenv("JOURNAL_STREAM");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_journal_unstamped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
