// SPDX-License-Identifier: GPL-2.0-only
/*
 * A marginal path (maps/path-marginal.c through the path checks): failed
 * twice by the kernel within marginal_path_double_failed_time, it is held
 * out, judged by test reads rather than TURs, and back after a clean sample.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "checks-fixture.h"
#include "maps/path-checks.h"
#include "maps/path-marginal.h"

/* Path i's check is due now: run it, and the test reads it leads to. */
static void check_now(int i)
{
	p[i].next_check = now_ms;
	tick();
}

/*
 * A path the kernel fails on I/O while its TUR passes: reinstated after the
 * first failure, held out as marginal at the second within
 * marginal_path_double_failed_time, judged by test reads (not TURs), held
 * for recheck_gap_time after a bad sample and reinstated after a clean one.
 */
static void marginal_path(void **state)
{
	uint64_t end;

	map.opts.v[OPT_MARGINAL_DOUBLE_FAILED_TIME].i = 60;
	map.opts.v[OPT_MARGINAL_ERR_SAMPLE_TIME].i = 1;
	map.opts.v[OPT_MARGINAL_ERR_RATE_THRESHOLD].i = 0;
	map.opts.v[OPT_MARGINAL_ERR_RECHECK_GAP_TIME].i = 2;
	tick();
	p[1].next_check = p[2].next_check = UINT64_MAX / 2;
	/* the kernel fails it once: the TUR passes, back it goes */
	p[0].kernel_active = false;
	mpxd_marginal_io_failed(&d, &p[0], now_ms);
	check_now(0);
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:0");
	assert_false(mpx_marginal_holds(&p[0].marginal));
	/* and again 5 s later: marginal, sampled by reads, not reinstated */
	now_ms += 5000;
	p[0].kernel_active = false;
	mpxd_marginal_io_failed(&d, &p[0], now_ms);
	assert_int_equal(p[0].marginal.state, MPX_MARGINAL_SAMPLING);
	reads_fail = true;
	nr_sent = 0;
	end = p[0].marginal.until;
	check_now(0);
	assert_int_equal(nr_reads, 1);
	assert_int_equal(disks[0].cmds, 2); /* no TUR: the two before were the checks */
	assert_int_equal(p[0].next_check, now_ms + MPXD_MARGINAL_TEST_IO_MS);
	while (now_ms < end) {
		now_ms += MPXD_MARGINAL_TEST_IO_MS;
		tick();
	}
	assert_int_equal(p[0].marginal.state, MPX_MARGINAL_HELD);
	assert_int_equal(p[0].marginal.last_rate, 1000);
	assert_int_equal(nr_sent, 0);
	/* held: TURs pass, still not reinstated, and checked again when the hold ends */
	end = p[0].marginal.until;
	assert_int_equal(end, now_ms + 2000);
	assert_true(p[0].next_check <= end);
	reads_fail = false;
	while (p[0].marginal.state == MPX_MARGINAL_HELD) {
		now_ms = p[0].next_check;
		tick();
		assert_int_equal(nr_sent, 0);
	}
	assert_true(now_ms == end);
	/* clean reads for the whole sample: back in service */
	end = p[0].marginal.until;
	while (now_ms < end) {
		now_ms += MPXD_MARGINAL_TEST_IO_MS;
		tick();
	}
	assert_int_equal(p[0].marginal.state, MPX_MARGINAL_NO);
	assert_int_equal(p[0].marginal.episodes, 1);
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:0");
	assert_true(p[0].kernel_active);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(marginal_path, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
