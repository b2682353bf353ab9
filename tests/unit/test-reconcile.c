// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a device-mapper event's status means to mpxd (maps/reconcile.c):
 * which of the kernel's error counts are I/O failures of the path's own
 * for the marginal-path logic, and what goes on to kernel-errors.c. The
 * status comes from a wrapped device-mapper seam; what reconcile.c calls
 * above it is counted here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "maps/kernel-errors.h"
#include "maps/path-checks.h"
#include "maps/path-marginal.h"
#include "maps/reconcile.h"
#include "mpxd.h"
#include "seams/dm-seam.h"

static const char *status;	/* the map's next status line */
static int nr_failures, nr_reports, nr_soon;
static bool reported_failed_now;

uint64_t mpxd_now(void)
{
	return 1000;
}

int mpx_dm_list_maps(struct mpx_dm_map **ret_maps, size_t *ret_n)
{
	struct mpx_dm_map *m = calloc(1, sizeof(*m));

	assert_non_null(m);
	m->name = strdup("mpatha");
	m->status = strdup(status);
	*ret_maps = m;
	*ret_n = 1;
	return 0;
}

void mpx_dm_maps_free(struct mpx_dm_map *maps, size_t n)
{
	assert_int_equal(n, 1);
	free(maps->name);
	free(maps->status);
	free(maps);
}

void mpxd_marginal_io_failed(struct mpxd *d, struct mpxd_path *p, uint64_t now)
{
	nr_failures++;
}

/* As kernel-errors.c does: it keeps the count it last read. */
void mpxd_kernel_status(struct mpxd *d, struct mpxd_path *p, int cls, uint64_t errors,
			bool failed_now)
{
	nr_reports++;
	reported_failed_now = failed_now;
	p->kernel_error = cls;
	p->kernel_errors = errors;
}

void mpxd_check_soon(struct mpxd *d, struct mpxd_path *p)
{
	nr_soon++;
}

static struct mpxd d;
static struct mpxd_map map;
static struct mpxd_path path, *paths[1] = { &path };
static struct mpxd_map *maps[1] = { &map };

static int setup(void **state)
{
	memset(&d, 0, sizeof(d));
	memset(&map, 0, sizeof(map));
	memset(&path, 0, sizeof(path));
	mpx_log_init(&d.log, "test", LOG_ERR);
	snprintf(map.name, sizeof(map.name), "mpatha");
	map.live = true;
	map.paths = paths;
	map.nr_paths = 1;
	snprintf(path.a.devno, sizeof(path.a.devno), "8:16");
	path.map = &map;
	path.kernel_active = true;
	path.kernel_error = -1;
	d.maps = maps;
	d.nr_maps = 1;
	nr_failures = nr_reports = nr_soon = 0;
	return 0;
}

/* One event with the map's status s: how many failures it counted. */
static int event(const char *s)
{
	int before = nr_failures;

	status = s;
	assert_int_equal(mpxd_reconcile(&d), 0);
	return nr_failures - before;
}

static void failure_is_a_path_failed_with_new_errors(void **state)
{
	/* a burst: the first error failed the path, the rest were in flight */
	assert_int_equal(event("2 0 0 0 1 1 A 0 1 2 8:16 F 1 transport 32 "), 1);
	assert_false(path.kernel_active);
	assert_int_equal(nr_reports, 1);
	assert_true(reported_failed_now);
	assert_int_equal(path.kernel_errors, 32);
	/* the tail of that burst, read while the path is still failed */
	assert_int_equal(event("2 0 0 0 1 1 A 0 1 2 8:16 F 1 transport 40 "), 0);
	/* reinstated by mpxd, failed again by I/O: a second failure */
	path.kernel_active = true;
	assert_int_equal(event("2 0 0 0 1 1 A 0 1 2 8:16 F 2 timeout 41 "), 1);
	/* a reloaded table counts from 0 again */
	path.kernel_active = true;
	assert_int_equal(event("2 0 0 0 1 1 A 0 1 2 8:16 F 1 io 1 "), 1);
}

static void lun_errors_and_activations_are_none(void **state)
{
	/* a medium error leaves the path up: the LUN's, not the path's */
	assert_int_equal(event("2 0 0 0 1 1 A 0 1 2 8:16 A 0 medium 3 "), 0);
	assert_int_equal(nr_reports, 1);
	assert_false(reported_failed_now);
	/* so is a reservation conflict */
	assert_int_equal(event("2 0 0 0 1 1 A 0 1 2 8:16 A 0 nexus 4 "), 0);
	/* failed with no new error: a group activation, not I/O */
	assert_int_equal(event("2 0 0 0 1 1 A 0 1 2 8:16 F 1 activation 4 "), 0);
	assert_false(path.kernel_active);
	/* mpxd's own fail_path: it already had the path failed */
	path.kernel_active = false;
	assert_int_equal(event("2 0 0 0 1 1 A 0 1 2 8:16 F 2 activation 4 "), 0);
	assert_int_equal(nr_soon, 0);
}

static void older_target_says_it_by_the_state(void **state)
{
	/* no error record: the path going from A to F is the failure */
	assert_int_equal(event("2 0 0 0 1 1 A 0 1 0 8:16 F 1 "), 1);
	assert_int_equal(nr_reports, 0);
	assert_int_equal(nr_soon, 1);	/* no kernel-errors.c reaction: a check soon */
	assert_int_equal(event("2 0 0 0 1 1 A 0 1 0 8:16 F 1 "), 0);
}

static void failed_without_an_error_is_checked(void **state)
{
	/* a fail_path message, or a table reloaded behind mpxd: no I/O error */
	path.kernel_errors = 5;
	assert_int_equal(event("2 0 0 0 1 1 A 0 1 2 8:16 F 1 none 0 "), 0);
	assert_false(path.kernel_active);
	assert_false(reported_failed_now);	/* no reaction to an error */
	assert_int_equal(path.kernel_errors, 0);	/* the new table's count */
	assert_int_equal(nr_soon, 1);
	/* a later I/O error in that table, once reinstated, is a failure */
	path.kernel_active = true;
	assert_int_equal(event("2 0 0 0 1 1 A 0 1 2 8:16 F 2 io 1 "), 1);
	assert_true(reported_failed_now);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(failure_is_a_path_failed_with_new_errors, setup),
		cmocka_unit_test_setup(lun_errors_and_activations_are_none, setup),
		cmocka_unit_test_setup(older_target_says_it_by_the_state, setup),
		cmocka_unit_test_setup(failed_without_an_error_is_checked, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
