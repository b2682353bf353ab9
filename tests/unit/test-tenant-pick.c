// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tenant share stage's pick, as dm-mpx.ko runs it: the heap of waiting
 * tenants (core/tenant-heap.c) under start-time fair queueing
 * (core/tenant-sfq.c), checked against the order's definition (a linear
 * scan with mpx_sfq_before) through random joins, services, departures and
 * priority changes of 1000 tenants; the weighted shares and priorities it
 * gives; and what each kind of bio is charged (core/tenant-cost.c).
 *
 * An instruction-count bench of the pick can start from sfq_scale below.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "tenant-heap.h"
#include "tenant-sfq.h"
#include "tenant-cost.h"

#define NT 1000

static struct mpx_sfq_tenant ts[NT];
static struct mpx_heap_node *heap_v[NT];
static unsigned int backlog[NT];	/* I/Os each tenant has waiting */
static struct mpx_sfq q;

/* xorshift: the same sequence on every run */
static uint64_t rnd_state = 88172645463325252ULL;

static unsigned int rnd(unsigned int n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned int)(rnd_state % n);
}

static void setup_tenants(unsigned int n, bool random_prio)
{
	mpx_sfq_init(&q, heap_v, NT);
	for (unsigned int i = 0; i < n; i++) {
		mpx_sfq_tenant_init(&ts[i], 1 + rnd(1000), random_prio ? rnd(8) : 0);
		backlog[i] = 0;
	}
}

/* The definition: the waiting tenant no other waiting one goes before. */
static struct mpx_sfq_tenant *linear_first(unsigned int n)
{
	struct mpx_sfq_tenant *best = NULL;

	for (unsigned int i = 0; i < n; i++)
		if (backlog[i] && (!best || mpx_sfq_before(&ts[i], best)))
			best = &ts[i];
	return best;
}

static void add_io(unsigned int i)
{
	if (!backlog[i]++)
		mpx_sfq_join(&q, &ts[i]);
}

static void serve_first(void)
{
	struct mpx_sfq_tenant *t = mpx_sfq_first(&q);
	unsigned int i = (unsigned int)(t - ts);

	backlog[i]--;
	mpx_sfq_charge(&q, t, 8 + rnd(256), backlog[i] > 0);
}

/* Random traffic: the heap's first is always the definition's first. */
static void heap_matches_definition(void **state)
{
	unsigned int waiting = 0;

	setup_tenants(NT, true);
	for (unsigned int step = 0; step < 200000; step++) {
		unsigned int i = rnd(NT), op = rnd(100);

		if (op < 45) {
			add_io(i);
		} else if (op < 90) {
			if (mpx_sfq_first(&q))
				serve_first();
		} else if (op < 95) {
			/* a tenant deleted: its I/O goes elsewhere */
			mpx_sfq_leave(&q, &ts[i]);
			backlog[i] = 0;
		} else {
			mpx_sfq_set(&q, &ts[i], 1 + rnd(1000), rnd(8));
		}
		assert_ptr_equal(mpx_sfq_first(&q), linear_first(NT));
		waiting = 0;
		for (unsigned int k = 0; k < NT; k++)
			waiting += backlog[k] > 0;
		assert_int_equal(q.waiting.nr, waiting);
	}
}

/* Backlogged tenants get service in proportion to their weights. */
static void sfq_shares(void **state)
{
	const unsigned int w[4] = { 100, 300, 1, 1000 };
	u64 served[4] = { 0 };
	const u64 total = 1402 * 100;

	mpx_sfq_init(&q, heap_v, NT);
	for (int i = 0; i < 4; i++) {
		mpx_sfq_tenant_init(&ts[i], w[i], 0);
		mpx_sfq_join(&q, &ts[i]);
	}
	for (u64 n = 0; n < total; n++) {
		struct mpx_sfq_tenant *t = mpx_sfq_first(&q);

		assert_non_null(t);
		mpx_sfq_charge(&q, t, 4096, true);
		served[t - ts]++;
	}
	for (int i = 0; i < 4; i++) {
		double want = (double)total * w[i] / 1401;

		assert_true(served[i] >= want * 0.99 - 1 && served[i] <= want * 1.01 + 1);
	}
}

/* An idle tenant does not bank credit; priority is strict. */
static void sfq_idle_and_prio(void **state)
{
	int a = 0, b = 0;

	mpx_sfq_init(&q, heap_v, NT);
	mpx_sfq_tenant_init(&ts[0], 100, 0);
	mpx_sfq_tenant_init(&ts[1], 100, 0);
	mpx_sfq_join(&q, &ts[0]);
	for (int n = 0; n < 1000; n++)
		mpx_sfq_charge(&q, mpx_sfq_first(&q), 4096, true);
	mpx_sfq_join(&q, &ts[1]);
	for (int n = 0; n < 1000; n++) {
		struct mpx_sfq_tenant *t = mpx_sfq_first(&q);

		mpx_sfq_charge(&q, t, 4096, true);
		t == &ts[1] ? b++ : a++;
	}
	/* tenant 1 came back: it shares from now on, it is not owed 1000 I/Os */
	assert_in_range(a, 499, 501);
	mpx_sfq_set(&q, &ts[0], 100, 1);
	for (int n = 0; n < 100; n++) {
		assert_ptr_equal(mpx_sfq_first(&q), &ts[0]);
		mpx_sfq_charge(&q, &ts[0], 4096, true);
	}
	mpx_sfq_charge(&q, &ts[0], 4096, false);
	assert_ptr_equal(mpx_sfq_first(&q), &ts[1]);
	mpx_sfq_leave(&q, &ts[1]);
	assert_null(mpx_sfq_first(&q));
	/* leaving twice, or without waiting, is harmless */
	mpx_sfq_leave(&q, &ts[1]);
	assert_int_equal(q.waiting.nr, 0);
}

