// SPDX-License-Identifier: GPL-2.0-only
/*
 * prio_args as multipath-tools' prioritizers read them (conf/prio-args.c):
 * which args each prio takes, weightedpath's choice of a path's prio, and
 * path_latency's numbers (the defaults where the args do not parse).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "conf/config.h"
#include "conf/prio-args.h"

static void check(void **state)
{
	assert_null(mpx_prio_args_check(MPX_PRIO_ALUA, "exclusive_pref_bit"));
	assert_null(mpx_prio_args_check(MPX_PRIO_SYSFS, NULL));
	assert_non_null(mpx_prio_args_check(MPX_PRIO_ALUA, "pref"));
	assert_null(mpx_prio_args_check(MPX_PRIO_WEIGHTEDPATH, "devname ^sd[ab]$ 20 .* 5"));
	assert_non_null(mpx_prio_args_check(MPX_PRIO_WEIGHTEDPATH, "name sda 1"));
	assert_non_null(mpx_prio_args_check(MPX_PRIO_WEIGHTEDPATH, "devname sda"));
	assert_non_null(mpx_prio_args_check(MPX_PRIO_WEIGHTEDPATH, "devname ( 1"));
	assert_null(mpx_prio_args_check(MPX_PRIO_PATH_LATENCY, "io_num=20 base_num=10"));
	assert_non_null(mpx_prio_args_check(MPX_PRIO_PATH_LATENCY, "io_num=19 base_num=2"));
	assert_non_null(mpx_prio_args_check(MPX_PRIO_PATH_LATENCY, "io_num=50 base_num=1.0"));
	assert_non_null(mpx_prio_args_check(MPX_PRIO_CONST, "anything"));
	assert_true(mpx_prio_args_exclusive_pref("exclusive_pref_bit"));
	assert_false(mpx_prio_args_exclusive_pref(NULL));
}

static void weighted(void **state)
{
	const struct mpx_weighted_ids ids = { "2:0:1:0", "sdc", "S123", "" };
	int prio = -1;

	assert_int_equal(mpx_prio_args_weighted("devname ^sd[ab]$ 20 ^sdc$ 7 .* 1", &ids, &prio),
			 0);
	assert_int_equal(prio, 7);
	assert_int_equal(mpx_prio_args_weighted("hbtl ^2:.* 30", &ids, &prio), 0);
	assert_int_equal(prio, 30);
	assert_int_equal(mpx_prio_args_weighted("serial ^X 30", &ids, &prio), 0);
	assert_int_equal(prio, 0); /* no match */
	assert_int_equal(mpx_prio_args_weighted("wwn .* 4", &ids, &prio), 0);
	assert_int_equal(prio, 4); /* no FC names: "" still matches .* */
	assert_int_equal(mpx_prio_args_weighted("devname", &ids, &prio), -EINVAL);
	assert_int_equal(prio, 0);
}

static void latency(void **state)
{
	struct mpx_latency_args a;

	mpx_prio_args_latency("io_num=50 base_num=2.5", &a);
	assert_int_equal(a.io_num, 50);
	assert_true(a.base_num > 2.49 && a.base_num < 2.51);
	mpx_prio_args_latency("io_num=5000 base_num=2.5", &a);
	assert_int_equal(a.io_num, MPX_LATENCY_IO_DEFAULT);
	mpx_prio_args_latency(NULL, &a);
	assert_int_equal(a.io_num, 100);
	assert_true(a.base_num > 1.77 && a.base_num < 1.78);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check),
		cmocka_unit_test(weighted),
		cmocka_unit_test(latency),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
