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

/*
 * failover_freeze_delay: a tenant whose only I/O waits in the no-path
 * queue (it completed none on this table) is frozen once it has waited
 * that long, and thawed as soon as that I/O flows.
 */
static void freeze_after_delay(void **state)
{
	load_config("\ttenant {\n\t\tname vm-b\n\t\tcgroup \"mpxtest.slice/vm-b.scope\"\n"
		    "\t\ton_failover suspend\n\t\tfailover_freeze_delay 1.5\n\t}\n");
	mpxd_tenants_reconfigured(&d);
	tick(0);
	fk.failover = "nopath";
	set_held(idb, 4, 300);
	paths_usable(false);
	tick(10);
	assert_int_equal(d.tenants.cg[1].state, MPXD_TENANT_RUNNING);
	assert_int_equal(mpxd_tenant_held_for(&d, &d.tenants.cg[1], now_ms), 310);
	/* a held tenant's map is looked at again soon, not in a second */
	assert_int_equal(d.tenants.next_look, now_ms + 200);
	tick(1000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
	tick(200);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "1");
	assert_int_equal(d.tenants.cg[1].state, MPXD_TENANT_FROZEN);
	/* vm-a completed nothing and holds nothing: not a user of the map */
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");
	tick(200);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "1");
	/* a path is back and the held I/O went out: thawed at the next look */
	fk.failover = NULL;
	set_held(idb, 0, 0);
	paths_usable(true);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
	assert_int_equal(d.tenants.cg[1].state, MPXD_TENANT_RUNNING);
	assert_int_equal(mpxd_tenant_held_for(&d, &d.tenants.cg[1], now_ms), -1);
	assert_int_equal(d.tenants.next_look, 0);
}

/*
 * Held with paths usable (a group activation): frozen after the delay
 * although the map has a path, thawed when the I/O moves; I/O held for
 * a shorter time freezes nothing.
 */
static void freeze_while_activating(void **state)
{
	tick(0);
	load_config("\ttenant {\n\t\tname vm-b\n\t\tcgroup \"mpxtest.slice/vm-b.scope\"\n"
		    "\t\ton_failover suspend\n\t\tfailover_freeze_delay 1\n\t}\n");
	mpxd_tenants_reconfigured(&d);
	tick(1000);
	set_activity(idb, 100, 0);
	fk.failover = "activation";
	set_held(idb, 2, 100);
	/* a path failed (a dm event): mpxd looks at once, not at the next poll */
	p[0].kernel_active = false;
	tick(10);
	assert_int_equal(mpxd_tenant_held_for(&d, &d.tenants.cg[1], now_ms), 110);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
	/* it moved: held again, but from now */
	set_held(idb, 2, 0);
	tick(200);
	tick(200);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
	set_held(idb, 2, 900);
	tick(200);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "1");
	assert_int_equal(d.tenants.cg[1].state, MPXD_TENANT_FROZEN);
	fk.failover = NULL;
	set_held(idb, 0, 0);
	tick(200);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
	assert_int_equal(d.tenants.cg[1].state, MPXD_TENANT_RUNNING);
	/* on_failover none: held, never frozen */
	load_config(vm_b);
	mpxd_tenants_reconfigured(&d);
	set_held(idb, 2, 5000);
	tick(1000);
	tick(200);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(freeze_thaw_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(thaw_at_stop_and_reconfigure, setup, teardown),
		cmocka_unit_test_setup_teardown(never_freezes_mpxd, setup, teardown),
		cmocka_unit_test_setup_teardown(freeze_after_delay, setup, teardown),
		cmocka_unit_test_setup_teardown(freeze_while_activating, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
