// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bounded check concurrency: at most MPXD_MAX_CHECKS checks run at once,
 * the waiting ones are not timed out for their wait, and the loop
 * neither spins nor sleeps past a check that is due.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "checks-fixture.h"
#include "maps/path-checks.h"
#include "maps/workers.h"

/*
 * A thousand-path start: at most MPXD_MAX_CHECKS checks run at once, the
 * others wait their turn without the wait counting against their timeout,
 * and the next pass starts the ones not checked yet.
 */
static void checks_at_most_max_at_once(void **state)
{
	static struct mpxd_path many[200], *pp[200], *mp[200];
	int i, started = 0, down = 0;

	/* every one a path to sda, which hangs */
	disks[0].hang = true;
	for (i = 0; i < 200; i++) {
		memset(&many[i], 0, sizeof(many[i]));
		snprintf(many[i].a.devnode, sizeof(many[i].a.devnode), "sda");
		snprintf(many[i].a.devno, sizeof(many[i].a.devno), "8:%d", i);
		many[i].a.host = (unsigned int)i;
		many[i].map = &map;
		many[i].kernel_active = true;
		many[i].pg = 1;
		many[i].generation = (uint64_t)i + 100;
		pp[i] = mp[i] = &many[i];
	}
	d.paths = pp;
	d.nr_paths = 200;
	map.paths = mp;
	map.nr_paths = 200;
	mpxd_checks_run(&d, now_ms);
	assert_int_equal(nr_submitted, MPXD_MAX_CHECKS);
	for (i = 0; i < 200; i++)
		started += many[i].check_started != 0;
	assert_int_equal(started, MPXD_MAX_CHECKS);
	assert_int_not_equal(many[0].check_started, 0);
	assert_int_equal(many[MPXD_MAX_CHECKS].check_started, 0);
	/* the loop sleeps until a check ends or times out: due ones cannot start */
	assert_int_equal(mpxd_checks_next_deadline(&d), now_ms + 2000 + 501);
	/* past the timeout: only the checks that ran that long fail their paths */
	now_ms += 2600;
	mpxd_checks_run(&d, now_ms);
	assert_int_equal(nr_submitted, MPXD_MAX_CHECKS);	/* no slot freed */
	for (i = 0; i < 200; i++)
		down += many[i].state == MPX_PATH_DOWN;
	assert_int_equal(down, MPXD_MAX_CHECKS);
	assert_int_equal(many[MPXD_MAX_CHECKS].state, MPX_PATH_UNCHECKED);
	/* the hung checks were handled: the loop sleeps until they answer, it does not spin */
	assert_true(mpxd_checks_next_deadline(&d) > now_ms);
	/* they answer: the next ones start, not the same again */
	disks[0].hang = false;
	release_held();
	mpxd_checks_collect(&d);
	assert_int_equal(many[0].state, MPX_PATH_UP);
	mpxd_checks_run(&d, now_ms);
	assert_int_equal(nr_submitted, 2 * MPXD_MAX_CHECKS);
	for (i = 0; i < 200; i++)
		assert_int_equal(many[i].check_started != 0,
				 i >= MPXD_MAX_CHECKS && i < 2 * MPXD_MAX_CHECKS);
	/* those answer: a thread is free and checks are due, so at once */
	mpxd_checks_collect(&d);
	assert_true(mpxd_checks_next_deadline(&d) <= now_ms);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(checks_at_most_max_at_once, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
