// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reaction to an error the kernel reports for a path
 * (maps/kernel-errors.c): the path diagnosed at once and its siblings
 * on the same SCSI host checked, the verdicts of the map's module
 * (switch group, target error, fail group, fail siblings), an error of
 * the LUN that keeps the path, a reservation conflict handed on, and a
 * marginal path that stays out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "checks-fixture.h"
#include "maps/kernel-errors.h"
#include "maps/path-checks.h"
#include <mpx/policy.h>
#include <mpx/table.h>

/* What reconcile.c does when a status shows path i failed by the target. */
static void kernel_fails(int i, int cls, uint64_t errors)
{
	p[i].kernel_active = false;
	mpxd_kernel_status(&d, &p[i], cls, errors, true);
}

static void kernel_failure_diagnosed_siblings_checked(void **state)
{
	p[1].next_check = p[2].next_check = now_ms + 20000;
	p[0].next_check = now_ms + 20000;
	answers(0, &transport, NULL);
	kernel_fails(0, MPX_ERR_TRANSPORT, 1);
	assert_true(p[0].diagnose);
	assert_int_equal(p[0].next_check, 0);		/* diagnosed now, not at its poll */
	assert_int_equal(p[1].next_check, 0);		/* same SCSI host: checked now */
	assert_int_equal(p[2].next_check, now_ms + 20000);	/* other host: not */
	assert_int_equal(p[0].react_waiting, 2);
	tick();
	/* built-in: the kernel's verdict stands, the healthy sibling stays */
	assert_int_equal(kernel_cause, MPX_ERR_TRANSPORT);
	assert_true(kernel_failed);
	assert_false(p[0].diagnose);
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_false(p[0].kernel_active);
	assert_true(p[1].kernel_active);
	assert_int_equal(p[1].state, MPX_PATH_UP);
	assert_int_equal(nr_sent, 0);
	assert_int_equal(p[0].react_since, 0);		/* the reaction is over */
	assert_int_equal(p[1].sibling_of, 0);
	assert_int_equal(p[0].next_check, now_ms + 1000);	/* the regular checks go on */

	/* the same count again (a later event): nothing new */
	mpxd_kernel_status(&d, &p[0], MPX_ERR_TRANSPORT, 1, false);
	assert_false(p[0].diagnose);

	/* a sibling whose check fails is failed at once */
	now_ms += 1000;
	p[0].kernel_active = true;
	p[1].next_check = now_ms + 20000;
	answers(1, &transport, NULL);
	kernel_fails(0, MPX_ERR_TIMEOUT, 3);
	tick();
	assert_int_equal(nr_sent, 1);
	assert_string_equal(sent[0], "fail_path 8:16");
	assert_false(p[1].kernel_active);
	assert_true(p[2].kernel_active);
	assert_int_equal(p[0].react_since, 0);
}

static void kernel_lun_error_keeps_the_path(void **state)
{
	p[0].next_check = p[1].next_check = p[2].next_check = now_ms + 20000;
	/* a medium error: the path stays up, it is diagnosed, no sibling checked */
	mpxd_kernel_status(&d, &p[0], MPX_ERR_MEDIUM, 1, false);
	assert_true(p[0].diagnose);
	assert_int_equal(p[1].next_check, now_ms + 20000);
	tick();
	assert_int_equal(kernel_cause, MPX_ERR_MEDIUM);
	assert_false(kernel_failed);
	assert_true(p[0].kernel_active);
	assert_int_equal(nr_sent, 0);
	assert_int_equal(p[0].react_since, 0);
	/* a table reload counts from 0: no reaction to a lower count */
	mpxd_kernel_status(&d, &p[0], MPX_ERR_MEDIUM, 0, false);
	assert_false(p[0].diagnose);
}

static void kernel_error_verdicts(void **state)
{
	p[0].next_check = p[1].next_check = p[2].next_check = now_ms + 20000;
	/* switch group: I/O goes to the best other group with an active path */
	kernel_verdict = MPX_POL_VERDICT_SWITCH_GROUP;
	kernel_fails(0, MPX_ERR_IO, 1);
	tick();
	assert_string_equal(sent[nr_sent - 1], "switch_group 2");
	assert_int_equal(map.kernel_pg, 2);
	/* target error: a path the kernel failed whose TUR passes comes back */
	now_ms += 1000;
	kernel_verdict = MPX_POL_VERDICT_TARGET_ERROR;
	mpxd_kernel_status(&d, &p[0], MPX_ERR_IO, 2, false);
	assert_false(p[0].diagnose);	/* more errors on a failed path: nothing new */
	p[0].kernel_active = true;
	kernel_fails(0, MPX_ERR_IO, 3);
	tick();
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:0");
	assert_true(p[0].kernel_active);
	/* fail group: every path of the failed path's group */
	now_ms += 1000;
	p[1].pg = 1;
	kernel_verdict = MPX_POL_VERDICT_FAIL_GROUP;
	kernel_fails(0, MPX_ERR_IO, 4);
	p[1].next_check = now_ms + 20000;	/* not its sibling check: the verdict */
	p[1].sibling_of = 0;
	p[0].react_waiting = 1;
	tick();
	assert_string_equal(sent[nr_sent - 1], "fail_path 8:16");
	assert_false(p[1].kernel_active);
	/* fail siblings: the paths sharing the component fail without a check */
	now_ms += 1000;
	p[1].kernel_active = true;
	p[1].pg = 2;
	kernel_verdict = MPX_POL_VERDICT_FAIL_SIBLINGS;
	p[0].kernel_active = true;
	kernel_fails(0, MPX_ERR_TRANSPORT, 5);
	p[1].next_check = now_ms + 20000;
	p[1].sibling_of = 0;
	p[0].react_waiting = 1;
	nr_sent = 0;
	tick();
	assert_int_equal(nr_sent, 1);
	assert_string_equal(sent[0], "fail_path 8:16");
	assert_true(p[2].kernel_active);
}

/* The kernel's reservation conflict reaches the reservation hook; a marginal path stays out. */
static void kernel_conflict_and_marginal_hold(void **state)
{
	p[0].next_check = p[1].next_check = p[2].next_check = now_ms + 20000;
	mpxd_kernel_status(&d, &p[0], MPX_ERR_NEXUS, 1, false);
	tick();
	assert_int_equal(kernel_cause, MPX_ERR_NEXUS);
	assert_true(p[0].kernel_active);
	assert_int_equal(nr_conflicts, 1);
	/* a medium error is nobody's reservation */
	mpxd_kernel_status(&d, &p[0], MPX_ERR_MEDIUM, 2, false);
	tick();
	assert_int_equal(nr_conflicts, 1);
	/* held out as marginal: "the path is fine" does not bring it back */
	now_ms += 1000;
	p[0].marginal.state = MPX_MARGINAL_HELD;
	p[0].marginal.until = now_ms + 60000;
	kernel_verdict = MPX_POL_VERDICT_TARGET_ERROR;
	kernel_fails(0, MPX_ERR_TRANSPORT, 3);
	tick();
	assert_int_equal(kernel_cause, MPX_ERR_TRANSPORT);
	assert_false(p[0].kernel_active);
	assert_int_equal(nr_sent, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(kernel_failure_diagnosed_siblings_checked, setup,
						teardown),
		cmocka_unit_test_setup_teardown(kernel_lun_error_keeps_the_path, setup, teardown),
		cmocka_unit_test_setup_teardown(kernel_error_verdicts, setup, teardown),
		cmocka_unit_test_setup_teardown(kernel_conflict_and_marginal_hold, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
