// SPDX-License-Identifier: GPL-2.0-only
/* Marginal paths: the window, the rate, the backoff and the way back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "maps/marginal.h"

static const struct mpx_marginal_conf mp = {
	.double_failed_ms = 10000,
	.sample_ms = 5000,
	.rate_threshold = 100,
	.recheck_gap_ms = 20000,
};
static const struct mpx_marginal_conf san = {
	.san_threshold = 2,
	.san_forget_rate = 3,
	.san_recovery_ms = 30000,
	.rate_threshold = -1,
};
static const struct mpx_marginal_conf off = { .rate_threshold = -1 };

/* n test reads of which bad fail. */
static void sample(struct mpx_marginal *m, unsigned int n, unsigned int bad)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		mpx_marginal_test_io(m, i >= bad);
}

static void test_off_never_holds(void **state)
{
	struct mpx_marginal m;
	uint64_t t;

	(void)state;
	m = (struct mpx_marginal){ 0 };
	for (t = 1000; t < 100000; t += 100)
		assert_false(mpx_marginal_io_failed(&m, &off, t));
	assert_false(mpx_marginal_holds(&m));
	/* three of the four marginal_path_* keywords are not enough */
	struct mpx_marginal_conf three = mp;
	three.recheck_gap_ms = 0;
	assert_false(mpx_marginal_mp_on(&three));
	three = mp;
	three.rate_threshold = -1;
	assert_false(mpx_marginal_mp_on(&three));
	assert_true(mpx_marginal_mp_on(&mp));
}

static void test_double_failure_window(void **state)
{
	struct mpx_marginal m;

	(void)state;
	m = (struct mpx_marginal){ 0 };
	/* failures further apart than double_failed_time do not count */
	assert_false(mpx_marginal_io_failed(&m, &mp, 1000));
	assert_false(mpx_marginal_io_failed(&m, &mp, 11001));
	assert_false(mpx_marginal_holds(&m));
	/* the second within the window starts a sample at once */
	assert_true(mpx_marginal_io_failed(&m, &mp, 21000));
	assert_int_equal(m.state, MPX_MARGINAL_SAMPLING);
	assert_int_equal(m.until, 26000);
	assert_int_equal(m.episodes, 1);
	/* more failures while held change nothing but stay held */
	assert_true(mpx_marginal_io_failed(&m, &mp, 21500));
	assert_int_equal(m.until, 26000);
}

static void test_rate_at_threshold_is_clean(void **state)
{
	struct mpx_marginal m;

	(void)state;
	m = (struct mpx_marginal){ 0 };
	mpx_marginal_io_failed(&m, &mp, 1000);
	mpx_marginal_io_failed(&m, &mp, 2000);
	sample(&m, 20, 2); /* 100 per thousand: not above the threshold */
	assert_false(mpx_marginal_tick(&m, &mp, 6999));
	assert_true(mpx_marginal_tick(&m, &mp, 7000));
	assert_int_equal(m.state, MPX_MARGINAL_NO);
	assert_int_equal(m.last_rate, 100);
	/* the failures before the hold are forgotten: one more is not a second strike */
	assert_false(mpx_marginal_io_failed(&m, &mp, 8000));
}

