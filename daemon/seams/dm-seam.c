// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <libdevmapper.h>
#include <linux/dm-ioctl.h>
#include <mpx/table.h>
#include "base/cleanup.h"
#include "seams/dm-seam.h"

static void dm_task_destroyp(struct dm_task **t)
{
	if (*t)
		dm_task_destroy(*t);
}
#define _cleanup_dm_task_ _cleanup_(dm_task_destroyp)

/* libdevmapper's 1/0 to 0/-errno. */
static int task_run(struct dm_task *t)
{
	int e;

	if (dm_task_run(t))
		return 0;
	e = dm_task_get_errno(t);
	return e > 0 ? -e : -EIO;
}

/* Table or status of a single-target map; -ENOMEDIUM if it is not mpx. */
static int get_params(const char *name, int type, char **ret, uint64_t *ret_len,
		      uint32_t *ret_event_nr)
{
	_cleanup_dm_task_ struct dm_task *t = dm_task_create(type);
	uint64_t start, len;
	char *ttype = NULL, *params = NULL;
	void *next;
	int r;

	if (!t)
		return -ENOMEM;
	if (!dm_task_set_name(t, name) || !dm_task_no_open_count(t))
		return -ENOMEM;
	r = task_run(t);
	if (r)
		return r;
	next = dm_get_next_target(t, NULL, &start, &len, &ttype, &params);
	if (next || !ttype || strcmp(ttype, MPX_TARGET_NAME))
		return -ENOMEDIUM;
	*ret = strdup(params ? params : "");
	if (!*ret)
		return -ENOMEM;
	if (ret_len)
		*ret_len = len;
	if (ret_event_nr) {
		struct dm_info info;

		if (dm_task_get_info(t, &info))
			*ret_event_nr = info.event_nr;
	}
	return 0;
}

static int fill_map(struct mpx_dm_map *m, struct dm_names *n)
{
	int r;

	m->name = strdup(n->name);
	if (!m->name)
		return -ENOMEM;
	m->major = major(n->dev);
	m->minor = minor(n->dev);
	r = get_params(n->name, DM_DEVICE_TABLE, &m->table, &m->sectors, NULL);
	if (!r)
		r = get_params(n->name, DM_DEVICE_STATUS, &m->status, NULL,
			       &m->event_nr);
	return r;
}

static int cmp_map(const void *a, const void *b)
{
	return strcmp(((const struct mpx_dm_map *)a)->name,
		      ((const struct mpx_dm_map *)b)->name);
}

static void map_clear(struct mpx_dm_map *m)
{
	free(m->name);
	free(m->table);
	free(m->status);
	memset(m, 0, sizeof(*m));
}

