// SPDX-License-Identifier: GPL-2.0-only
/*
 * Failback when a path comes back: manual leaves the group alone
 * (test-checks.c), immediate and followover switch back at once or at the
 * first path back in its group, a number of seconds defers the switch.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "checks-fixture.h"
#include "maps/path-checks.h"
#include <mpx/table.h>

static void failback_modes(void **state)
{
	map.opts.v[OPT_FAILBACK].i = MPX_FAILBACK_IMMEDIATE;
	check(0, &transport, NULL);
	map.kernel_pg = 2;
	check(0, &good, NULL);
	assert_string_equal(sent[nr_sent - 1], "switch_group 1");
	assert_int_equal(map.kernel_pg, 1);

	/* followover: only the first path back in its group moves I/O */
	map.opts.v[OPT_FAILBACK].i = MPX_FAILBACK_FOLLOWOVER;
	p[1].pg = 1;		/* sda and sdb in group 1 */
	check(0, &transport, NULL);
	map.kernel_pg = 3;
	check(0, &good, NULL); /* sdb was still active in group 1 */
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:0");
	check(0, &transport, NULL);
	check(1, &transport, NULL);
	map.kernel_pg = 3;
	check(1, &good, NULL); /* the first of group 1 back */
	assert_string_equal(sent[nr_sent - 1], "switch_group 1");

	/* failback 5: deferred */
	load_config("defaults {\n polling_interval 1\n checker_timeout 2\n}\n");
	map.opts.v[OPT_FAILBACK].i = 5;
	check(0, &good, NULL);
	check(1, &transport, NULL);
	map.kernel_pg = 3;
	check(1, &good, NULL);
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:16");
	assert_int_equal(map.failback_at, now_ms + 5000);
	mpxd_maps_timers(&d, now_ms + 4999);
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:16");
	mpxd_maps_timers(&d, now_ms + 5000);
	assert_string_equal(sent[nr_sent - 1], "switch_group 1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(failback_modes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
