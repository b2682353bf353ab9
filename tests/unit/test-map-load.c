// SPDX-License-Identifier: GPL-2.0-only
/*
 * Keeping a map's table in the kernel (maps/map-load.c): a sync loads a
 * table only when the one wanted differs from the one the map has,
 * whatever its selector (built in, or a kernel module's whose grammar
 * mpxd cannot know). The dm seam is wrapped: creates, reloads and
 * messages are counted; the selector-module and target code is real.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "maps/map-load.h"
#include "maps/map-policy.h"
#include "maps/maps.h"
#include "maps/paths.h"
#include "maps/persist.h"
#include "mpxd.h"
#include "parse.h"
#include "seams/dm-seam.h"
#include "tenants/tenants.h"

static int creates, reloads, probes, joined, udev_waits;
static char last_table[8192];

int __wrap_mpx_dm_create(const char *name, const char *uuid, uint64_t sectors, const char *params,
			 unsigned int udev_flags)
{
	if (!strncmp(name, "mpxd-probe-", 11)) {
		probes++;
		return 0;
	}
	creates++;
	snprintf(last_table, sizeof(last_table), "%s", params);
	return 0;
}

/* a new map, its udev work waited for with the others made in the same sync */
int __wrap_mpx_dm_create_batched(const char *name, const char *uuid, uint64_t sectors,
				 const char *params, unsigned int udev_flags, uint32_t *cookie)
{
	*cookie = 1;
	return __wrap_mpx_dm_create(name, uuid, sectors, params, udev_flags);
}

int __wrap_mpx_dm_udev_wait(uint32_t *cookie)
{
	assert_int_equal(*cookie, 1);
	*cookie = 0;
	udev_waits++;
	return 0;
}

int mpxd_maps_commit_names(struct mpxd *d)
{
	return 0;
}

int __wrap_mpx_dm_reload(const char *name, uint64_t sectors, const char *params)
{
	reloads++;
	snprintf(last_table, sizeof(last_table), "%s", params);
	return 0;
}

int __wrap_mpx_dm_remove(const char *name)
{
	return 0;
}

int __wrap_mpx_dm_info(const char *name, int *open_count, char **uuid, bool *suspended)
{
	return -ENXIO;
}

/*
 * The kernel's tables: the live one, and what a line becomes when loaded.
 * historical-service-time prints its group words as "2 <base> <threshold>"
 * (defaults 972 0) and every path's as "0", as the module does.
 */
static char live_table[8192];
static int probes_loaded;

int __wrap_mpx_dm_table(const char *name, char **ret)
{
	assert_string_equal(name, "mpatha");
	*ret = strdup(live_table);
	return 0;
}

int __wrap_mpx_dm_table_as_loaded(const char *name, uint64_t sectors, const char *params,
				  char **ret)
{
	char out[8192] = "", *copy = strdup(params), *save = NULL, *w;
	unsigned int hst_paths = 0, skip = 0;

	probes_loaded++;
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (skip) {
			skip--;
			continue;
		}
		strcat(out, w);
		strcat(out, " ");
		if (!strcmp(w, "historical-service-time")) {
			w = strtok_r(NULL, " ", &save); /* group words: 0, or 1 <base> */
			if (!strcmp(w, "0")) {
				strcat(out, "2 972 0 ");
			} else {
				strcat(out, "2 ");
				strcat(out, strtok_r(NULL, " ", &save));
				strcat(out, " 0 ");
			}
			w = strtok_r(NULL, " ", &save); /* #paths */
			hst_paths = (unsigned int)atoi(w);
			strcat(out, w);
			strcat(out, " ");
			strcat(out, strtok_r(NULL, " ", &save)); /* 1 word per path */
			strcat(out, " ");
			while (hst_paths--) {
				strcat(out, strtok_r(NULL, " ", &save)); /* the device */
				strtok_r(NULL, " ", &save);
				strcat(out, " 0 ");
			}
		}
	}
	free(copy);
	*ret = strdup(out);
	return 0;
}

