// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "ps-math.h"

static void service_time(void **state)
{
	/* same throughput: fewer bytes in flight wins */
	assert_true(mpx_st_compare(0, 1, 4096, 1, 4096) < 0);
	assert_true(mpx_st_compare(8192, 1, 4096, 1, 4096) > 0);
	assert_int_equal(mpx_st_compare(4096, 1, 4096, 1, 4096), 0);
	/* same load: higher throughput wins */
	assert_true(mpx_st_compare(4096, 2, 4096, 1, 4096) < 0);
	/* rt 0 loses against any positive rt, whatever the load */
	assert_true(mpx_st_compare(0, 0, 1 << 20, 1, 4096) > 0);
	assert_true(mpx_st_compare(1 << 20, 1, 0, 0, 4096) < 0);
	/* (8k+4k)/3 = 4k < (0+4k)/1 = 4k? equal: higher rt wins */
	assert_true(mpx_st_compare(8192, 3, 0, 1, 4096) < 0);
	/* (16k+4k)/3 > (0+4k)/1 */
	assert_true(mpx_st_compare(16384, 3, 0, 1, 4096) > 0);
	/* huge sizes do not overflow the comparison */
	assert_true(mpx_st_compare(UINT64_MAX / 2, 100, UINT64_MAX / 4, 1, 0) < 0);
	assert_true(mpx_st_compare(UINT64_MAX / 4, 1, UINT64_MAX / 2, 100, 0) > 0);
	/* antisymmetric */
	assert_true(mpx_st_compare(12288, 7, 4096, 2, 512) ==
		    -mpx_st_compare(4096, 2, 12288, 7, 512));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(service_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