static void test_bad_sample_holds_with_backoff(void **state)
{
	struct mpx_marginal m;
	uint64_t t;

	(void)state;
	m = (struct mpx_marginal){ 0 };
	mpx_marginal_io_failed(&m, &mp, 1000);
	mpx_marginal_io_failed(&m, &mp, 2000);
	sample(&m, 10, 2); /* 200 per thousand */
	assert_true(mpx_marginal_tick(&m, &mp, 7000));
	assert_int_equal(m.state, MPX_MARGINAL_HELD);
	assert_int_equal(m.last_rate, 200);
	assert_int_equal(m.until, 7000 + 20000);
	/* the hold ends in a new sample, not in a reinstate */
	assert_false(mpx_marginal_tick(&m, &mp, 26999));
	assert_true(mpx_marginal_tick(&m, &mp, 27000));
	assert_int_equal(m.state, MPX_MARGINAL_SAMPLING);
	assert_int_equal(m.ios, 0);
	/* each bad sample doubles the next hold, up to 8 times */
	t = 27000;
	uint64_t expect[] = { 40000, 80000, 160000, 160000 };
	for (unsigned int i = 0; i < 4; i++) {
		t += 5000;
		sample(&m, 10, 10);
		assert_true(mpx_marginal_tick(&m, &mp, t));
		assert_int_equal(m.state, MPX_MARGINAL_HELD);
		assert_int_equal(m.until - t, expect[i]);
		t = m.until;
		assert_true(mpx_marginal_tick(&m, &mp, t));
	}
	/* a clean sample brings it back and halves the backoff */
	t += 5000;
	sample(&m, 10, 0);
	assert_true(mpx_marginal_tick(&m, &mp, t));
	assert_int_equal(m.state, MPX_MARGINAL_NO);
	assert_int_equal(m.backoff, MPX_MARGINAL_MAX_BACKOFF - 1);
	assert_int_equal(m.last_rate, 0);
}

static void test_no_evidence_extends_sample(void **state)
{
	struct mpx_marginal m;

	(void)state;
	m = (struct mpx_marginal){ 0 };
	mpx_marginal_io_failed(&m, &mp, 1000);
	mpx_marginal_io_failed(&m, &mp, 2000);
	/* no test read finished: neither back nor held longer */
	assert_false(mpx_marginal_tick(&m, &mp, 7000));
	assert_int_equal(m.state, MPX_MARGINAL_SAMPLING);
	assert_int_equal(m.until, 12000);
	/* test reads outside a sample are not counted */
	struct mpx_marginal n;
	n = (struct mpx_marginal){ 0 };
	mpx_marginal_test_io(&n, false);
	assert_int_equal(n.ios, 0);
}

static void test_san_threshold_and_forget(void **state)
{
	struct mpx_marginal m;

	(void)state;
	m = (struct mpx_marginal){ 0 };
	/* threshold 2: the third failure holds */
	assert_false(mpx_marginal_io_failed(&m, &san, 1000));
	assert_false(mpx_marginal_io_failed(&m, &san, 100000));
	/* three good checks forget one failure */
	mpx_marginal_check_ok(&m, &san);
	mpx_marginal_check_ok(&m, &san);
	assert_int_equal(m.failures, 2);
	mpx_marginal_check_ok(&m, &san);
	assert_int_equal(m.failures, 1);
	assert_false(mpx_marginal_io_failed(&m, &san, 200000));
	assert_true(mpx_marginal_io_failed(&m, &san, 300000));
	assert_int_equal(m.state, MPX_MARGINAL_HELD);
	assert_int_equal(m.until, 330000);
	/* after recovery_time it must carry clean test reads (the default sample) */
	assert_true(mpx_marginal_tick(&m, &san, 330000));
	assert_int_equal(m.state, MPX_MARGINAL_SAMPLING);
	assert_int_equal(m.until, 330000 + MPX_MARGINAL_DEFAULT_SAMPLE_MS);
	sample(&m, 50, 1); /* any error is too many without a rate threshold */
	assert_true(mpx_marginal_tick(&m, &san, 340000));
	assert_int_equal(m.state, MPX_MARGINAL_HELD);
	assert_int_equal(m.until, 370000);
	assert_true(mpx_marginal_tick(&m, &san, 370000));
	sample(&m, 50, 0);
	assert_true(mpx_marginal_tick(&m, &san, 380000));
	assert_int_equal(m.state, MPX_MARGINAL_NO);
	assert_int_equal(m.failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_off_never_holds),
		cmocka_unit_test(test_double_failure_window),
		cmocka_unit_test(test_rate_at_threshold_is_clean),
		cmocka_unit_test(test_bad_sample_holds_with_backoff),
		cmocka_unit_test(test_no_evidence_extends_sample),
		cmocka_unit_test(test_san_threshold_and_forget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
