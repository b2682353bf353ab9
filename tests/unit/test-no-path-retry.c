// SPDX-License-Identifier: GPL-2.0-only
/*
 * no_path_retry: a map without a usable path queues for that many
 * polling intervals, then fails I/O, and queues again when a path is back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "checks-fixture.h"
#include "maps/path-checks.h"
#include <mpx/table.h>

static void no_path_retry(void **state)
{
	int i;

	map.opts.v[OPT_NO_PATH_RETRY].i = 3;
	for (i = 0; i < 3; i++)
		check(i, &transport, NULL);
	assert_int_equal(nr_sent, 3);
	mpxd_maps_timers(&d, now_ms);
	assert_int_equal(map.no_path_since, now_ms);
	mpxd_maps_timers(&d, now_ms + 2999);
	assert_false(map.queue_disabled_by_npr);
	mpxd_maps_timers(&d, now_ms + 3000);
	assert_true(map.queue_disabled_by_npr);
	assert_string_equal(sent[nr_sent - 1], "fail_if_no_path");
	now_ms += 4000;
	check(1, &good, NULL);
	mpxd_maps_timers(&d, now_ms);
	assert_false(map.queue_disabled_by_npr);
	assert_string_equal(sent[nr_sent - 1], "queue_if_no_path");
	assert_int_equal(map.no_path_since, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(no_path_retry, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
