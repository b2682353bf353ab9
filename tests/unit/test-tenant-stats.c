// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tenant lines of the target's stats output: every field, the default
 * tenant, lines of other kinds around them, a target without tenants, and
 * malformed lines.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tenant-failover.h"
#include "tenants/tenants.h"

static const char full[] =
	"group 1 state A selector service-time paths 2 usable 2\n"
	"path 8:0 group 1 state A fail_count 0 ios 300 bytes 1228800 in_flight 0 path_errors 0 target_errors 0\n"
	"path 8:16 group 1 state A fail_count 0 ios 200 bytes 819200 in_flight 1 path_errors 0 target_errors 0\n"
	"tenants 4 budget 64 in_flight 5 waiting 2 failover nopath\n"
	"tenant default weight 100 prio 0 iops 0 bps 0 affinity none nopath queue ios 10 bytes 40960 deferred 0 deferred_us 0 in_flight 0 waiting 0 held 0 held_ms 0 served 8:0=5,8:16=5\n"
	"tenant 4242 weight 300 prio 2 iops 2000 bps 1048576 affinity paths:8:0,8:16 nopath fail ios 480 bytes 1966080 deferred 17 deferred_us 93000 in_flight 4 waiting 2 held 0 held_ms 0 served 8:0=290,8:16=190\n"
	"tenant 77 weight 1 prio 7 iops 0 bps 0 affinity group:2 nopath queue ios 0 bytes 0 deferred 0 deferred_us 0 in_flight 1 waiting 0 held 0 held_ms 0 served 8:0=0,8:16=0\n"
	"tenant 91 weight 100 prio 0 iops 0 bps 0 affinity none nopath queue ios 0 bytes 0 deferred 0 deferred_us 0 in_flight 0 waiting 0 held 8 held_ms 1520 served 8:0=0,8:16=0\n";

static void every_field(void **state)
{
	struct mpx_tenants_report r;
	const struct mpx_tenant_stats *t;

	assert_int_equal(mpx_tenant_stats_parse(full, &r), 0);
	assert_int_equal(r.count, 4);
	assert_int_equal(r.failover, MPX_FO_NOPATH);
	assert_int_equal(r.budget, 64);
	assert_int_equal(r.in_flight, 5);
	assert_int_equal(r.waiting, 2);
	assert_int_equal(r.nr, 4);

	t = mpx_tenants_report_find(&r, 0);
	assert_non_null(t);
	assert_int_equal(t->ios, 10);
	assert_string_equal(t->affinity, "none");

	t = mpx_tenants_report_find(&r, 4242);
	assert_non_null(t);
	assert_int_equal(t->weight, 300);
	assert_int_equal(t->prio, 2);
	assert_int_equal(t->iops, 2000);
	assert_int_equal(t->bps, 1048576);
	assert_string_equal(t->affinity, "paths:8:0,8:16");
	assert_true(t->nopath_fail);
	assert_int_equal(t->ios, 480);
	assert_int_equal(t->bytes, 1966080);
	assert_int_equal(t->deferred, 17);
	assert_int_equal(t->deferred_us, 93000);
	assert_int_equal(t->in_flight, 4);
	assert_int_equal(t->waiting, 2);
	assert_int_equal(t->nr_served, 2);
	assert_string_equal(t->served[0].dev, "8:0");
	assert_int_equal(t->served[0].ios, 290);
	assert_string_equal(t->served[1].dev, "8:16");
	assert_int_equal(t->served[1].ios, 190);
	assert_true(mpx_tenant_stats_active(t));

	t = mpx_tenants_report_find(&r, 77);
	assert_non_null(t);
	assert_string_equal(t->affinity, "group:2");
	assert_false(t->nopath_fail);
	assert_true(mpx_tenant_stats_active(t));	/* in flight, nothing completed yet */
	assert_null(mpx_tenants_report_find(&r, 78));
	/* its only I/O waits in the no-path queue: that is use too */
	t = mpx_tenants_report_find(&r, 91);
	assert_non_null(t);
	assert_int_equal(t->held, 8);
	assert_int_equal(t->held_ms, 1520);
	assert_int_equal(t->ios + t->in_flight + t->waiting, 0);
	assert_true(mpx_tenant_stats_active(t));
	assert_false(mpx_tenant_stats_active(NULL));
	mpx_tenants_report_free(&r);
}

