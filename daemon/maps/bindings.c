// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "maps/bindings.h"
#include "base/cleanup.h"

#define MAX_BINDINGS 65536

void mpx_binding_suffix(unsigned int n, char *ret, size_t len)
{
	char tmp[16];
	size_t i = 0, k;

	/* bijective base 26: a..z, aa..zz, aaa... */
	do {
		tmp[i++] = (char)('a' + n % 26);
		n = n / 26;
	} while (n-- > 0 && i < sizeof(tmp));
	for (k = 0; k < i && k + 1 < len; k++)
		ret[k] = tmp[i - 1 - k];
	if (len)
		ret[k < len ? k : len - 1] = '\0';
}

/* The number of a suffix ("a" 0, "aa" 26), -1 if it is not letters. */
static long suffix_value(const char *s)
{
	long v = 0;

	if (!*s || strlen(s) > 4)
		return -1;
	for (; *s; s++) {
		if (*s < 'a' || *s > 'z')
			return -1;
		v = v * 26 + (*s - 'a' + 1);
	}
	return v - 1;
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

/* Append "name wwid" and make it durable before the name is used. */
static int append(const char *file, const char *name, const char *wwid)
{
	_cleanup_close_ int fd = -1;
	char line[600];
	int n, r;

	r = mkdir_parent(file);
	if (r)
		return r;
	fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	n = snprintf(line, sizeof(line), "%s %s\n", name, wwid);
	if (n >= (int)sizeof(line) || write(fd, line, (size_t)n) != n)
		return -EIO;
	return fsync(fd) < 0 ? -errno : 0;
}

int mpx_binding_get(const char *file, const char *prefix, const char *wwid,
		    char *ret, size_t len)
{
	_cleanup_fclose_ FILE *f = fopen(file, "re");
	char line[1024], name[256], id[600];
	unsigned char *used = calloc(MAX_BINDINGS, 1);
	size_t plen = strlen(prefix);
	unsigned int i;
	int r = 0;

	if (!used)
		return -ENOMEM;
	while (f && fgets(line, sizeof(line), f)) {
		char *hash = strchr(line, '#');

		if (hash)
			*hash = '\0';
		if (sscanf(line, "%255s %599s", name, id) != 2)
			continue;	/* blank or comment */
		if (!strcmp(id, wwid)) {
			snprintf(ret, len, "%s", name);
			goto out;
		}
		/* note names of our form in use */
		if (!strncmp(name, prefix, plen)) {
			long v = suffix_value(name + plen);

			if (v >= 0 && v < MAX_BINDINGS)
				used[v] = 1;
		}
	}
	for (i = 0; i < MAX_BINDINGS && used[i]; i++)
		;
	if (i == MAX_BINDINGS) {
		r = -ENOSPC;
		goto out;
	}
	snprintf(name, sizeof(name), "%s", prefix);
	mpx_binding_suffix(i, name + plen, sizeof(name) - plen);
	r = append(file, name, wwid);
	if (!r)
		snprintf(ret, len, "%s", name);
out:
	free(used);
	return r;
}
