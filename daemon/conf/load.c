// SPDX-License-Identifier: GPL-2.0-only
/* Reading the config files: the main one, then drop-ins in lexical order. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/cleanup.h"
#include "config.h"
#include "parse.h"

/* A config larger than this is a mistake, not a config. */
#define MAX_CONF_SIZE (4 << 20)

static int fail(struct conf_error *err, const char *file, int r, const char *what)
{
	snprintf(err->file, sizeof(err->file), "%s", file);
	err->line = 0;
	err->col = 0;
	snprintf(err->msg, sizeof(err->msg), "%s: %s", what, strerror(-r));
	return r;
}

/* 0, or -ENOENT when missing (not an error for the caller to log). */
static int add_file(struct mpx_config *c, const char *path, struct conf_error *err)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	_cleanup_free_ char *buf = NULL;
	struct stat st;
	size_t got = 0;
	ssize_t n;

	if (fd < 0)
		return errno == ENOENT ? -ENOENT : fail(err, path, -errno, "cannot open");
	if (fstat(fd, &st) < 0)
		return fail(err, path, -errno, "cannot stat");
	if (!S_ISREG(st.st_mode))
		return fail(err, path, -EINVAL, "not a regular file");
	if (st.st_size > MAX_CONF_SIZE)
		return fail(err, path, -EFBIG, "larger than 4 MiB");
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		return -ENOMEM;
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fail(err, path, -errno, "cannot read");
		if (!n)
			break;
		got += (size_t)n;
	}
	return mpx_config_add_text(c, path, buf, got, err);
}

static int conf_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 5 && !strcmp(d->d_name + n - 5, ".conf");
}

int mpx_config_load(struct mpx_config *c, const char *path,
		    const char *dropin_dir, struct conf_error *err)
{
	struct dirent **names = NULL;
	char file[4096];
	int n, i, r;

	r = add_file(c, path, err);
	if (r && r != -ENOENT)
		return r;
	if (!dropin_dir)
		return 0;
	n = scandir(dropin_dir, &names, conf_filter, alphasort);
	if (n < 0)
		return errno == ENOENT ? 0 : fail(err, dropin_dir, -errno, "cannot read directory");
	for (i = 0, r = 0; i < n; i++) {
		if (!r) {
			snprintf(file, sizeof(file), "%s/%s", dropin_dir, names[i]->d_name);
			r = add_file(c, file, err);
			if (r == -ENOENT)
				r = 0;	/* removed while we read */
		}
		free(names[i]);
	}
	free(names);
	return r;
}
