// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cgroup tree as tenants use it, against a fake tree in a temporary
 * directory: cgroup v2 detection, glob expansion to cgroups and ids (the
 * directories' inode numbers), "+io" up the tree, freezing, and which
 * directories to watch.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "tenants/tenants.h"

static char root[256];

static void put(const char *rel, const char *text)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char *get(const char *rel)
{
	static char buf[256];
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	buf[0] = '\0';
	f = fopen(path, "r");
	if (!f)
		return NULL;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return buf;
}

/* A cgroup directory with the control files the code touches. */
static void cg(const char *rel, const char *subtree)
{
	char path[512], file[600];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(file, sizeof(file), "%s/cgroup.subtree_control", rel);
	put(file, subtree);
	snprintf(file, sizeof(file), "%s/cgroup.freeze", rel);
	put(file, "0\n");
}

static uint64_t ino(const char *rel)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

static int setup(void **state)
{
	char base[] = "/tmp/mpx-cgroup-XXXXXX";

	assert_non_null(mkdtemp(base));
	/* glob characters in the root must not act as globs */
	snprintf(root, sizeof(root), "%s/cg[1]*", base);
	assert_int_equal(mkdir(root, 0755), 0);
	put("cgroup.subtree_control", "cpu memory\n");
	put("cgroup.controllers", "cpu io memory\n");
	cg("mpxtest.slice", "io\n");
	cg("mpxtest.slice/vm-a.scope", "");
	cg("mpxtest.slice/vm-b.scope", "");
	cg("mpxtest.slice/other.scope", "");
	put("mpxtest.slice/vm-file.scope", "not a cgroup\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%.*s'", (int)(strrchr(root, '/') - root), root);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static void v2(void **state)
{
	char path[512];

	assert_int_equal(mpx_cgroup_check_v2(root), 0);
	snprintf(path, sizeof(path), "%s/cgroup.controllers", root);
	unlink(path);
	assert_int_equal(mpx_cgroup_check_v2(root), -ENOTSUP);
}

struct found {
	char path[8][128];
	uint64_t id[8];
	int n;
};

static int collect(void *ud, const char *path, uint64_t id)
{
	struct found *f = ud;

	assert_true(f->n < 8);
	snprintf(f->path[f->n], sizeof(f->path[0]), "%s", path);
	f->id[f->n++] = id;
	return 0;
}

static void globs(void **state)
{
	struct found f = { .n = 0 };

	assert_int_equal(mpx_cgroup_glob(root, "mpxtest.slice/vm-*.scope", collect, &f), 0);
	assert_int_equal(f.n, 2);	/* not the file */
	assert_string_equal(f.path[0], "mpxtest.slice/vm-a.scope");
	assert_string_equal(f.path[1], "mpxtest.slice/vm-b.scope");
	assert_int_equal(f.id[0], ino("mpxtest.slice/vm-a.scope"));
	assert_int_equal(f.id[1], ino("mpxtest.slice/vm-b.scope"));

	f.n = 0;
	assert_int_equal(mpx_cgroup_glob(root, "/mpxtest.slice/*", collect, &f), 0);
	assert_int_equal(f.n, 3);
	assert_string_equal(f.path[0], "mpxtest.slice/other.scope");

	f.n = 0;
	assert_int_equal(mpx_cgroup_glob(root, "*/vm-[b-z].scope", collect, &f), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.path[0], "mpxtest.slice/vm-b.scope");

	f.n = 0;
	assert_int_equal(mpx_cgroup_glob(root, "mpxtest.slice/vm-a.scope", collect, &f), 0);
	assert_int_equal(f.n, 1);
	f.n = 0;
	assert_int_equal(mpx_cgroup_glob(root, "nosuch.slice/*", collect, &f), 0);
	assert_int_equal(f.n, 0);
	/* the root itself is no tenant */
	assert_int_equal(mpx_cgroup_glob(root, "", collect, &f), 0);
	assert_int_equal(f.n, 0);
}

static int stop_at_first(void *ud, const char *path, uint64_t id)
{
	(*(int *)ud)++;
	return -ECANCELED;
}

static void glob_stops(void **state)
{
	int calls = 0;

	assert_int_equal(mpx_cgroup_glob(root, "mpxtest.slice/*", stop_at_first, &calls),
			 -ECANCELED);
	assert_int_equal(calls, 1);
}

static void enable_io(void **state)
{
	char at[256] = "unset";

	cg("mpxtest.slice/vm-a.scope/inner", "");
	assert_int_equal(mpx_cgroup_enable_io(root, "mpxtest.slice/vm-a.scope/inner", at,
					      sizeof(at)), 0);
	assert_string_equal(get("cgroup.subtree_control"), "+io");	/* the root lacked it */
	assert_string_equal(get("mpxtest.slice/cgroup.subtree_control"), "io\n");	/* had it */
	assert_string_equal(get("mpxtest.slice/vm-a.scope/cgroup.subtree_control"), "+io");
	/* the cgroup's own children are not its business */
	assert_string_equal(get("mpxtest.slice/vm-a.scope/inner/cgroup.subtree_control"), "");

	/* a cgroup that refuses (here: no control file) is named */
	{
		char path[512];

		snprintf(path, sizeof(path), "%s/mpxtest.slice/vm-b.scope/cgroup.subtree_control",
			 root);
		unlink(path);
	}
	cg("mpxtest.slice/vm-b.scope/inner", "");
	assert_int_equal(mpx_cgroup_enable_io(root, "/mpxtest.slice/vm-b.scope/inner", at,
					      sizeof(at)), -ENOENT);
	assert_string_equal(at, "mpxtest.slice/vm-b.scope");
	/* a child of the root: only the root */
	put("cgroup.subtree_control", "cpu\n");
	assert_int_equal(mpx_cgroup_enable_io(root, "mpxtest.slice", at, sizeof(at)), 0);
	assert_string_equal(get("cgroup.subtree_control"), "+io");
}

static void freeze(void **state)
{
	assert_int_equal(mpx_cgroup_freeze(root, "mpxtest.slice/vm-a.scope", true), 0);
	assert_string_equal(get("mpxtest.slice/vm-a.scope/cgroup.freeze"), "1");
	assert_int_equal(mpx_cgroup_freeze(root, "mpxtest.slice/vm-a.scope", false), 0);
	assert_string_equal(get("mpxtest.slice/vm-a.scope/cgroup.freeze"), "0");
	assert_int_equal(mpx_cgroup_freeze(root, "mpxtest.slice/gone.scope", true), -ENOENT);
}

static void add_dir(void *ud, const char *dir)
{
	struct found *f = ud;

	assert_true(f->n < 8);
	snprintf(f->path[f->n++], sizeof(f->path[0]), "%s", dir + strlen(root));
}

static void watch_dirs(void **state)
{
	struct found f = { .n = 0 };

	assert_int_equal(mpx_cgroup_watch_dirs(root, "mpxtest.slice/vm-*.scope", add_dir, &f), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.path[0], "");
	assert_string_equal(f.path[1], "/mpxtest.slice");

	/* every directory a later level's match could appear in, as they are now */
	cg("a1", "");
	cg("a1/b", "");
	cg("a2", "");
	f.n = 0;
	assert_int_equal(mpx_cgroup_watch_dirs(root, "a*/b/c*", add_dir, &f), 0);
	assert_int_equal(f.n, 4);
	assert_string_equal(f.path[0], "");
	assert_string_equal(f.path[1], "/a1");
	assert_string_equal(f.path[2], "/a2");
	assert_string_equal(f.path[3], "/a1/b");

	f.n = 0;
	assert_int_equal(mpx_cgroup_watch_dirs(root, "top.scope", add_dir, &f), 0);
	assert_int_equal(f.n, 1);
}

static void self(void **state)
{
	char buf[256] = "";
	int r = mpx_cgroup_self(buf, sizeof(buf));

	/* on a cgroup v2 host it is a path without the leading '/' */
	assert_true(r == 0 || r == -ENOENT);
	if (!r)
		assert_true(buf[0] != '/');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(v2, setup, teardown),
		cmocka_unit_test_setup_teardown(globs, setup, teardown),
		cmocka_unit_test_setup_teardown(glob_stops, setup, teardown),
		cmocka_unit_test_setup_teardown(enable_io, setup, teardown),
		cmocka_unit_test_setup_teardown(freeze, setup, teardown),
		cmocka_unit_test_setup_teardown(watch_dirs, setup, teardown),
		cmocka_unit_test(self),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