/* Room for one more entry at maps[*n]. */
static int grow(struct mpx_dm_map **maps, size_t n, size_t *cap)
{
	struct mpx_dm_map *tmp;

	if (n < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 8;
	tmp = realloc(*maps, *cap * sizeof(**maps));
	if (!tmp)
		return -ENOMEM;
	*maps = tmp;
	return 0;
}

int mpx_dm_list_maps(struct mpx_dm_map **ret_maps, size_t *ret_n)
{
	_cleanup_dm_task_ struct dm_task *t = dm_task_create(DM_DEVICE_LIST);
	struct mpx_dm_map *maps = NULL;
	struct dm_names *n;
	size_t cnt = 0, cap = 0;
	unsigned int next = 0;
	int r;

	if (!t)
		return -ENOMEM;
	r = task_run(t);
	if (r)
		return r;
	n = dm_task_get_names(t);
	for (; n && n->dev; next = n->next) {
		n = (struct dm_names *)((char *)n + next);
		r = grow(&maps, cnt, &cap);
		if (r)
			goto fail;
		memset(&maps[cnt], 0, sizeof(maps[cnt]));
		r = fill_map(&maps[cnt], n);
		if (!r) {
			cnt++;
		} else {
			map_clear(&maps[cnt]);
			/* not ours, or removed while we looked: skip it */
			if (r != -ENOMEDIUM && r != -ENXIO && r != -ENODEV)
				goto fail;
		}
		if (!n->next)
			break;
	}
	if (cnt)
		qsort(maps, cnt, sizeof(*maps), cmp_map);
	*ret_maps = maps;
	*ret_n = cnt;
	return 0;
fail:
	mpx_dm_maps_free(maps, cnt);
	return r;
}

void mpx_dm_maps_free(struct mpx_dm_map *maps, size_t n)
{
	size_t i;

	if (!maps)
		return;
	for (i = 0; i < n; i++)
		map_clear(&maps[i]);
	free(maps);
}

int mpx_dm_table(const char *name, char **ret_params)
{
	return get_params(name, DM_DEVICE_TABLE, ret_params, NULL, NULL);
}

int mpx_dm_message(const char *name, const char *message, char **ret_response)
{
	_cleanup_dm_task_ struct dm_task *t = dm_task_create(DM_DEVICE_TARGET_MSG);
	const char *resp;
	int r;

	if (!t)
		return -ENOMEM;
	if (!dm_task_set_name(t, name) || !dm_task_set_sector(t, 0) ||
	    !dm_task_set_message(t, message))
		return -ENOMEM;
	r = task_run(t);
	if (r)
		return r;
	if (ret_response) {
		resp = dm_task_get_message_response(t);
		*ret_response = strdup(resp ? resp : "");
		if (!*ret_response)
			return -ENOMEM;
	}
	return 0;
}

static struct dm_task *named_task(int type, const char *name)
{
	struct dm_task *t = dm_task_create(type);

	if (t && !dm_task_set_name(t, name)) {
		dm_task_destroy(t);
		t = NULL;
	}
	return t;
}

/* MPX_DM_UDEV_* as the flags of a udev cookie. */
static uint16_t udev_cookie_flags(unsigned int flags)
{
	uint16_t udev_flags = 0;

	if (flags & MPX_DM_UDEV_RELOAD)
		udev_flags |= DM_SUBSYSTEM_UDEV_FLAG0;
	if (flags & MPX_DM_UDEV_NO_PATH)
		udev_flags |= DM_SUBSYSTEM_UDEV_FLAG2;
	return udev_flags;
}

/* Run a task that changes devices, synchronised with udev when it runs. */
static int run_with_udev(struct dm_task *t, unsigned int flags)
{
	uint32_t cookie = 0;
	int r;

	if (!dm_task_set_cookie(t, &cookie, udev_cookie_flags(flags)))
		return -ENOMEM;
	r = task_run(t);
	/* the cookie must be waited for even when the task failed */
	if (!dm_udev_wait(cookie) && !r)
		r = -EIO;
	return r;
}

static int load_table(struct dm_task *t, uint64_t sectors, const char *params)
{
	if (!dm_task_add_target(t, 0, sectors, MPX_TARGET_NAME, params))
		return -ENOMEM;
	return 0;
}

int mpx_dm_create_batched(const char *name, const char *uuid, uint64_t sectors, const char *params,
			  unsigned int udev_flags, uint32_t *cookie)
{
	_cleanup_dm_task_ struct dm_task *t = named_task(DM_DEVICE_CREATE, name);
	int r;

	if (!t || (uuid && !dm_task_set_uuid(t, uuid)))
		return -ENOMEM;
	r = load_table(t, sectors, params);
	if (r)
		return r;
	/* a task that fails gives its count on the cookie back itself */
	if (!dm_task_set_cookie(t, cookie, udev_cookie_flags(udev_flags)))
		return -ENOMEM;
	return task_run(t);
}

int mpx_dm_udev_wait(uint32_t *cookie)
{
	/* also with cookie 0: without udev, libdevmapper makes the nodes here */
	int ok = dm_udev_wait(*cookie);

	*cookie = 0;
	return ok ? 0 : -EIO;
}

int mpx_dm_create(const char *name, const char *uuid, uint64_t sectors, const char *params,
		  unsigned int udev_flags)
{
	uint32_t cookie = 0;
	int r = mpx_dm_create_batched(name, uuid, sectors, params, udev_flags, &cookie);

	/* the cookie must be waited for even when the task failed */
	if (mpx_dm_udev_wait(&cookie) && !r)
		r = -EIO;
	return r;
}

static int suspend_noflush(const char *name)
{
	_cleanup_dm_task_ struct dm_task *t = named_task(DM_DEVICE_SUSPEND, name);

	if (!t || !dm_task_no_flush(t) || !dm_task_skip_lockfs(t))
		return -ENOMEM;
	return task_run(t);
}

static int resume(const char *name, unsigned int udev_flags)
{
	_cleanup_dm_task_ struct dm_task *t = named_task(DM_DEVICE_RESUME, name);

	if (!t)
		return -ENOMEM;
	return run_with_udev(t, udev_flags);
}

int mpx_dm_reload(const char *name, uint64_t sectors, const char *params, unsigned int udev_flags)
{
	_cleanup_dm_task_ struct dm_task *t = named_task(DM_DEVICE_RELOAD, name);
	int r;

	if (!t)
		return -ENOMEM;
	r = load_table(t, sectors, params);
	if (!r)
		r = task_run(t);
	if (r)
		return r;
	r = suspend_noflush(name);
	if (r) {
		/* do not leave an inactive table behind */
		_cleanup_dm_task_ struct dm_task *c = named_task(DM_DEVICE_CLEAR, name);

		if (c)
			task_run(c);
		return r;
	}
	return resume(name, udev_flags);
}

/* The inactive table's parameters (the one target of a loaded, unresumed table). */
static int inactive_params(const char *name, char **ret)
{
	_cleanup_dm_task_ struct dm_task *t = named_task(DM_DEVICE_TABLE, name);
	uint64_t start, len;
	char *ttype = NULL, *params = NULL;
	int r;

	if (!t || !dm_task_query_inactive_table(t) || !dm_task_no_open_count(t))
		return -ENOMEM;
	r = task_run(t);
	if (r)
		return r;
	if (dm_get_next_target(t, NULL, &start, &len, &ttype, &params) || !ttype ||
	    strcmp(ttype, MPX_TARGET_NAME))
		return -ENOMEDIUM;
	*ret = strdup(params ? params : "");
	return *ret ? 0 : -ENOMEM;
}

int mpx_dm_table_as_loaded(const char *name, uint64_t sectors, const char *params,
			   char **ret_params)
{
	_cleanup_dm_task_ struct dm_task *t = named_task(DM_DEVICE_RELOAD, name);
	_cleanup_dm_task_ struct dm_task *c = NULL;
	int r;

	if (!t)
		return -ENOMEM;
	r = load_table(t, sectors, params);
	if (!r)
		r = task_run(t);
	if (r)
		return r;
	r = inactive_params(name, ret_params);
	c = named_task(DM_DEVICE_CLEAR, name);
	if (!c || task_run(c)) {
		/* left behind, it is a table mpxd wants; its next reload replaces it */
	}
	return r;
}

int mpx_dm_remove(const char *name)
{
	_cleanup_dm_task_ struct dm_task *t = named_task(DM_DEVICE_REMOVE, name);

	if (!t)
		return -ENOMEM;
	return run_with_udev(t, 0);
}

int mpx_dm_info(const char *name, int *ret_open_count, char **ret_uuid,
		bool *ret_suspended)
{
	_cleanup_dm_task_ struct dm_task *t = named_task(DM_DEVICE_INFO, name);
	struct dm_info info;
	const char *uuid;
	int r;

	if (!t)
		return -ENOMEM;
	r = task_run(t);
	if (r)
		return r;
	if (!dm_task_get_info(t, &info))
		return -EIO;
	if (!info.exists)
		return -ENXIO;
	if (ret_open_count)
		*ret_open_count = info.open_count;
	if (ret_suspended)
		*ret_suspended = info.suspended;
	if (ret_uuid) {
		uuid = dm_task_get_uuid(t);
		*ret_uuid = strdup(uuid ? uuid : "");
		if (!*ret_uuid)
			return -ENOMEM;
	}
	return 0;
}

int mpx_dm_events_open(void)
{
	int fd = open("/dev/mapper/control", O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int mpx_dm_events_arm(int fd)
{
	struct dm_ioctl dmi;

	memset(&dmi, 0, sizeof(dmi));
	dmi.version[0] = DM_VERSION_MAJOR;
	dmi.version[1] = 37;	/* DM_DEV_ARM_POLL appeared in 4.37 */
	dmi.data_size = sizeof(dmi);
	if (ioctl(fd, DM_DEV_ARM_POLL, &dmi) < 0)
		return -errno;
	return 0;
}

/* "part<digits>-<uuid>", as kpartx names a partition of the map uuid. */
static bool is_partition_of(const char *part_uuid, const char *uuid)
{
	size_t n;

	if (strncmp(part_uuid, "part", 4))
		return false;
	n = strspn(part_uuid + 4, "0123456789");
	return n && part_uuid[4 + n] == '-' && !strcmp(part_uuid + 5 + n, uuid);
}

void mpx_dm_partitions_free(struct mpx_dm_part *parts, size_t n)
{
	size_t i;

	for (i = 0; parts && i < n; i++)
		free(parts[i].name);
	free(parts);
}

int mpx_dm_partitions(const char *uuid, struct mpx_dm_part **ret, size_t *ret_n)
{
	_cleanup_dm_task_ struct dm_task *t = dm_task_create(DM_DEVICE_LIST);
	struct mpx_dm_part *parts = NULL, *tmp;
	struct dm_names *n;
	unsigned int next = 0;
	size_t cnt = 0;
	int open_count, r;
	char *u;

	if (!t)
		return -ENOMEM;
	r = task_run(t);
	if (r)
		return r;
	for (n = dm_task_get_names(t); n && n->dev; next = n->next) {
		n = (struct dm_names *)((char *)n + next);
		u = NULL;
		if (!mpx_dm_info(n->name, &open_count, &u, NULL) && is_partition_of(u, uuid)) {
			tmp = realloc(parts, (cnt + 1) * sizeof(*parts));
			if (!tmp || !(tmp[cnt].name = strdup(n->name))) {
				free(u);
				mpx_dm_partitions_free(tmp ? tmp : parts, cnt);
				return -ENOMEM;
			}
			parts = tmp;
			parts[cnt++].open_count = open_count;
		}
		free(u);
		if (!n->next)
			break;
	}
	*ret = parts;
	*ret_n = cnt;
	return 0;
}

int mpx_dm_status_by_devno(uint32_t major, uint32_t minor, char **ret_status)
{
	_cleanup_dm_task_ struct dm_task *t = dm_task_create(DM_DEVICE_STATUS);
	uint64_t start, len;
	char *ttype = NULL, *params = NULL;
	struct dm_info info;
	int r;

	if (!t)
		return -ENOMEM;
	if (!dm_task_set_major(t, (int)major) || !dm_task_set_minor(t, (int)minor) ||
	    !dm_task_no_open_count(t))
		return -ENOMEM;
	r = task_run(t);
	if (r)
		return r;
	if (!dm_task_get_info(t, &info) || !info.exists)
		return -ENXIO;
	if (dm_get_next_target(t, NULL, &start, &len, &ttype, &params) || !ttype ||
	    strcmp(ttype, MPX_TARGET_NAME))
		return -ENOMEDIUM;
	*ret_status = strdup(params ? params : "");
	return *ret_status ? 0 : -ENOMEM;
}
