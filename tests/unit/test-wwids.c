// SPDX-License-Identifier: GPL-2.0-only
/*
 * The wwids file (maps/wwids.c) in multipath-tools' format: recording
 * several WWIDs in one pass appends only those missing (each once), keeps
 * what an administrator wrote, writes the header only into a new file,
 * and refuses a batch with a WWID that cannot be a line, writing nothing.
 */
#include <errno.h>
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

#include "maps/wwids.h"

static char dir[64], file[128];

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/test-wwids.XXXXXX");
	assert_non_null(mkdtemp(dir));
	/* a directory that does not exist yet: made on the first write */
	snprintf(file, sizeof(file), "%s/multipath/wwids", dir);
	return 0;
}

static int teardown(void **state)
{
	char sub[96];

	unlink(file);
	snprintf(sub, sizeof(sub), "%s/multipath", dir);
	rmdir(sub);
	rmdir(dir);
	return 0;
}

static void slurp(char *buf, size_t len)
{
	FILE *f = fopen(file, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void put(const char *text)
{
	FILE *f = fopen(file, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int count_lines(const char *buf, const char *line)
{
	int n = 0;
	size_t len = strlen(line);

	for (const char *s = buf; (s = strstr(s, line)); s += len)
		n += (s == buf || s[-1] == '\n');
	return n;
}

static void batch_into_new_file(void **state)
{
	const char *w[] = { "3600a1", "3600a2", "3600a1", "3600a3" };
	bool added[4];
	char buf[4096];

	assert_int_equal(mpx_wwids_add_many(file, w, 4, added), 3);
	assert_true(added[0] && added[1] && added[3]);
	assert_false(added[2]); /* the same LUN twice in one batch: one line */
	slurp(buf, sizeof(buf));
	assert_non_null(strstr(buf, "# Valid WWIDs:\n/3600a1/\n/3600a2/\n/3600a3/\n"));
	assert_int_equal(count_lines(buf, "# Multipath wwids"), 1);
	assert_int_equal(mpx_wwids_has(file, "3600a2"), 1);
	assert_int_equal(mpx_wwids_has(file, "3600a"), 0);
	/* again, with one new: only it is appended, no second header */
	const char *w2[] = { "3600a3", "3600a4", "3600a2" };
	assert_int_equal(mpx_wwids_add_many(file, w2, 3, added), 1);
	assert_false(added[0]);
	assert_true(added[1]);
	assert_false(added[2]);
	slurp(buf, sizeof(buf));
	assert_int_equal(count_lines(buf, "# Multipath wwids"), 1);
	assert_int_equal(count_lines(buf, "/3600a3/\n"), 1);
	assert_non_null(strstr(buf, "/3600a3/\n/3600a4/\n"));
	/* nothing new: the file is left as it is */
	assert_int_equal(mpx_wwids_add_many(file, w2, 3, added), 0);
	assert_int_equal(mpx_wwids_add(file, "3600a4"), 0);
	assert_int_equal(mpx_wwids_add(file, "3600a5"), 1);
}

/* A file edited by hand: comments kept, a last line without its newline completed. */
static void hand_edited_file(void **state)
{
	const char *w[] = { "3600b2", "3600b1" };
	bool added[2];
	char buf[4096];

	assert_int_equal(mpx_wwids_add(file, "3600b0"), 1); /* makes the directory */
	put("# mine\n/3600b1/\n/3600b0/");
	assert_int_equal(mpx_wwids_add_many(file, w, 2, added), 1);
	assert_true(added[0]);
	assert_false(added[1]);
	slurp(buf, sizeof(buf));
	assert_string_equal(buf, "# mine\n/3600b1/\n/3600b0/\n/3600b2/\n");
}

/* One bad WWID refuses the batch: nothing written, not even the header. */
static void bad_wwid_writes_nothing(void **state)
{
	const char *slash[] = { "3600c1", "36/00" };
	const char *newline[] = { "3600c1", "36\n00" };
	const char *empty[] = { "" };
	char longw[600];
	const char *toolong[] = { longw };
	bool added[2];

	memset(longw, 'a', sizeof(longw) - 1);
	longw[sizeof(longw) - 1] = '\0';
	assert_int_equal(mpx_wwids_add_many(file, slash, 2, added), -EINVAL);
	assert_int_equal(mpx_wwids_add_many(file, newline, 2, added), -EINVAL);
	assert_int_equal(mpx_wwids_add_many(file, empty, 1, added), -EINVAL);
	assert_int_equal(mpx_wwids_add_many(file, toolong, 1, added), -EINVAL);
	assert_int_equal(access(file, F_OK), -1);
	assert_int_equal(mpx_wwids_has(file, "3600c1"), 0);
}

/* Many at once against many known: the lookup of known WWIDs is by sorted search. */
static void many_against_many(void **state)
{
	static char names[2000][16];
	const char *w[2000];
	static bool added[2000];
	char buf[64];
	int i;

	for (i = 0; i < 2000; i++) {
		snprintf(names[i], sizeof(names[i]), "36%05d", (i * 7919) % 2000);
		w[i] = names[i];
	}
	assert_int_equal(mpx_wwids_add_many(file, w, 1000, added), 1000);
	/* the second thousand overlaps none of the first (7919 is prime to 2000) */
	assert_int_equal(mpx_wwids_add_many(file, w, 2000, added), 1000);
	for (i = 0; i < 2000; i++)
		assert_int_equal(added[i], i >= 1000);
	snprintf(buf, sizeof(buf), "36%05d", 1999);
	assert_int_equal(mpx_wwids_has(file, buf), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(batch_into_new_file, setup, teardown),
		cmocka_unit_test_setup_teardown(hand_edited_file, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_wwid_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(many_against_many, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
