// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the config files: the main one, then drop-ins in lexical order.
 * A host that runs mpxd in place of multipathd has /etc/multipath.conf and
 * no /etc/mpx.conf: mpxd then reads multipath-tools' files, so the host
 * needs no new file (mpx_config_load_mpxd).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "base/cleanup.h"
#include "config.h"
#include "parse.h"
#include "conf-internal.h"

/* A config larger than this is a mistake, not a config. */
#define MAX_CONF_SIZE (4 << 20)

/* multipath-tools' files, whatever mpx's own prefix */
#ifndef MPX_COMPAT_CONF_FILE
#define MPX_COMPAT_CONF_FILE "/etc/multipath.conf"
#endif
#ifndef MPX_COMPAT_CONF_DIR
#define MPX_COMPAT_CONF_DIR "/etc/multipath/conf.d"
#endif
#define MPX_COMPAT_BINDINGS "/etc/multipath/bindings"
#define MPX_COMPAT_PRKEYS "/etc/multipath/prkeys"

static int fail(struct conf_error *err, const char *file, int r, const char *what)
{
	snprintf(err->file, sizeof(err->file), "%s", file);
	err->line = 0;
	err->col = 0;
	snprintf(err->msg, sizeof(err->msg), "%s: %s", what, strerror(-r));
	return r;
}

__attribute__((format(printf, 2, 3))) static void notice(struct mpx_config *c, const char *fmt, ...)
{
	char **tmp, *s;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	tmp = realloc(c->notices, (c->nr_notices + 1) * sizeof(*tmp));
	if (!tmp) {
		free(s);
		return;
	}
	c->notices = tmp;
	c->notices[c->nr_notices++] = s;
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

/*
 * The drop-ins of dir. lenient: as multipath-tools does with its conf.d,
 * an error in one of them is a warning, and the rest of that file is
 * skipped (what it set before the error stays).
 */
static int add_dir(struct mpx_config *c, const char *dir, bool lenient, struct conf_error *err)
{
	struct dirent **names = NULL;
	char file[4096];
	int n, i, r;

	n = scandir(dir, &names, conf_filter, alphasort);
	if (n < 0)
		return errno == ENOENT || errno == ENOTDIR ?
			       0 :
			       fail(err, dir, -errno, "cannot read directory");
	for (i = 0, r = 0; i < n; i++) {
		if (!r) {
			snprintf(file, sizeof(file), "%s/%s", dir, names[i]->d_name);
			memset(err, 0, sizeof(*err));
			r = add_file(c, file, err);
			if (r == -ENOENT)
				r = 0;	/* removed while we read */
			if (r == -EINVAL && lenient) {
				conf_warn(c, err->file, err->line,
					  "%s: the rest of this file is "
					  "ignored",
					  err->msg);
				r = 0;
			}
		}
		free(names[i]);
	}
	free(names);
	return r;
}

int mpx_config_load(struct mpx_config *c, const char *path, const char *dropin_dir,
		    struct conf_error *err)
{
	int r;

	r = add_file(c, path, err);
	if (r && r != -ENOENT)
		return r;
	if (r == -ENOENT) {
		/* no file at all: the built-in device table still applies */
		r = conf_ensure_builtin(c, err);
		if (r)
			return r;
	}
	return dropin_dir ? add_dir(c, dropin_dir, false, err) : 0;
}

static bool file_exists(const char *path)
{
	return !access(path, F_OK) || errno != ENOENT;
}

static bool dir_has_dropins(const char *dir)
{
	struct dirent **names = NULL;
	int n, i;

	if (!dir)
		return false;
	n = scandir(dir, &names, conf_filter, alphasort);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return n > 0;
}

/* A default that multipath-tools' configuration implies: its own files. */
static int compat_default(struct mpx_config *c, enum mpx_opt id, const char *value)
{
	char *s = strdup(value);

	if (!s)
		return -ENOMEM;
	c->defaults.v[id].s = s;
	c->defaults.set |= 1ULL << id;
	c->defaults.at[id] = (struct mpx_origin){
		.kind = MPX_ORIGIN_BUILTIN,
		.section = "defaults",
		.source = "multipath-tools' location, as its configuration is read"
	};
	return 0;
}

int mpx_config_load_compat(struct mpx_config *c, const char *path, const char *dropin_dir,
			   const char *compat_path, const char *compat_dir, struct conf_error *err)
{
	int r;

	if (file_exists(path) || dir_has_dropins(dropin_dir))
		return mpx_config_load(c, path, dropin_dir, err);
	if (!file_exists(compat_path) && !dir_has_dropins(compat_dir)) {
		notice(c, "no %s, no %s: built-in defaults only", path, compat_path);
		return mpx_config_load(c, path, dropin_dir, err);
	}
	notice(c, "no %s: reading multipath-tools' configuration, %s and %s/*.conf", path,
	       compat_path, compat_dir);
	r = compat_default(c, OPT_BINDINGS_FILE, MPX_COMPAT_BINDINGS);
	if (!r)
		r = compat_default(c, OPT_PRKEYS_FILE, MPX_COMPAT_PRKEYS);
	if (!r)
		r = mpx_config_load(c, compat_path, NULL, err);
	return r ? r : add_dir(c, compat_dir, true, err);
}

int mpx_config_load_mpxd(struct mpx_config *c, const char *path, const char *dropin_dir,
			 struct conf_error *err)
{
	if (!strcmp(path, MPX_CONF_FILE) && dropin_dir && !strcmp(dropin_dir, MPX_CONF_DIR))
		return mpx_config_load_compat(c, path, dropin_dir, MPX_COMPAT_CONF_FILE,
					      MPX_COMPAT_CONF_DIR, err);
	return mpx_config_load(c, path, dropin_dir, err);
}
