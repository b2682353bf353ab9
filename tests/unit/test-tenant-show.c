// SPDX-License-Identifier: GPL-2.0-only
/*
 * "show tenants", as text and as JSON: each tenant's cgroups, state and
 * its rule and counters in each map.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tenants-fixture.h"
#include "ctl/ctl.h"
#include "tenants/tenants.h"

static void show(void **state)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	set_activity(idb, 42, 0);
	tick(0);
	tick(1000);
	f = open_memstream(&out, &len);
	assert_int_equal(mpxd_tenants_show(&d, false, f), 0);
	fclose(f);
	assert_non_null(strstr(out, "vm-a "));
	assert_non_null(strstr(out, "mpxtest.slice/vm-b.scope"));
	assert_non_null(strstr(out, "running"));
	assert_non_null(strstr(out, "map m1: weight 1 prio 0"));
	assert_non_null(strstr(out, "ios 42 "));
	assert_non_null(strstr(out, "waiting 0 held 0 held_ms 0 served 8:0=0,8:16=42"));
	free(out);
	out = NULL;
	f = open_memstream(&out, &len);
	assert_int_equal(mpxd_tenants_show(&d, true, f), 0);
	fclose(f);
	assert_non_null(strstr(
		out,
		"{\"tenants\":[{\"name\":\"vm-a\",\"cgroup\":\"mpxtest.slice/vm-a.scope\",\"cgroups\":[{\"path\":\"mpxtest.slice/vm-a.scope\""));
	assert_non_null(strstr(out, "\"state\":\"running\""));
	assert_non_null(strstr(out, "\"ios\":42,"));
	assert_non_null(strstr(out, "\"held\":0,\"held_ms\":0,\"served\":{\"8:0\":0,\"8:16\":42}"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(show, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
