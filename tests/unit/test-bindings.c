// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* The file's reads and writes, counted to show they happen once per batch. */
static int nr_fopen, nr_write, nr_fsync;

FILE *__real_fopen(const char *path, const char *mode);
ssize_t __real_write(int fd, const void *buf, size_t n);
int __real_fsync(int fd);

FILE *__wrap_fopen(const char *path, const char *mode)
{
	nr_fopen++;
	return __real_fopen(path, mode);
}

ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
	nr_write++;
	return __real_write(fd, buf, n);
}

int __wrap_fsync(int fd)
{
	nr_fsync++;
	return __real_fsync(fd);
}

static char dir[64], file[128];

static int make_dir(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/mpx-bindings-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/sub/bindings", dir);
	nr_fopen = nr_write = nr_fsync = 0;
	return 0;
}

static int remove_dir(void **state)
{
	char sub[160];

	unlink(file);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	rmdir(sub);
	rmdir(dir);
	return 0;
}

static void write_file(const char *text)
{
	char sub[160];
	FILE *f;

	snprintf(sub, sizeof(sub), "%s/sub", dir);
	mkdir(sub, 0755);
	f = __real_fopen(file, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *read_file(void)
{
	static char buf[4096];
	FILE *f = __real_fopen(file, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* lookup + flush, as mpxd does for one map */
static int get(struct mpx_bindings *b, const char *wwid, char *name, size_t len)
{
	bool pending;
	int r = mpx_bindings_lookup(b, file, "mpath", wwid, name, len, &pending);

	return r ? r : pending ? mpx_bindings_flush(b) : 0;
}

static void bind_and_reuse(void **state)
{
	struct mpx_bindings *b = mpx_bindings_new();
	char name[64];

	assert_non_null(b);
	/* the directory and file are created on first use */
	assert_int_equal(get(b, "3600a", name, sizeof(name)), 0);
	assert_string_equal(name, "mpatha");
	assert_int_equal(get(b, "3600b", name, sizeof(name)), 0);
	assert_string_equal(name, "mpathb");
	assert_int_equal(get(b, "3600a", name, sizeof(name)), 0);
	assert_string_equal(name, "mpatha");
	assert_string_equal(read_file(), "mpatha 3600a\nmpathb 3600b\n");
	/* hand-edited: seen at once; gaps are reused, foreign names and comments ignored */
	write_file(
		"# bindings\nmpathb 3600b\n\nmpathc 3600c # note\nother 3600d\nmpathxyzw1 3600e\n");
	assert_int_equal(get(b, "3600f", name, sizeof(name)), 0);
	assert_string_equal(name, "mpatha");
	assert_int_equal(get(b, "3600g", name, sizeof(name)), 0);
	assert_string_equal(name, "mpathd");
	assert_int_equal(get(b, "3600d", name, sizeof(name)), 0);
	assert_string_equal(name, "other");
	/* the first line naming a WWID wins */
	write_file("mpathq 3600x\nmpathr 3600x\n");
	assert_int_equal(get(b, "3600x", name, sizeof(name)), 0);
	assert_string_equal(name, "mpathq");
	/* a name that does not fit the caller's buffer is an error, not cut */
	assert_int_equal(get(b, "3600x", name, 4), -ENAMETOOLONG);
	b = mpx_bindings_free(b);
}

/* A thousand new LUNs: the file is read once, written and synced once. */
static void one_write_per_batch(void **state)
{
	struct mpx_bindings *b = mpx_bindings_new();
	char wwid[32], name[64], want[64];
	bool pending;
	unsigned int i;

	write_file("mpathb 3600kept\n");
	nr_fopen = nr_write = nr_fsync = 0;
	for (i = 0; i < 1000; i++) {
		snprintf(wwid, sizeof(wwid), "3600%04u", i);
		assert_int_equal(mpx_bindings_lookup(b, file, "mpath", wwid, name, sizeof(name),
						     &pending),
				 0);
		assert_true(pending);
		/* the first free names, skipping the one the file holds */
		strcpy(want, "mpath");
		mpx_binding_suffix(i ? i + 1 : 0, want + 5, sizeof(want) - 5);
		assert_string_equal(name, want);
	}
	/* asked again before the flush: the same name, still pending */
	assert_int_equal(
		mpx_bindings_lookup(b, file, "mpath", "36000999", name, sizeof(name), &pending), 0);
	assert_true(pending);
	assert_int_equal(mpx_bindings_pending(b), 1000);
	assert_int_equal(nr_fopen, 1);
	assert_int_equal(nr_write + nr_fsync, 0);
	assert_int_equal(mpx_bindings_flush(b), 0);
	assert_int_equal(nr_write, 1);
	assert_int_equal(nr_fsync, 1);
	assert_int_equal(mpx_bindings_pending(b), 0);
	/* nothing pending: a flush writes nothing; our own write is not a reason to read */
	assert_int_equal(mpx_bindings_flush(b), 0);
	assert_int_equal(
		mpx_bindings_lookup(b, file, "mpath", "36000999", name, sizeof(name), &pending), 0);
	assert_false(pending);
	assert_int_equal(nr_write, 1);
	assert_int_equal(nr_fsync, 1);
	assert_int_equal(nr_fopen, 1);
	b = mpx_bindings_free(b);
	/* and a fresh reader finds all of them */
	b = mpx_bindings_new();
	assert_int_equal(
		mpx_bindings_lookup(b, file, "mpath", "36000999", name, sizeof(name), &pending), 0);
	assert_false(pending);
	mpx_binding_suffix(1000, want + 5, sizeof(want) - 5);
	assert_string_equal(name, want);
	assert_int_equal(
		mpx_bindings_lookup(b, file, "mpath", "3600kept", name, sizeof(name), &pending), 0);
	assert_string_equal(name, "mpathb");
	b = mpx_bindings_free(b);
}

/* Names that could not be written are not given again as if they were. */
static void failed_write(void **state)
{
	struct mpx_bindings *b = mpx_bindings_new();
	char name[64];
	bool pending;

	assert_int_equal(mpx_bindings_lookup(b, "/proc/nope/bindings", "mpath", "x", name,
					     sizeof(name), &pending),
			 0);
	assert_true(pending);
	assert_true(mpx_bindings_flush(b) < 0);
	assert_int_equal(mpx_bindings_pending(b), 0);
	/* another file, while names wait for the first: they go to the first one */
	assert_int_equal(mpx_bindings_lookup(b, "/proc/nope/bindings", "mpath", "y", name,
					     sizeof(name), &pending),
			 0);
	assert_int_equal(mpx_bindings_lookup(b, file, "mpath", "z", name, sizeof(name), &pending),
			 0);
	assert_string_equal(name, "mpatha");
	/* ... and the names lost there are reported by the next flush */
	assert_true(mpx_bindings_flush(b) < 0);
	assert_int_equal(mpx_bindings_flush(b), 0);
	assert_string_equal(read_file(), "mpatha z\n");
	b = mpx_bindings_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(suffixes),
		cmocka_unit_test_setup_teardown(bind_and_reuse, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(one_write_per_batch, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(failed_write, make_dir, remove_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
