// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tenant token buckets and messages: the module's own C (the fair-share
 * pick is test-tenant-pick.c's).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tenant-bucket.h"
#include "tenant-parse.h"

#define MS 1000000ULL
#define S 1000000000ULL

static void bucket_unlimited(void **state)
{
	struct mpx_bucket b;

	mpx_bucket_init(&b, 0, 0);
	for (int i = 0; i < 100000; i++)
		assert_true(mpx_bucket_take(&b, 1 << 20, 0));
	assert_int_equal(mpx_bucket_wait(&b, 1 << 20, 0), 0);
}

/* Over a long run a saturating caller gets the rate, within one burst. */
static void bucket_rate(void **state)
{
	const u64 rates[] = { 1, 7, 2000, 100000, 1ULL << 30 };

	for (unsigned int r = 0; r < ARRAY_SIZE(rates); r++) {
		struct mpx_bucket b;
		u64 now = 5 * S, got = 0, cost = rates[r] > 1000000 ? 65536 : 1;
		u64 end = now + 10 * S;

		mpx_bucket_init(&b, rates[r], now);
		while (now < end) {
			u64 w = mpx_bucket_wait(&b, cost, now);

			if (w) {
				now += w;	/* a timer firing exactly then */
				continue;
			}
			assert_true(mpx_bucket_take(&b, cost, now));
			got += cost;
		}
		/* 10 s worth, plus the initial burst (1/4 s, at least one token) */
		u64 want = rates[r] * 10, burst = rates[r] / 4 ? rates[r] / 4 : 1;

		assert_true(got >= want);
		assert_true(got <= want + burst + cost);
	}
}

static void bucket_burst_and_idle(void **state)
{
	struct mpx_bucket b;
	int n = 0;

	mpx_bucket_init(&b, 2000, 0);
	while (mpx_bucket_take(&b, 1, 0))
		n++;
	assert_int_equal(n, 500);		/* 1/4 s of 2000/s */
	/* 0.5 ms later: one more */
	assert_false(mpx_bucket_take(&b, 1, 400000));
	assert_true(mpx_bucket_take(&b, 1, 500000));
	assert_int_equal(mpx_bucket_wait(&b, 1, 500000), 500000);
	/* idle for an hour: still only one burst, no overflow */
	n = 0;
	while (mpx_bucket_take(&b, 1, 3600 * S))
		n++;
	assert_int_equal(n, 500);
	/* the clock going backwards refills nothing and breaks nothing */
	assert_false(mpx_bucket_take(&b, 1, 1 * S));
}

static void bucket_big_cost(void **state)
{
	struct mpx_bucket b;

	/*
	 * 100 bytes/s: a 1 MiB I/O never fits the 25-byte bucket; it passes on a
	 * full bucket and leaves it owing, so the next waits for 1 MiB's worth
	 */
	mpx_bucket_init(&b, 100, 0);
	assert_true(mpx_bucket_take(&b, 1 << 20, 0));
	assert_false(mpx_bucket_take(&b, 1, 0));
	assert_int_equal(mpx_bucket_wait(&b, 1 << 20, 0), 10485760ULL * MS);
	assert_false(mpx_bucket_take(&b, 1 << 20, 10485759ULL * MS));
	assert_true(mpx_bucket_take(&b, 1 << 20, 10485760ULL * MS));
	/* a cost beyond 4 GiB counts as 4 GiB: no overflow */
	mpx_bucket_init(&b, 1000, 0);
	assert_true(mpx_bucket_take(&b, UINT64_MAX, 0));
	assert_int_equal(mpx_bucket_wait(&b, 1, 0), (4294967296ULL + 1 - 250) * MS);
	/* the largest rate does not overflow */
	mpx_bucket_init(&b, MPX_BUCKET_MAX_RATE, 0);
	assert_true(mpx_bucket_take(&b, 1 << 30, 0));
	assert_true(mpx_bucket_take(&b, 1 << 30, 1));
	mpx_bucket_init(&b, UINT64_MAX, 0);
	assert_int_equal(b.rate, MPX_BUCKET_MAX_RATE);
}

static void limits_both(void **state)
{
	struct mpx_bucket iops, bps;

	mpx_bucket_init(&iops, 40, 0);		/* burst 10 */
	mpx_bucket_init(&bps, 4 * 4096, 0);	/* burst 4096 */
	assert_int_equal(mpx_limits_admit(&iops, &bps, 4096, 0), 0);
	/* bps is out: neither bucket is charged */
	assert_int_equal(mpx_limits_admit(&iops, &bps, 4096, 0), 250 * MS);
	assert_int_equal(iops.tokens, 9 * S);
	assert_int_equal(mpx_limits_admit(&iops, &bps, 4096, 250 * MS), 0);
	/* now iops is the tighter one */
	mpx_bucket_init(&bps, 0, 0);
	for (int i = 0; i < 9; i++)
		assert_int_equal(mpx_limits_admit(&iops, &bps, 4096, 250 * MS), 0);
	/* the bucket was full again at 250 ms: 10 - 1 - 9 = 0 left */
	assert_int_equal(mpx_limits_admit(&iops, &bps, 4096, 250 * MS), 25 * MS);
	assert_int_equal(mpx_limits_admit(&iops, &bps, 4096, 275 * MS), 0);
}

