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

/* Does one line ("/<wwid>/") name wwid? */
static bool line_is(const char *line, const char *wwid)
{
	size_t n = strlen(wwid);

	return line[0] == '/' && !strncmp(line + 1, wwid, n) && line[n + 1] == '/';
}

static int find(FILE *f, const char *wwid)
{
	char line[1024];

	while (fgets(line, sizeof(line), f))
		if (line_is(line, wwid))
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

int mpx_wwids_add(const char *file, const char *wwid)
{
	struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	_cleanup_fclose_ FILE *f = NULL;
	char line[600], last = '\n';
	struct stat st;
	int fd, r;

	if (strlen(wwid) > 512 || strchr(wwid, '/') || strchr(wwid, '\n'))
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
	r = find(f, wwid);
	if (r)
		return r < 0 ? r : 0;
	if (fstat(fd, &st) < 0 || lseek(fd, 0, SEEK_END) < 0)
		return -errno;
	if (!st.st_size && (r = write_all(fd, header)))
		return r;
	/* a file edited by hand may end without a newline */
	if (st.st_size && pread(fd, &last, 1, st.st_size - 1) != 1)
		return -EIO;
	snprintf(line, sizeof(line), "%s/%s/\n", last == '\n' ? "" : "\n", wwid);
	r = write_all(fd, line);
	if (!r && fsync(fd) < 0)
		r = -errno;
	return r ? r : 1;
}
