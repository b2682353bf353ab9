// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a path check's result does to its path (maps/path-checks.c, with
 * checks-fixture.c's disks): fail_path / reinstate_path, the adaptive
 * interval, the paths on the failed one's SCSI host checked at once, a
 * check that hangs counted as down (its late answer still counts), and
 * no message to a map not in the kernel yet.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "checks-fixture.h"
#include "maps/path-checks.h"

static void interval_grows_and_resets(void **state)
{
	tick();
	assert_int_equal(nr_submitted, 3);	/* every path is due at start */
	assert_int_equal(p[0].state, MPX_PATH_UP);
	assert_string_equal(p[0].check_msg, "ok");
	assert_int_equal(p[0].interval, 1000);	/* a change: polling_interval */
	assert_int_equal(p[0].next_check, now_ms + 1000);
	/* the others stay quiet for this test */
	p[1].next_check = p[2].next_check = UINT64_MAX / 2;
	now_ms += 1000;
	tick();
	assert_int_equal(p[0].interval, 2000);
	now_ms += 2000;
	tick();
	now_ms += 4000;
	tick();
	now_ms += 8000;
	tick();
	assert_int_equal(p[0].interval, 8000);	/* max_polling_interval */
	now_ms += 7999;
	tick();
	assert_int_equal(disks[0].cmds, 5); /* not due yet */
	assert_int_equal(nr_sent, 0);
	now_ms += 1;
	answers(0, &transport, NULL);
	tick();
	assert_int_equal(disks[0].cmds, 6);
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_string_equal(p[0].check_msg, "transport error (host 0x1, driver 0x0)");
	assert_int_equal(p[0].interval, 1000);
}

static void down_fails_and_checks_siblings(void **state)
{
	p[1].next_check = now_ms + 5000;
	p[2].next_check = now_ms + 5000;
	check(0, &good, NULL);
	check(0, &transport, NULL);
	assert_int_equal(nr_sent, 1);
	assert_string_equal(sent[0], "fail_path 8:0");
	assert_false(p[0].kernel_active);
	assert_int_equal(p[1].next_check, 0);		/* same host: checked now */
	assert_int_equal(p[2].next_check, now_ms + 5000);	/* other host: not */
	/* a second down verdict sends nothing more; the sibling's disk is fine */
	now_ms += 1000;
	disks[0].gone = true;
	check(0, &good, NULL);
	assert_non_null(strstr(p[0].check_msg, "cannot open /dev/sda"));
	assert_int_equal(p[1].state, MPX_PATH_UP);
	assert_int_equal(nr_sent, 1);
	/* up again: reinstated; manual failback leaves the group alone */
	disks[0].gone = false;
	map.kernel_pg = 2;
	now_ms += 1000;
	check(0, &good, NULL);
	assert_int_equal(nr_sent, 2);
	assert_string_equal(sent[1], "reinstate_path 8:0");
	assert_true(p[0].kernel_active);
	/* a ghost (ALUA standby) is usable: it is reinstated too */
	check(2, &medium, NULL);
	assert_string_equal(sent[nr_sent - 1], "fail_path 8:32");
	check(2, &standby, NULL);
	assert_int_equal(p[2].state, MPX_PATH_GHOST);
	assert_string_equal(p[2].check_msg, "target port in standby");
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:32");
}

static void hung_check_counts_as_down(void **state)
{
	disks[0].hang = true;
	mpxd_checks_run(&d, now_ms);
	assert_int_not_equal(p[0].check_started, 0);
	mpxd_checks_run(&d, now_ms + 2600);	/* past checker_timeout 2 s + grace */
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_string_equal(p[0].check_msg, "check timed out");
	assert_string_equal(sent[0], "fail_path 8:0");
	/* no second check of a path whose check still hangs */
	nr_submitted = 0;
	mpxd_checks_collect(&d); /* the other disks answered */
	mpxd_checks_run(&d, now_ms + 10000);
	assert_int_equal(nr_submitted, 2);
	assert_int_equal(disks[0].cmds, 0);
	/* the late answer still counts */
	disks[0].hang = false;
	release_held();
	now_ms += 10000;
	mpxd_checks_collect(&d);
	assert_int_equal(disks[0].cmds, 1);
	assert_int_equal(p[0].state, MPX_PATH_UP);
	assert_int_equal(p[0].check_started, 0);
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:0");
}

/* A map not in the kernel yet gets no messages; its first load fails the down paths. */
static void no_messages_before_the_map_exists(void **state)
{
	map.live = false;
	check(0, &transport, NULL);
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_int_equal(nr_sent, 0);
	assert_true(p[0].kernel_active);
	map.live = true;
	now_ms += 1000;
	check(0, &transport, NULL);
	assert_int_equal(nr_sent, 1);
	assert_string_equal(sent[0], "fail_path 8:0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(interval_grows_and_resets, setup, teardown),
		cmocka_unit_test_setup_teardown(down_fails_and_checks_siblings, setup, teardown),
		cmocka_unit_test_setup_teardown(hung_check_counts_as_down, setup, teardown),
		cmocka_unit_test_setup_teardown(no_messages_before_the_map_exists, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