/* The target: it has the module selectors registered; other messages succeed. */
int __wrap_mpx_dm_message(const char *name, const char *msg, char **ret)
{
	if (ret)
		*ret = strdup(
			"round-robin queue-length service-time historical-service-time latency");
	return 0;
}

/* What map-load.c calls above the seams, outside this test's subject. */
void mpxd_map_delete(struct mpxd *d, struct mpxd_map *m)
{
	fail();
}
int mpxd_path_refresh(struct mpxd *d, struct mpxd_path *p)
{
	return 0;
}
void mpxd_persist_path_back(struct mpxd *d, struct mpxd_path *p)
{
}
void mpxd_persist_map_joined(struct mpxd *d, struct mpxd_map *m)
{
	joined++;
}
void mpxd_tenants_map_loaded(struct mpxd *d, struct mpxd_map *m)
{
}
bool mpxd_policy_has(struct mpxd_policy *p, int hook)
{
	return false;
}
void mpxd_policy_choose(struct mpxd *d, struct mpxd_map *m)
{
	m->policy_pending = false;
}
void mpxd_wire_device(const struct mpxd_map *m, struct mpxw_device *w)
{
	fail();
}
/* The LUN's facts and names (maps.c, paths.c): a LUN with nothing to detect. */
void mpxd_lun_facts(struct mpxd_path *const *paths, size_t n, struct mpx_lun_facts *ret)
{
	mpx_lun_facts_init(ret);
}
int mpxd_path_settings(struct mpxd *d, struct mpxd_path *p)
{
	return 0;
}
void mpxd_map_uuid(const struct mpxd_map *m, char *buf, size_t len)
{
	snprintf(buf, len, "mpath-%s", m->wwid);
}
/* maps.c records the WWIDs of the maps loaded: how often, and how many each time */
static int remember_calls, remembered_last;
void mpxd_maps_remember(struct mpxd *d)
{
	size_t i;

	remember_calls++;
	remembered_last = 0;
	for (i = 0; i < d->nr_maps; i++)
		if (d->maps[i]->remember_pending) {
			d->maps[i]->remember_pending = false;
			d->maps[i]->remembered = true;
			remembered_last++;
		}
}
void mpxd_map_partitions(struct mpxd *d, struct mpxd_map *m, size_t *ret_n, size_t *ret_busy,
			 bool remove)
{
	*ret_n = *ret_busy = 0;
}
int mpxd_policy_call(struct mpxd_plugins *pl, struct mpxd_policy *p, int hook, const void *req,
		     uint32_t req_len, void *rep, uint32_t rep_len, unsigned int timeout_ms)
{
	fail();
	return -ENOSYS;
}

static struct mpxd d;
static struct mpxd_map map, *maps[1] = { &map };
static struct mpxd_path p[2], *mps[2] = { &p[0], &p[1] };

static void config(const char *text)
{
	struct conf_error err;

	mpx_config_free(&d.config);
	memset(&d.config, 0, sizeof(d.config));
	assert_int_equal(mpx_config_add_text(&d.config, "t.conf", text, strlen(text), &err), 0);
}

static int setup(void **state)
{
	int i;

	memset(&d, 0, sizeof(d));
	memset(&map, 0, sizeof(map));
	mpx_log_init(&d.log, "test", LOG_CRIT);
	for (i = 0; i < 2; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		snprintf(p[i].a.devnode, sizeof(p[i].a.devnode), "sd%c", 'a' + i);
		snprintf(p[i].a.devno, sizeof(p[i].a.devno), "8:%d", 16 * i);
		p[i].a.sectors = 131072;
		p[i].state = MPX_PATH_UP;
		p[i].prio = 1;
		p[i].map = &map;
	}
	snprintf(map.name, sizeof(map.name), "mpatha");
	snprintf(map.wwid, sizeof(map.wwid), "3600a0");
	map.paths = mps;
	map.nr_paths = 2;
	map.dirty = true;
	d.maps = maps;
	d.nr_maps = 1;
	creates = reloads = probes = probes_loaded = joined = udev_waits = 0;
	remember_calls = remembered_last = 0;
	live_table[0] = '\0';
	return 0;
}

