// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cgroup v2 tree, as tenants need it: expanding a tenant entry's glob
 * to cgroups and their ids, making the io controller reach them, freezing
 * and thawing them, and which directories to watch for new ones. The root
 * is a parameter (struct mpxd's cgroup_root), so tests run against a
 * directory tree of their own. Nothing here logs.
 *
 * A cgroup's id, as the kernel's cgroup_id() returns it and as the target
 * takes it, is the inode number of its directory in cgroupfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include "base/cleanup.h"
#include "tenants/tenants.h"

static void globfreep(glob_t *g)
{
	globfree(g);
}

/* root with glob's special characters escaped, then "/" and pattern. */
static int glob_path(const char *root, const char *pattern, char *buf, size_t len)
{
	size_t n = 0;
	int w;

	for (; *root; root++) {
		if (n + 3 >= len)
			return -ENAMETOOLONG;
		if (strchr("*?[\\", *root))
			buf[n++] = '\\';
		buf[n++] = *root;
	}
	while (n && buf[n - 1] == '/')
		n--;
	while (*pattern == '/')
		pattern++;
	w = snprintf(buf + n, len - n, "%s%s", *pattern ? "/" : "", pattern);
	return w < 0 || (size_t)w >= len - n ? -ENAMETOOLONG : 0;
}

/* Run glob(3); 0 with no results is fine. */
static int run_glob(const char *root, const char *pattern, glob_t *g)
{
	char path[2048];
	int r = glob_path(root, pattern, path, sizeof(path));

	if (r)
		return r;
	r = glob(path, GLOB_ONLYDIR, NULL, g);
	if (r == GLOB_NOMATCH)
		return 0;
	return r == GLOB_NOSPACE ? -ENOMEM : r ? -EIO : 0;
}

static size_t root_len(const char *root)
{
	size_t n = strlen(root);

	while (n && root[n - 1] == '/')
		n--;
	return n;
}

int mpx_cgroup_check_v2(const char *root)
{
	char path[1100];

	snprintf(path, sizeof(path), "%s/cgroup.controllers", root);
	return access(path, F_OK) ? -ENOTSUP : 0;
}

int mpx_cgroup_glob(const char *root, const char *pattern,
		    int (*fn)(void *ud, const char *path, uint64_t id), void *ud)
{
	_cleanup_(globfreep) glob_t g = { 0 };
	size_t i, rl = root_len(root);
	struct stat st;
	int r = run_glob(root, pattern, &g);

	if (r)
		return r;
	for (i = 0; i < g.gl_pathc; i++) {
		const char *p = g.gl_pathv[i];

		/* GLOB_ONLYDIR is a hint: files may come back too */
		if (strlen(p) <= rl + 1 || stat(p, &st) || !S_ISDIR(st.st_mode))
			continue;
		r = fn(ud, p + rl + 1, (uint64_t)st.st_ino);
		if (r)
			return r;
	}
	return 0;
}

/* As "echo text > path" does it (cgroupfs ignores O_TRUNC; plain files need it). */
static int write_file(const char *path, const char *text)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
	size_t n = strlen(text);
	ssize_t w;

	if (fd < 0)
		return -errno;
	w = write(fd, text, n);
	if (w < 0)
		return -errno;
	return (size_t)w == n ? 0 : -EIO;
}

/* Does the cgroup's subtree_control list "io" (a test tree may say "+io")? */
static bool io_enabled(const char *file)
{
	_cleanup_fclose_ FILE *f = fopen(file, "re");
	char buf[512], *save = NULL, *w;

	if (!f || !fgets(buf, sizeof(buf), f))
		return false;
	for (w = strtok_r(buf, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
		if (!strcmp(w, "io") || !strcmp(w, "+io"))
			return true;
	return false;
}

/*
 * From the root down, as the kernel requires: a cgroup can hand the io
 * controller to its children only once its parent handed it to it.
 */
int mpx_cgroup_enable_io(const char *root, const char *path, char *failed_at, size_t len)
{
	char file[2200], anc[1100];
	const char *slash;
	size_t n = 0;	/* the root first, then each ancestor; not the cgroup itself */
	int r;

	while (*path == '/')
		path++;
	for (slash = path;; slash++) {
		if (n >= sizeof(anc))
			return -ENAMETOOLONG;
		memcpy(anc, path, n);
		anc[n] = '\0';
		snprintf(file, sizeof(file), "%s%s%s/cgroup.subtree_control", root,
			 n ? "/" : "", anc);
		if (!io_enabled(file)) {
			r = write_file(file, "+io");
			if (r) {
				snprintf(failed_at, len, "%s", anc);
				return r;
			}
		}
		slash = strchr(slash, '/');
		if (!slash)
			return 0;
		n = (size_t)(slash - path);
	}
}

/*
 * A cgroup mpxd freezes carries this mark until mpxd thaws it: an mpxd
 * killed meanwhile cannot thaw it, and the next one must know it was not
 * frozen by somebody else. The mark lives on the cgroup, so it goes with
 * it, and survives the systemd restart that empties /run/mpx. Best effort:
 * without it (no trusted xattrs), a freeze still happens.
 */
#define FROZEN_XATTR "trusted.mpx.frozen"

int mpx_cgroup_freeze(const char *root, const char *path, bool freeze)
{
	char dir[2100], file[2200];
	int r;

	snprintf(dir, sizeof(dir), "%s/%s", root, path);
	snprintf(file, sizeof(file), "%s/cgroup.freeze", dir);
	if (freeze)
		(void)setxattr(dir, FROZEN_XATTR, "1", 1, 0);
	r = write_file(file, freeze ? "1" : "0");
	/* thawed, or never frozen: nothing for the next mpxd to undo */
	if (freeze ? r != 0 : r == 0)
		(void)removexattr(dir, FROZEN_XATTR);
	return r;
}

bool mpx_cgroup_frozen_by_mpxd(const char *root, const char *path)
{
	char dir[2100], v;

	snprintf(dir, sizeof(dir), "%s/%s", root, path);
	return getxattr(dir, FROZEN_XATTR, &v, 1) == 1;
}

/*
 * A new cgroup matching "a/b*\/c*" shows up as an entry created in the
 * root (a), in a (b...), or in some a/b... (c...): those are the
 * directories to watch, the ones that exist now.
 */
int mpx_cgroup_watch_dirs(const char *root, const char *pattern,
			  void (*fn)(void *ud, const char *dir), void *ud)
{
	char prefix[1100];
	const char *slash;
	size_t i;
	int r;

	fn(ud, root);
	while (*pattern == '/')
		pattern++;
	for (slash = strchr(pattern, '/'); slash; slash = strchr(slash + 1, '/')) {
		_cleanup_(globfreep) glob_t g = { 0 };

		if ((size_t)(slash - pattern) >= sizeof(prefix))
			return -ENAMETOOLONG;
		memcpy(prefix, pattern, (size_t)(slash - pattern));
		prefix[slash - pattern] = '\0';
		r = run_glob(root, prefix, &g);
		if (r)
			return r;
		for (i = 0; i < g.gl_pathc; i++)
			fn(ud, g.gl_pathv[i]);
	}
	return 0;
}

int mpx_cgroup_self(char *buf, size_t len)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/self/cgroup", "re");
	char line[1200];

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		/* cgroup v2: "0::/system.slice/mpxd.service" */
		if (strncmp(line, "0::", 3))
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(buf, len, "%s", line + 3 + (line[3] == '/'));
		return 0;
	}
	return -ENOENT;
}