/* Parse a message given as one string; words split on spaces. */
static int parse(const char *line, struct mpx_tenant_spec *t, const char **reason)
{
	static char buf[512];
	static char *argv[32];
	unsigned int argc = 0;
	char *p;

	strcpy(buf, line);
	for (p = strtok(buf, " "); p; p = strtok(NULL, " "))
		argv[argc++] = p;
	return mpx_tenant_parse(argc, argv, t, reason);
}

static void parse_good(void **state)
{
	struct mpx_tenant_spec t;
	const char *reason = NULL;

	assert_int_equal(parse("tenant set 4242", &t, &reason), 0);
	assert_int_equal(t.verb, MPX_TENANT_SET);
	assert_int_equal(t.id, 4242);
	assert_int_equal(t.weight, 100);
	assert_int_equal(t.prio, 0);
	assert_int_equal(t.iops, 0);
	assert_int_equal(t.group, 0);
	assert_int_equal(t.nr_paths, 0);
	assert_false(t.fail_if_no_path);

	assert_int_equal(parse("tenant set 7 weight=300 prio=7 iops=2000 bps=1048576 paths=8:16,8:32,/dev/sdd nopath=fail",
			       &t, &reason), 0);
	assert_int_equal(t.weight, 300);
	assert_int_equal(t.prio, 7);
	assert_int_equal(t.iops, 2000);
	assert_int_equal(t.bps, 1048576);
	assert_int_equal(t.nr_paths, 3);
	assert_string_equal(t.paths[0], "8:16");
	assert_string_equal(t.paths[2], "/dev/sdd");
	assert_true(t.fail_if_no_path);

	assert_int_equal(parse("tenant set default weight=1 group=2", &t, &reason), 0);
	assert_int_equal(t.id, 0);
	assert_int_equal(t.group, 2);
	assert_int_equal(parse("tenant del default", &t, &reason), 0);
	assert_int_equal(t.id, 0);
	assert_int_equal(parse("tenant del 18446744073709551615", &t, &reason), 0);
	assert_int_equal(t.verb, MPX_TENANT_DEL);
	assert_int_equal(t.id, UINT64_MAX);
	assert_int_equal(parse("tenant budget 0", &t, &reason), 0);
	assert_int_equal(t.verb, MPX_TENANT_BUDGET);
	assert_int_equal(parse("tenant budget 65536", &t, &reason), 0);
	assert_int_equal(t.budget, 65536);
}

static void parse_bad(void **state)
{
	static const struct {
		const char *line;
		unsigned int bad_word;
		const char *reason_part;
	} cases[] = {
		{ "tenant", 0, "expected" },
		{ "tenant set", 0, "expected" },
		{ "tenant add 5", 0, "set, del or budget" },
		{ "tenant set 0", 0, "positive" },
		{ "tenant set -1", 0, "positive" },
		{ "tenant set 18446744073709551616", 0, "positive" },
		{ "tenant del 5 weight=3", 0, "only the cgroup id" },
		{ "tenant set 5 weight=0", 3, "weight" },
		{ "tenant set 5 weight=1001", 3, "weight" },
		{ "tenant set 5 weight=", 3, "weight" },
		{ "tenant set 5 prio=8", 3, "prio" },
		{ "tenant set 5 iops=100000001", 3, "iops" },
		{ "tenant set 5 iops=12k", 3, "iops" },
		{ "tenant set 5 bps=17179869185", 3, "bps" },
		{ "tenant set 5 group=0", 3, "group" },
		{ "tenant set 5 paths=8:16 group=1", 4, "group" },
		{ "tenant set 5 group=1 paths=8:16", 4, "exclude" },
		{ "tenant set 5 paths=8:16 paths=8:32", 4, "exclude" },
		{ "tenant set 5 paths=", 3, "devices" },
		{ "tenant set 5 paths=8:16,", 3, "devices" },
		{ "tenant set 5 paths=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", 3, "16" },
		{ "tenant set 5 nopath=maybe", 3, "nopath" },
		{ "tenant set 5 weigth=3", 3, "unknown option" },
		{ "tenant set 5 weight", 3, "unknown option" },
		{ "tenant budget", 0, "expected" },
		{ "tenant budget 65537", 0, "budget" },
		{ "tenant budget 1 2", 0, "budget" },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		struct mpx_tenant_spec t;
		const char *reason = NULL;

		if (parse(cases[i].line, &t, &reason) != -EINVAL || !reason ||
		    !strstr(reason, cases[i].reason_part) || t.bad_word != cases[i].bad_word)
			fail_msg("\"%s\": reason \"%s\", word %u", cases[i].line,
				 reason ? reason : "(none)", t.bad_word);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bucket_unlimited),
		cmocka_unit_test(bucket_rate),
		cmocka_unit_test(bucket_burst_and_idle),
		cmocka_unit_test(bucket_big_cost),
		cmocka_unit_test(limits_both),
		cmocka_unit_test(parse_good),
		cmocka_unit_test(parse_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