/* Counters a newer target adds are skipped; the order of pairs is free. */
static void tolerant(void **state)
{
	struct mpx_tenants_report r;
	const struct mpx_tenant_stats *t;

	assert_int_equal(mpx_tenant_stats_parse(
		"tenants 1 budget 0 in_flight 0 waiting 0 shares 9\n"
		"tenant 5 ios 3 weight 10 future_counter 12 nopath queue served\n", &r), 0);
	t = mpx_tenants_report_find(&r, 5);
	assert_non_null(t);
	assert_int_equal(t->ios, 3);
	assert_int_equal(t->weight, 10);
	assert_int_equal(t->nr_served, 0);
	mpx_tenants_report_free(&r);

	/* no tenant rules: the default tenant alone */
	assert_int_equal(mpx_tenant_stats_parse("path 8:0 group 1 state A\ntenants 1 budget 0 in_flight 0 waiting 0\n"
						"tenant default weight 100 ios 0\n", &r), 0);
	assert_int_equal(r.nr, 1);
	assert_int_equal(r.t[0].id, 0);
	assert_false(mpx_tenant_stats_active(&r.t[0]));
	/* a target before 1.3.0: no failover word, nothing held */
	assert_int_equal(r.failover, MPX_FO_NONE);
	assert_int_equal(r.t[0].held, 0);
	mpx_tenants_report_free(&r);
}

static void without_tenants(void **state)
{
	struct mpx_tenants_report r;

	/* a target from before tenants: only group and path lines */
	assert_int_equal(mpx_tenant_stats_parse(
		"group 1 state A selector service-time paths 1 usable 1\n"
		"path 8:0 group 1 state A fail_count 0 ios 3 bytes 12288 in_flight 0 path_errors 0 target_errors 0\n",
		&r), -ENOENT);
	assert_int_equal(mpx_tenant_stats_parse("", &r), -ENOENT);
}

static void malformed(void **state)
{
	static const char *const bad[] = {
		"tenant 5 weight 1\n", /* before "tenants" */
		"tenants x budget 0\n",
		"tenants 1 budget\n",
		"tenants 1 budget 0\ntenants 1 budget 0\n", /* twice */
		"tenants 1 budget 0\ntenant 0 weight 1\n", /* id 0 is "default" */
		"tenants 1 budget 0\ntenant abc weight 1\n",
		"tenants 1 budget 0\ntenant 5 weight\n",
		"tenants 1 budget 0\ntenant 5 weight -1\n",
		"tenants 1 budget 0\ntenant 5 nopath maybe\n",
		"tenants 1 budget 0\ntenant 5 served 8:0\n",
		"tenants 1 budget 0\ntenant 5 served =4\n",
		"tenants 1 budget 0\ntenant 5 served 8:0=x\n",
		"tenants 1 budget 0\ntenant 5 ios 99999999999999999999999\n",
		"tenants 1 budget 0\ntenant\n",
		"tenants 1 budget 0 in_flight 0 waiting 0 failover maybe\n",
		"tenants 1 budget 0\ntenant 5 held -1\n",
		"tenants 1 budget 0\ntenant 5 held_ms x\n",
	};
	struct mpx_tenants_report r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (mpx_tenant_stats_parse(bad[i], &r) != -EINVAL) {
			print_error("accepted: %s", bad[i]);
			fail();
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_field),
		cmocka_unit_test(tolerant),
		cmocka_unit_test(without_tenants),
		cmocka_unit_test(malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
