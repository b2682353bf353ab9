// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/cleanup.h"
#include "maps/wwids.h"

static const char header[] = "# Multipath wwids, Version : 1.0\n"
			     "# NOTE: This file is automatically maintained by multipath and "
			     "multipathd (and mpxd).\n"
			     "# You should not need to edit this file in normal circumstances.\n"
			     "#\n"
			     "# Valid WWIDs:\n";

/* The WWID a line ("/<wwid>/") names, cut out in place, or NULL (a comment). */
static char *line_wwid(char *line)
{
	char *end;

	if (line[0] != '/' || !(end = strchr(line + 1, '/')))
		return NULL;
	*end = '\0';
	return line + 1;
}

static int find(FILE *f, const char *wwid)
{
	char line[1024], *w;

	while (fgets(line, sizeof(line), f))
		if ((w = line_wwid(line)) && !strcmp(w, wwid))
			return 1;
	return ferror(f) ? -EIO : 0;
}

int mpx_wwids_has(const char *file, const char *wwid)
{
	_cleanup_fclose_ FILE *f = fopen(file, "re");

	if (!f)
		return errno == ENOENT ? 0 : -errno;
	return find(f, wwid);
}

static int mkdir_parent(const char *file)
{
	char dir[4096], *slash;

	snprintf(dir, sizeof(dir), "%s", file);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static int write_all(int fd, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;

	while (len) {
		n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

static bool valid(const char *wwid)
{
	return *wwid && strlen(wwid) <= 512 && !strchr(wwid, '/') && !strchr(wwid, '\n');
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_lines(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

/* The WWIDs the file names, sorted (the wwid of each "/<wwid>/" line). */
static int read_known(FILE *f, char ***ret, size_t *ret_n)
{
	char line[1024], *w, **v = NULL, **nv;
	size_t n = 0, cap = 0;

	while (fgets(line, sizeof(line), f)) {
		if (!(w = line_wwid(line)))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				goto nomem;
			v = nv;
		}
		if (!(v[n] = strdup(w)))
			goto nomem;
		n++;
	}
	if (ferror(f)) {
		free_lines(v, n);
		return -EIO;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*ret = v;
	*ret_n = n;
	return 0;
nomem:
	free_lines(v, n);
	return -ENOMEM;
}

static bool known(char **v, size_t n, const char *wwid)
{
	return n && bsearch(&wwid, v, n, sizeof(*v), cmp_str);
}

/* The lines for the wwids not known yet (each once), marked in added[]. */
static char *new_lines(char **v, size_t nv, const char *const *wwids, size_t n, bool *added,
		       char last)
{
	size_t len = 2, i, j, at = 0;
	char *buf;

	for (i = 0; i < n; i++)
		len += strlen(wwids[i]) + 3;
	buf = malloc(len);
	if (!buf)
		return NULL;
	/* a file edited by hand may end without a newline */
	if (last != '\n')
		buf[at++] = '\n';
	for (i = 0; i < n; i++) {
		added[i] = !known(v, nv, wwids[i]);
		for (j = 0; j < i && added[i]; j++)
			if (added[j] && !strcmp(wwids[j], wwids[i]))
				added[i] = false;
		if (added[i])
			at += (size_t)sprintf(buf + at, "/%s/\n", wwids[i]);
	}
	buf[at] = '\0';
	return buf;
}

int mpx_wwids_add_many(const char *file, const char *const *wwids, size_t n, bool *ret_added)
{
	struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	_cleanup_fclose_ FILE *f = NULL;
	_cleanup_free_ char *lines = NULL;
	char **v = NULL, last = '\n';
	size_t nv = 0, i, count = 0;
	struct stat st;
	int fd, r;

	for (i = 0; i < n; i++)
		if (!valid(wwids[i]))
			return -EINVAL;
	r = mkdir_parent(file);
	if (r)
		return r;
	fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "r+");
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	/* multipath-tools locks the file the same way while it writes */
	while (fcntl(fd, F_SETLKW, &lock) < 0)
		if (errno != EINTR)
			return -errno;
	r = read_known(f, &v, &nv);
	if (r)
		return r;
	if (fstat(fd, &st) < 0 || lseek(fd, 0, SEEK_END) < 0) {
		r = -errno;
		goto out;
	}
	if (st.st_size && pread(fd, &last, 1, st.st_size - 1) != 1) {
		r = -EIO;
		goto out;
	}
	lines = new_lines(v, nv, wwids, n, ret_added, last);
	if (!lines) {
		r = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++)
		count += ret_added[i];
	if (!count)
		goto out;
	if (!st.st_size && (r = write_all(fd, header)))
		goto out;
	r = write_all(fd, lines);
	if (!r && fsync(fd) < 0)
		r = -errno;
out:
	free_lines(v, nv);
	return r ? r : (int)count;
}

int mpx_wwids_add(const char *file, const char *wwid)
{
	bool added = false;

	return mpx_wwids_add_many(file, &wwid, 1, &added);
}
