// SPDX-License-Identifier: GPL-2.0-only
/*
 * The migrate hook (on_no_path migrate): run once per episode without a
 * path, with its environment and nothing of mpxd's, and after the
 * suspend_timeout when the tenant is also suspended.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tenants-fixture.h"
#include "tenants/tenants.h"

static int hook_runs(void)
{
	char path[128], line[256];
	FILE *f;
	int n = 0, i;

	for (i = 0; i < 500 && d.tenants.nr_hooks; i++) {
		usleep(10000);
		mpxd_tenant_hooks_reap(&d);
	}
	assert_int_equal(d.tenants.nr_hooks, 0);
	snprintf(path, sizeof(path), "%s/hook.out", base);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		n += !strcmp(line, "---\n");
	fclose(f);
	return n;
}

static void hook_once_per_episode(void **state)
{
	char path[128], want[1024], got[1024] = "";
	size_t len;
	FILE *f;
	int i;

	tick(0);
	set_activity(idb, 1, 0);
	paths_usable(false);
	for (i = 0; i < 5; i++)
		tick(1000);
	assert_int_equal(hook_runs(), 1);
	snprintf(
		want, sizeof(want),
		"MPX_CGROUP=%s/mpxtest.slice/vm-b.scope\nMPX_CGROUP_ID=%llu\nMPX_MAP=m1\n"
		"MPX_REASON=no_path\nMPX_TENANT=vm-b\nMPX_WWID=3600140512345678\n"
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nLEAKED=\n---\n",
		root, (unsigned long long)idb);
	snprintf(path, sizeof(path), "%s/hook.out", base);
	f = fopen(path, "r");
	len = fread(got, 1, sizeof(got) - 1, f);
	got[len] = '\0';
	fclose(f);
	assert_string_equal(got, want);
	/* vm-b is not suspended (on_failover none) and stays running */
	assert_int_equal(d.tenants.cg[1].state, MPXD_TENANT_RUNNING);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");

	/* a path back ends the episode; losing it again starts another */
	paths_usable(true);
	tick(10);
	tick(1000);
	assert_int_equal(hook_runs(), 1);
	paths_usable(false);
	tick(10);
	tick(1000);
	assert_int_equal(hook_runs(), 2);
}

/* suspend and migrate: frozen first, the hook after the timeout. */
static void hook_after_timeout(void **state)
{
	char path[128], line[256];
	bool reason = false;
	FILE *f;

	load_config("\ttenant {\n\t\tname vm-b\n\t\tcgroup \"mpxtest.slice/vm-b.scope\"\n"
		    "\t\ton_failover suspend\n\t\tsuspend_timeout 2\n\t\ton_no_path migrate\n"
		    "\t\tfailover_freeze_delay 0\n\t}\n");
	mpxd_tenants_reconfigured(&d);
	tick(0);
	set_activity(idb, 1, 0);
	paths_usable(false);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "1");
	assert_int_equal(hook_runs(), 0);
	tick(2000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-b.scope"), "0");
	assert_int_equal(hook_runs(), 1);
	snprintf(path, sizeof(path), "%s/hook.out", base);
	f = fopen(path, "r");
	while (fgets(line, sizeof(line), f))
		reason |= !strcmp(line, "MPX_REASON=failover_timeout\n");
	fclose(f);
	assert_true(reason);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(hook_once_per_episode, setup, teardown),
		cmocka_unit_test_setup_teardown(hook_after_timeout, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
