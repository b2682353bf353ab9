// SPDX-License-Identifier: GPL-2.0-only
/* An mpx map and its paths, from the kernel (pr-map.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "base/cleanup.h"
#include "pr/pr-map.h"
#include "pr/pr-scsi.h"
#include "seams/dm-seam.h"
#include "seams/dm-status.h"

/* A sysfs attribute's first line, trailing blanks cut; "" if it cannot be read. */
static void read_attr(const char *path, char *buf, size_t len)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	size_t n;

	buf[0] = '\0';
	if (!f || !fgets(buf, (int)len, f))
		return;
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
}

/* The kernel's name of block device devno ("sdc"), or -errno when it has none. */
static int disk_name(const char *devno, char *buf, size_t len)
{
	char link[64], target[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(link, sizeof(link), "/sys/dev/block/%s", devno);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	base = strrchr(target, '/');
	n = snprintf(buf, len, "%s", base ? base + 1 : target);
	return n >= 0 && (size_t)n < len ? 0 : -ENAMETOOLONG;
}

static int fill_paths(struct mpx_pr_kmap *m, const char *status, char *why, size_t len)
{
	struct mpx_status s;
	char attr[96];
	unsigned int i;

	if (mpx_status_parse(status, &s)) {
		snprintf(why, len, "map \"%s\": unexpected status \"%s\"", m->name, status);
		return MPX_PR_DMMP;
	}
	m->paths = calloc(s.nr_paths ? s.nr_paths : 1, sizeof(*m->paths));
	if (!m->paths) {
		mpx_status_free(&s);
		snprintf(why, len, "out of memory");
		return MPX_PR_OTHER;
	}
	for (i = 0; i < s.nr_paths; i++) {
		struct mpx_pr_path *p = &m->paths[m->nr++];

		snprintf(p->devno, sizeof(p->devno), "%s", s.paths[i].dev);
		/* a disk that is gone keeps its place in the table, unusable */
		p->usable = !disk_name(p->devno, p->name, sizeof(p->name)) && s.paths[i].active;
		if (!p->name[0])
			snprintf(p->name, sizeof(p->name), "%s", p->devno);
		if (m->vendor[0] || !p->usable)
			continue;
		snprintf(attr, sizeof(attr), "/sys/dev/block/%s/device/vendor", p->devno);
		read_attr(attr, m->vendor, sizeof(m->vendor));
		snprintf(attr, sizeof(attr), "/sys/dev/block/%s/device/model", p->devno);
		read_attr(attr, m->product, sizeof(m->product));
		snprintf(attr, sizeof(attr), "/sys/dev/block/%s/device/rev", p->devno);
		read_attr(attr, m->revision, sizeof(m->revision));
	}
	mpx_status_free(&s);
	return 0;
}

/* Which device-mapper map a node or name is, for the complaint that it is no mpx map. */
static void not_ours(const char *device, const struct stat *st, char *why, size_t len)
{
	char attr[64], name[128];

	if (!st) {
		snprintf(why, len, "no mpx map \"%s\" (the device-mapper maps: dmsetup ls)",
			 device);
		return;
	}
	snprintf(attr, sizeof(attr), "/sys/dev/block/%u:%u/dm/name", major(st->st_rdev),
		 minor(st->st_rdev));
	read_attr(attr, name, sizeof(name));
	if (name[0])
		snprintf(why, len, "%s is device-mapper map \"%s\", which is no mpx map", device,
			 name);
	else
		snprintf(why, len, "%s (%u:%u) is no device-mapper map, so no mpx map", device,
			 major(st->st_rdev), minor(st->st_rdev));
}

int mpx_pr_kmap_find(const char *device, struct mpx_pr_kmap *ret, char *why, size_t len)
{
	struct mpx_pr_kmap m = { 0 };
	struct mpx_dm_map *maps = NULL;
	const struct mpx_dm_map *hit = NULL;
	bool by_node = strchr(device, '/') != NULL;
	char *uuid = NULL;
	struct stat st;
	size_t n = 0, i;
	int r;

	if (by_node && stat(device, &st) < 0) {
		snprintf(why, len, "%s: %s", device, strerror(errno));
		return MPX_PR_FILE;
	}
	if (by_node && !S_ISBLK(st.st_mode)) {
		snprintf(why, len, "%s is not a block device", device);
		return MPX_PR_FILE;
	}
	r = mpx_dm_list_maps(&maps, &n);
	if (r) {
		snprintf(why, len, "cannot list the device-mapper maps: %s", strerror(-r));
		return MPX_PR_DMMP;
	}
	for (i = 0; i < n && !hit; i++) {
		if (by_node ? maps[i].major == major(st.st_rdev) &&
				      maps[i].minor == minor(st.st_rdev) :
			      !strcmp(maps[i].name, device))
			hit = &maps[i];
	}
	if (!hit) {
		not_ours(device, by_node ? &st : NULL, why, len);
		mpx_dm_maps_free(maps, n);
		return MPX_PR_DMMP;
	}
	snprintf(m.name, sizeof(m.name), "%s", hit->name);
	r = fill_paths(&m, hit->status, why, len);
	mpx_dm_maps_free(maps, n);
	if (r) {
		mpx_pr_kmap_free(&m);
		return r;
	}
	if (!mpx_dm_info(m.name, NULL, &uuid, NULL))
		snprintf(m.uuid, sizeof(m.uuid), "%s", uuid);
	free(uuid);
	*ret = m;
	return 0;
}

void mpx_pr_kmap_free(struct mpx_pr_kmap *m)
{
	free(m->paths);
	m->paths = NULL;
	m->nr = 0;
}