static int teardown(void **state)
{
	mpx_config_free(&d.config);
	return 0;
}

/* Sync n times, the map marked dirty each time (a path event, a reconfigure...). */
static void syncs(int n)
{
	while (n--) {
		map.dirty = true;
		assert_int_equal(mpxd_maps_sync(&d), 0);
	}
}

static void builtin_selector_loaded_once(void **state)
{
	config("defaults {\n path_grouping_policy multibus\n path_selector \"service-time 0\"\n}\n");
	syncs(1);
	assert_int_equal(creates, 1);
	assert_string_equal(
		last_table,
		"1 retain_attached_hw_handler 0 1 1 service-time 0 2 2 8:0 1 1 8:16 1 1");
	syncs(3);
	assert_int_equal(reloads, 0);
	/* a change does reload */
	p[1].state = MPX_PATH_DOWN;
	config("defaults {\n path_grouping_policy failover\n path_selector \"service-time 0\"\n}\n");
	syncs(1);
	assert_int_equal(reloads, 1);
}

/* A module's selector: its words are mpxd's to compare, not its grammar. */
static void module_selector_loaded_once(void **state)
{
	config("defaults {\n path_grouping_policy multibus\n"
	       " path_selector \"historical-service-time 0\"\n}\n");
	syncs(1);
	assert_int_equal(creates, 1);
	assert_string_equal(
		last_table,
		"1 retain_attached_hw_handler 0 1 1 historical-service-time 0 2 1 8:0 1 8:16 1");
	syncs(5);
	assert_int_equal(reloads, 0);
	/* its arguments changed: reloaded once, then left alone again */
	config("defaults {\n path_grouping_policy multibus\n"
	       " path_selector \"historical-service-time 1 900\"\n}\n");
	syncs(3);
	assert_int_equal(reloads, 1);
	assert_string_equal(
		last_table,
		"1 retain_attached_hw_handler 0 1 1 historical-service-time 1 900 2 1 8:0 1 8:16 1");
	/* a path went: reloaded once */
	map.nr_paths = 1;
	syncs(3);
	assert_int_equal(reloads, 2);
	assert_int_equal(creates, 1);
}

/* The map as mpxd finds it at start: live, not made by this mpxd. */
static void adopted_map(void)
{
	map.live = true;
	map.adopted = true;
	map.sectors = 131072;
}

/*
 * A map adopted at start has the kernel's form of its table: for built-in
 * selectors mpxd reads it as the target does and loads nothing.
 */
static void adopted_builtin_table_kept(void **state)
{
	config("defaults {\n path_grouping_policy multibus\n path_selector \"round-robin 0\"\n"
	       " rr_min_io_rq 100\n}\n");
	adopted_map();
	/* as "dmsetup table" prints it: repeat counts above 1 read back as 1 */
	snprintf(map.table, sizeof(map.table),
		 "1 retain_attached_hw_handler 0 1 1 round-robin 0 2 1 8:0 1 8:16 1 ");
	syncs(2);
	assert_int_equal(creates + reloads, 0);
	/* its paths joined all the same: each sync offers them the map's key */
	assert_int_equal(joined, 2);
}

/*
 * A map adopted at start with a module selector: its table is in the
 * kernel's words, which only the module can produce from mpxd's. The
 * kernel is asked; the same table is not loaded again, a different one is.
 */
