// SPDX-License-Identifier: GPL-2.0-only
/*
 * The iops bucket's share of tokens taken ahead (core/tenant-bucket.h):
 * what the data path takes without its lock and clock, and that the limit
 * holds with it. The caller is played as mpx-tenant-io.c plays it: the
 * share first, else the bucket under the lock, then a new share.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tenant-bucket.h"

#define MS 1000000ULL
#define S 1000000000ULL

/* One I/O at now as limit_or_share and mpx_tenant_admit take it: true if it goes. */
static bool io(struct mpx_bucket *iops, struct mpx_bucket *bps, u64 bytes, u64 now, bool *locked)
{
	*locked = false;
	if (mpx_bucket_take_fast(iops))
		return true;
	*locked = true;
	if (mpx_bucket_take_fast(iops) || !mpx_limits_admit(iops, bps, bytes, now)) {
		mpx_limits_advance(iops, bps);
		return true;
	}
	return false;
}

static s64 share(struct mpx_bucket *b)
{
	return atomic64_read(&b->fast);
}

/* 1/16 of the burst moves out at the first I/O; the next ones take it lock-free. */
static void share_taken_lock_free(void **state)
{
	struct mpx_bucket iops, bps;
	bool locked;
	int slow = 0;

	mpx_bucket_init(&iops, 64000, 0);	/* burst 16000, share 1000 */
	mpx_bucket_init(&bps, 0, 0);
	assert_int_equal(iops.advance, 1000);
	assert_int_equal(share(&iops), 0);
	assert_true(io(&iops, &bps, 4096, 0, &locked));
	assert_true(locked);
	assert_int_equal(share(&iops), 1000);
	assert_int_equal(iops.tokens, (16000 - 1 - 1000) * S);
	for (int i = 0; i < 1000; i++) {
		assert_true(io(&iops, &bps, 4096, 0, &locked));
		slow += locked;
	}
	assert_int_equal(slow, 0);
	assert_int_equal(share(&iops), 0);
	/* used up: the next I/O takes the lock and moves the next share */
	assert_true(io(&iops, &bps, 4096, 0, &locked));
	assert_true(locked);
	assert_int_equal(share(&iops), 1000);
}

/* A small bucket keeps no share; one of 16 tokens a share of one. */
static void share_size(void **state)
{
	struct mpx_bucket iops, bps;
	bool locked;

	mpx_bucket_init(&bps, 0, 0);
	mpx_bucket_init(&iops, 60, 0);		/* burst 15 */
	assert_int_equal(iops.advance, 0);
	for (int i = 0; i < 15; i++) {
		assert_true(io(&iops, &bps, 4096, 0, &locked));
		assert_true(locked);
	}
	assert_false(io(&iops, &bps, 4096, 0, &locked));
	mpx_bucket_init(&iops, 64, 0);		/* burst 16 */
	assert_int_equal(iops.advance, 1);
	mpx_bucket_init(&iops, 0, 0);
	assert_int_equal(iops.advance, 0);
}

/* The bucket runs dry: the share takes what is left, then I/O waits. */
static void share_exhausted(void **state)
{
	struct mpx_bucket iops, bps;
	bool locked;
	int n = 0;

	mpx_bucket_init(&iops, 640, 0);	/* burst 160, share 10 */
	mpx_bucket_init(&bps, 0, 0);
	while (io(&iops, &bps, 4096, 0, &locked))
		n++;
	assert_int_equal(n, 160);
	assert_true(locked);
	assert_int_equal(share(&iops), 0);
	assert_int_equal(iops.tokens, 0);
	/* 1/640 s later one token has come: this I/O goes, no share is left to move */
	assert_int_equal(mpx_bucket_wait(&iops, 1, 0), S / 640);
	assert_true(io(&iops, &bps, 4096, S / 640, &locked));
	assert_int_equal(share(&iops), 0);
	assert_false(io(&iops, &bps, 4096, S / 640, &locked));
	/* 10 ms: 6.4 tokens, one for the I/O and a share of the 5 left */
	assert_true(io(&iops, &bps, 4096, S / 640 + 10 * MS, &locked));
	assert_int_equal(share(&iops), 5);
}

/* The refill counts the share as the bucket's: both together hold one burst. */
static void share_refill_counts_it(void **state)
{
	struct mpx_bucket iops, bps;
	bool locked;

	mpx_bucket_init(&iops, 64000, 0);
	mpx_bucket_init(&bps, 0, 0);
	assert_true(io(&iops, &bps, 4096, 0, &locked));
	/* idle for an hour: the bucket fills up to the burst less the share */
	assert_int_equal(mpx_bucket_wait(&iops, 1, 3600 * S), 0);
	assert_int_equal(iops.tokens + share(&iops) * (s64)S, 16000 * S);
	assert_int_equal(share(&iops), 1000);
	/* a share taken half: the refill has room for that half only */
	for (int i = 0; i < 500; i++)
		assert_true(mpx_bucket_take_fast(&iops));
	assert_int_equal(mpx_bucket_wait(&iops, 1, 7200 * S), 0);
	assert_int_equal(iops.tokens + share(&iops) * (s64)S, 16000 * S);
}