/* Equal tags: the tenant waiting longest goes first. */
static void sfq_ties_in_order(void **state)
{
	mpx_sfq_init(&q, heap_v, NT);
	for (int i = 0; i < 10; i++)
		mpx_sfq_tenant_init(&ts[i], 100, 0);
	for (int i = 0; i < 10; i++)
		mpx_sfq_join(&q, &ts[9 - i]);
	for (int i = 0; i < 10; i++) {
		assert_ptr_equal(mpx_sfq_first(&q), &ts[9 - i]);
		mpx_sfq_charge(&q, &ts[9 - i], 4096, false);
	}
}

/* The heap moves to a larger array (the kernel grows it as tenants come). */
static void heap_moves(void **state)
{
	static struct mpx_heap_node *small[8], *big[16];
	struct mpx_heap_node **old;

	mpx_sfq_init(&q, small, 8);
	for (int i = 0; i < 8; i++) {
		mpx_sfq_tenant_init(&ts[i], 1 + i, 0);
		ts[i].finish = (u64)(8 - i) * 100;
		mpx_sfq_join(&q, &ts[i]);
	}
	old = mpx_heap_move(&q.waiting, big, 16);
	assert_ptr_equal(old, small);
	assert_int_equal(q.waiting.cap, 16);
	for (int i = 8; i < 16; i++) {
		mpx_sfq_tenant_init(&ts[i], 1, 0);
		ts[i].finish = 50;
		mpx_sfq_join(&q, &ts[i]);
	}
	/* all sixteen come out in tag order */
	u64 last = 0;

	for (int n = 0; n < 16; n++) {
		struct mpx_sfq_tenant *t = mpx_sfq_first(&q);

		assert_true(t->start >= last);
		last = t->start;
		mpx_sfq_charge(&q, t, 1, false);
	}
	assert_null(mpx_sfq_first(&q));
}

/*
 * 1000 tenants backlogged for 100 rounds each: every one is served in
 * proportion, and the work per pick stays logarithmic (a bound on the
 * comparisons the heap makes, counted through its order function).
 */
static unsigned long comparisons;
static bool (*sfq_order)(const struct mpx_heap_node *, const struct mpx_heap_node *);

static bool counting_order(const struct mpx_heap_node *a, const struct mpx_heap_node *b)
{
	comparisons++;
	return sfq_order(a, b);
}

static void sfq_scale(void **state)
{
	static u64 served[NT];
	const unsigned long picks = NT * 100UL;

	mpx_sfq_init(&q, heap_v, NT);
	sfq_order = q.waiting.before;
	q.waiting.before = counting_order;
	for (int i = 0; i < NT; i++) {
		mpx_sfq_tenant_init(&ts[i], 100, 0);
		mpx_sfq_join(&q, &ts[i]);
		served[i] = 0;
	}
	comparisons = 0;
	for (unsigned long n = 0; n < picks; n++) {
		struct mpx_sfq_tenant *t = mpx_sfq_first(&q);

		served[t - ts]++;
		mpx_sfq_charge(&q, t, 4096, true);
	}
	for (int i = 0; i < NT; i++)
		assert_in_range(served[i], 99, 101);
	/* a sift down a heap of 1000 compares at most 2 * 10 times */
	assert_true(comparisons <= picks * 20);
}

static void cost_kinds(void **state)
{
	struct mpx_io_desc d = { .bytes = 1 << 30 };

	assert_int_equal(mpx_io_kind(&d), MPX_IO_DATA);
	assert_int_equal(mpx_io_charge(MPX_IO_DATA, d.bytes), 1 << 30);
	/* a 1 GiB discard (or secure erase, or write-zeroes) costs 512 bytes */
	d.nodata_op = true;
	assert_int_equal(mpx_io_kind(&d), MPX_IO_NODATA);
	assert_int_equal(mpx_io_charge(MPX_IO_NODATA, d.bytes), 512);
	/* metadata and swap are never held back, whatever they carry */
	d = (struct mpx_io_desc){ .meta_or_swap = true, .bytes = 4096 };
	assert_int_equal(mpx_io_kind(&d), MPX_IO_EXEMPT);
	assert_int_equal(mpx_io_charge(MPX_IO_EXEMPT, d.bytes), 0);
	/* an empty flush is exempt; a flush carrying data is data */
	d = (struct mpx_io_desc){ .flush = true };
	assert_int_equal(mpx_io_kind(&d), MPX_IO_EXEMPT);
	d.bytes = 4096;
	assert_int_equal(mpx_io_kind(&d), MPX_IO_DATA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(heap_matches_definition),
		cmocka_unit_test(sfq_shares),
		cmocka_unit_test(sfq_idle_and_prio),
		cmocka_unit_test(sfq_ties_in_order),
		cmocka_unit_test(heap_moves),
		cmocka_unit_test(sfq_scale),
		cmocka_unit_test(cost_kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