static void adopted_module_table_kept(void **state)
{
	config("defaults {\n path_grouping_policy multibus\n"
	       " path_selector \"historical-service-time 0\"\n}\n");
	adopted_map();
	snprintf(
		live_table, sizeof(live_table),
		"1 retain_attached_hw_handler 0 1 1 historical-service-time 2 972 0 2 1 8:0 0 8:16 0 ");
	snprintf(map.table, sizeof(map.table), "%s", live_table);
	syncs(1);
	assert_int_equal(creates + reloads, 0);
	assert_int_equal(probes_loaded, 1);
	/* from now on mpxd's own words stand for it: no more asking */
	assert_string_equal(
		map.table,
		"1 retain_attached_hw_handler 0 1 1 historical-service-time 0 2 1 8:0 1 8:16 1");
	syncs(3);
	assert_int_equal(creates + reloads, 0);
	assert_int_equal(probes_loaded, 1);
	/* another threshold: the kernel's words differ, so the map is loaded */
	config("defaults {\n path_grouping_policy multibus\n"
	       " path_selector \"historical-service-time 1 900\"\n}\n");
	syncs(1);
	assert_int_equal(reloads, 1);
	assert_int_equal(probes_loaded, 2);
}

/*
 * Many new maps: a sync step loads at most the number asked for and says
 * more are due, and waits for udev once for the maps it made, not once
 * per map; their WWIDs go to wwids_file together, once a step.
 */
static void sync_in_bounded_steps(void **state)
{
	static struct mpxd_map many[5], *mp[5];
	static struct mpxd_path paths[5][2], *pp[5][2];
	int i, j;

	config("defaults {\n path_grouping_policy multibus\n}\n");
	for (i = 0; i < 5; i++) {
		memset(&many[i], 0, sizeof(many[i]));
		snprintf(many[i].name, sizeof(many[i].name), "mpath%c", 'a' + i);
		snprintf(many[i].wwid, sizeof(many[i].wwid), "3600a%d", i);
		for (j = 0; j < 2; j++) {
			paths[i][j] = p[j];
			snprintf(paths[i][j].a.devno, sizeof(paths[i][j].a.devno), "8:%d",
				 32 * i + 16 * j);
			paths[i][j].map = &many[i];
			pp[i][j] = &paths[i][j];
		}
		many[i].paths = pp[i];
		many[i].nr_paths = 2;
		many[i].dirty = true;
		mp[i] = &many[i];
	}
	d.maps = mp;
	d.nr_maps = 5;
	assert_true(mpxd_maps_sync_some(&d, 2));
	assert_int_equal(creates, 2);
	assert_int_equal(udev_waits, 1);
	assert_int_equal(remember_calls, 1);
	assert_int_equal(remembered_last, 2);
	assert_true(mpxd_maps_sync_some(&d, 2));
	assert_int_equal(creates, 4);
	assert_int_equal(udev_waits, 2);
	assert_int_equal(remembered_last, 2);
	assert_false(mpxd_maps_sync_some(&d, 2));
	assert_int_equal(creates, 5);
	assert_int_equal(udev_waits, 3);
	assert_int_equal(remember_calls, 3);
	assert_int_equal(remembered_last, 1);
	/* a reload of a map already recorded records nothing */
	many[0].nr_paths = 1;
	many[0].dirty = true;
	assert_false(mpxd_maps_sync_some(&d, 2));
	assert_int_equal(reloads, 1);
	assert_int_equal(remembered_last, 0);
	/* nothing due: nothing made, nothing waited for */
	assert_false(mpxd_maps_sync_some(&d, 2));
	assert_int_equal(creates + reloads, 6);
	assert_int_equal(udev_waits, 3);
	for (i = 0; i < 5; i++)
		assert_true(many[i].live);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(builtin_selector_loaded_once, setup, teardown),
		cmocka_unit_test_setup_teardown(module_selector_loaded_once, setup, teardown),
		cmocka_unit_test_setup_teardown(adopted_builtin_table_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(adopted_module_table_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(sync_in_bounded_steps, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
