// SPDX-License-Identifier: GPL-2.0-only
/*
 * The freeze / thaw / timeout state machine of on_failover suspend: only
 * the tenants that used the map frozen, thawed when a path is back or at
 * suspend_timeout (then on_no_path fail applies), thawed when mpxd stops
 * or the entry goes in a reload, and mpxd's own cgroup never frozen.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tenants-fixture.h"
#include "tenants/tenants.h"

static void freeze_thaw_timeout(void **state)
{
	tick(0);
	/* vm-a did I/O on the map, vm-b did not: only vm-a is frozen */
	set_activity(ida, 10, 0);
	paths_usable(false);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "1");
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
	assert_int_equal(d.tenants.cg[0].state, MPXD_TENANT_FROZEN);
	assert_int_equal(d.tenants.cg[1].state, MPXD_TENANT_RUNNING);
	tick(1000);
	tick(1000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "1");
	/* a path is back: thawed */
	paths_usable(true);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");
	assert_int_equal(d.tenants.cg[0].state, MPXD_TENANT_RUNNING);

	/* again, for longer than suspend_timeout: thawed, and on_no_path fail applies */
	paths_usable(false);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "1");
	tick(4000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "1");
	tick(1000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");
	assert_int_equal(d.tenants.cg[0].state, MPXD_TENANT_THAWED_TIMEOUT);
	expect_sent("tenant set %llu weight=300 prio=0 nopath=fail", (unsigned long long)ida);
	assert_true(fk.rules[find_rule(ida)].fail);
	tick(1000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0"); /* not again */
	/* paths back: running, and queueing again */
	paths_usable(true);
	tick(10);
	assert_int_equal(d.tenants.cg[0].state, MPXD_TENANT_RUNNING);
	assert_false(fk.rules[find_rule(ida)].fail);
	assert_int_equal(count_sent("tenant set"), 4);
}

/* Waiting I/O counts as use too, and the freeze ends with mpxd. */
static void thaw_at_stop_and_reconfigure(void **state)
{
	tick(0);
	set_activity(ida, 0, 3);
	paths_usable(false);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "1");
	mpxd_tenants_stop(&d);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");

	assert_int_equal(mpxd_tenants_init(&d), 0);
	d.tenants.self[0] = '\0';
	tick(1000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "1");
	/* the entry goes in a reload: thawed, and its rule deleted */
	load_text(
		"tenants {\n\ttenant {\n\t\tname vm-b\n\t\tcgroup mpxtest.slice/vm-b.scope\n\t}\n}\n");
	mpxd_tenants_reconfigured(&d);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");
	assert_int_equal(d.tenants.nr_cg, 1);
	assert_string_equal(d.tenants.cg[0].entry, "vm-b");
	tick(1000);
	expect_sent("tenant del %llu", (unsigned long long)ida);
}

static void never_freezes_mpxd(void **state)
{
	tick(0);
	snprintf(d.tenants.self, sizeof(d.tenants.self), "mpxtest.slice/vm-a.scope/daemon");
	set_activity(ida, 5, 0);
	paths_usable(false);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");
	assert_int_equal(d.tenants.cg[0].state, MPXD_TENANT_THAWED_TIMEOUT);
	expect_sent("tenant set %llu weight=300 prio=0 nopath=fail", (unsigned long long)ida);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(freeze_thaw_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(thaw_at_stop_and_reconfigure, setup, teardown),
		cmocka_unit_test_setup_teardown(never_freezes_mpxd, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