static const u64 rates[] = { 63, 64, 1000, 64000, 1000000 };

/*
 * A caller that never stops, waking exactly when told to: over 10 s it
 * gets the rate and at most one burst more (the bucket's own bound; the
 * share adds nothing to it), whatever the share's size.
 */
static void share_limit_over_window(void **state)
{
	for (unsigned int r = 0; r < ARRAY_SIZE(rates); r++) {
		struct mpx_bucket iops, bps;
		u64 now = 3 * S, end = now + 10 * S, got = 0;
		bool locked;

		mpx_bucket_init(&iops, rates[r], now);
		mpx_bucket_init(&bps, 0, now);
		while (now < end) {
			if (io(&iops, &bps, 4096, now, &locked)) {
				got++;
				continue;
			}
			now += mpx_bucket_wait(&iops, 1, now);
		}
		assert_true(got >= rates[r] * 10);
		assert_true(got <= rates[r] * 10 + rates[r] / 4 + 1);
	}
}

/* A caller at 90% of the limit: everything goes, the lock once a share. */
static void share_under_limit(void **state)
{
	for (unsigned int r = 0; r < ARRAY_SIZE(rates); r++) {
		struct mpx_bucket iops, bps;
		u64 now = 3 * S, step = 10 * S / (9 * rates[r]), got = 0, slow = 0;
		bool locked;

		mpx_bucket_init(&iops, rates[r], now);
		mpx_bucket_init(&bps, 0, now);
		for (; got < rates[r] * 9; now += step) {
			assert_true(io(&iops, &bps, 4096, now, &locked));
			got++;
			slow += locked;
		}
		if (iops.advance)
			assert_true(slow <= got / iops.advance + 1);
		else
			assert_int_equal(slow, got);
	}
}

/* A rule change drops the share: its tokens go back, and none is taken after. */
static void share_dropped_on_change(void **state)
{
	struct mpx_bucket iops, bps;
	bool locked;

	mpx_bucket_init(&iops, 64000, 0);
	mpx_bucket_init(&bps, 0, 0);
	assert_true(io(&iops, &bps, 4096, 0, &locked));
	assert_true(mpx_bucket_take_fast(&iops));
	assert_int_equal(share(&iops), 999);
	/* as apply() does for a new bps limit: the share skips the bps bucket */
	mpx_bucket_drop_share(&iops);
	mpx_bucket_init(&bps, 4096 * 40, 0);	/* 10 I/Os of 4k a burst */
	assert_int_equal(share(&iops), 0);
	assert_false(mpx_bucket_take_fast(&iops));
	assert_int_equal(iops.tokens, (16000 - 2) * S);
	/* with a bps limit, no share: every I/O sees both buckets */
	for (int i = 0; i < 10; i++) {
		assert_true(io(&iops, &bps, 4096, 0, &locked));
		assert_true(locked);
		assert_int_equal(share(&iops), 0);
	}
	assert_false(io(&iops, &bps, 4096, 0, &locked));
	/* a new iops limit starts a full bucket and no share */
	mpx_bucket_init(&bps, 0, 0);
	assert_true(io(&iops, &bps, 4096, 0, &locked));
	assert_true(share(&iops) > 0);
	mpx_bucket_drop_share(&iops);
	mpx_bucket_init(&iops, 640, 0);
	assert_int_equal(share(&iops), 0);
	assert_int_equal(iops.tokens, 160 * S);
	assert_false(mpx_bucket_take_fast(&iops));
	/* and no limit at all: nothing is taken ahead, everything goes */
	mpx_bucket_drop_share(&iops);
	mpx_bucket_init(&iops, 0, 0);
	for (int i = 0; i < 1000; i++)
		assert_true(io(&iops, &bps, 4096, 0, &locked));
	assert_int_equal(share(&iops), 0);
}

/* Dropping what is not there changes nothing (a tenant without limits). */
static void share_drop_empty(void **state)
{
	struct mpx_bucket b = { 0 };

	mpx_bucket_drop_share(&b);
	assert_int_equal(b.tokens, 0);
	mpx_bucket_init(&b, 64000, 0);
	mpx_bucket_drop_share(&b);
	assert_int_equal(b.tokens, 16000 * S);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(share_taken_lock_free),   cmocka_unit_test(share_size),
		cmocka_unit_test(share_exhausted),         cmocka_unit_test(share_refill_counts_it),
		cmocka_unit_test(share_limit_over_window), cmocka_unit_test(share_under_limit),
		cmocka_unit_test(share_dropped_on_change), cmocka_unit_test(share_drop_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
