// SPDX-License-Identifier: GPL-2.0-only
/*
 * A check's outcome read by the map's policy module (the alua plugin's
 * analyze_error, linked in): what its verdicts do to the path, the
 * map's grouping and the next check, and what happens without a module.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "checks-fixture.h"
#include "maps/path-checks.h"

/* What the checker saw, read by the alua module: verdicts both really give. */
static void policy_verdicts(void **state)
{
	static const struct mpx_sg_result conflict = { .status = 0x18 };
	static const struct mpx_sg_result unavailable = { .status = 2,
							  .sense_key = 2,
							  .asc = 4,
							  .ascq = 0x0c };
	static const struct mpx_sg_result states_changed = { .status = 2,
							     .sense_key = 6,
							     .asc = 0x2a,
							     .ascq = 0x06 };

	map.policy = &alua;
	check(0, &good, NULL);
	assert_int_equal(nr_analyzed, 0); /* GOOD: nothing to read */
	/* ALUA transitioning: neither failed nor reinstated, looked at again soon */
	check(0, &transitioning, NULL);
	assert_int_equal(nr_analyzed, 1);
	assert_int_equal(analyzed.sense_key, 2);
	assert_int_equal(analyzed.ascq, 0x0a);
	assert_string_equal(p[0].check_msg, "status 0x02 sense 2/04/0a");
	assert_int_equal(p[0].state, MPX_PATH_UP);
	assert_int_equal(nr_sent, 0);
	assert_int_equal(p[0].next_check, now_ms + 250);
	/* a reservation conflict is the LUN's answer, not the path's failure */
	check(0, &conflict, NULL);
	assert_int_equal(analyzed.status, 0x18);
	assert_int_equal(nr_conflicts, 1); /* and the reservation hook's business */
	assert_string_equal(p[0].check_msg, "status 0x18 sense 0/00/00");
	assert_int_equal(p[0].state, MPX_PATH_UP);
	assert_int_equal(nr_sent, 0);
	/* a unit attention "access states changed", then GOOD: up, and regrouped */
	map.dirty = false;
	check(0, &states_changed, &good);
	assert_int_equal(disks[0].cmds, 5); /* asked again after the attention */
	assert_int_equal(analyzed.asc, 0x2a);
	assert_string_equal(p[0].check_msg, "ok");
	assert_int_equal(p[0].state, MPX_PATH_UP);
	assert_true(map.dirty);
	assert_int_equal(p[0].next_check, now_ms + 250);
	/* a unit attention it has no opinion on (power on): the checker's verdict stands */
	map.dirty = false;
	check(0, &ua, &good);
	assert_int_equal(analyzed.asc, 0x29);
	assert_false(map.dirty);
	assert_int_equal(p[0].next_check, now_ms + 4000); /* healthy: 1 s doubled twice */
	/* port unavailable: failed */
	check(0, &unavailable, NULL);
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_string_equal(p[0].check_msg, "target port unavailable");
	assert_string_equal(sent[0], "fail_path 8:0");
	/* standby: the module says the path is fine, and it stays a ghost */
	check(0, &standby, NULL);
	assert_int_equal(p[0].state, MPX_PATH_GHOST);
	assert_string_equal(sent[1], "reinstate_path 8:0");
	/* a transport error is an outcome too: read, no opinion, down */
	check(0, &transport, NULL);
	assert_int_equal(analyzed.host_status, 1);
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_string_equal(sent[2], "fail_path 8:0");
	/* no outcome at all (the command never reached the disk): not asked */
	nr_analyzed = 0;
	check(0, &undelivered, NULL);
	assert_int_equal(nr_analyzed, 0);
	assert_string_equal(p[0].check_msg, "command not delivered: No such device or address");
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	/* without a module nothing reads the outcome: a transition is a failure */
	map.policy = NULL;
	check(0, &good, NULL);
	check(0, &transitioning, NULL);
	assert_int_equal(nr_analyzed, 0);
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	map.policy = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(policy_verdicts, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
