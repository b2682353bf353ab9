// SPDX-License-Identifier: GPL-2.0-only
/*
 * dm-target/core/tenant-failover.c: the map's failover state as the
 * stats show it, which tenant bios go ahead of I/O held for a failover,
 * and how long a tenant's held I/O has waited.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tenant-failover.h"

static enum mpx_failover state(unsigned int held, unsigned int valid, bool activating)
{
	struct mpx_fo_map m = { .held = held, .valid_paths = valid, .activating = activating };

	return mpx_failover_of(&m);
}

static void map_states(void **st)
{
	assert_int_equal(state(0, 2, false), MPX_FO_NONE);
	/* held with a usable path: the dispatcher sends it again */
	assert_int_equal(state(3, 1, false), MPX_FO_RETRY);
	/* an activation holds new I/O even before any is held */
	assert_int_equal(state(0, 1, true), MPX_FO_ACTIVATION);
	assert_int_equal(state(5, 1, true), MPX_FO_ACTIVATION);
	/* no path: held I/O is in the no-path queue, whatever else runs */
	assert_int_equal(state(5, 0, true), MPX_FO_NOPATH);
	assert_int_equal(state(1, 0, false), MPX_FO_NOPATH);
	/* nothing held and no path: nothing waits (yet) */
	assert_int_equal(state(0, 0, false), MPX_FO_NONE);
}

static void words_parse_back(void **st)
{
	unsigned int f;

	for (f = 0; f < MPX_FO_NR; f++)
		assert_int_equal(mpx_failover_parse(mpx_failover_name(f)), (int)f);
	assert_string_equal(mpx_failover_name(MPX_FO_NOPATH), "nopath");
	assert_string_equal(mpx_failover_name(MPX_FO_ACTIVATION), "activation");
	assert_string_equal(mpx_failover_name(99), "none");
	assert_int_equal(mpx_failover_parse("NOPATH"), -EINVAL);
	assert_int_equal(mpx_failover_parse(""), -EINVAL);
}

static void who_goes_ahead(void **st)
{
	struct mpx_fo_bio b = { .affinity = true, .path = true };

	/* affinity, nothing of its own held, a path: at once */
	assert_true(mpx_fo_goes_ahead(&b));
	/* its own held I/O first */
	b.own_held = 1;
	assert_false(mpx_fo_goes_ahead(&b));
	b.own_held = 0;
	/* without affinity, behind the held I/O like the map's own */
	b.affinity = false;
	assert_false(mpx_fo_goes_ahead(&b));
	b.affinity = true;
	/* no path it may use */
	b.path = false;
	assert_false(mpx_fo_goes_ahead(&b));
	b.path = true;
	/* an activation: on a path of another group yes, of that group no */
	b.activating = true;
	assert_true(mpx_fo_goes_ahead(&b));
	b.path_activating = true;
	assert_false(mpx_fo_goes_ahead(&b));
	/* the same group with no activation running is just a path */
	b.activating = false;
	assert_true(mpx_fo_goes_ahead(&b));
}

static void held_time(void **st)
{
	assert_int_equal(mpx_fo_held_ms(0, 1000000, 9000000000ULL), 0);
	assert_int_equal(mpx_fo_held_ms(3, 1000000000ULL, 3500000000ULL), 2500);
	assert_int_equal(mpx_fo_held_ms(1, 1000000, 1999999), 0);
	/* a start stamped after the clock was read (a race): not negative */
	assert_int_equal(mpx_fo_held_ms(1, 5000000000ULL, 4000000000ULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(map_states),
		cmocka_unit_test(words_parse_back),
		cmocka_unit_test(who_goes_ahead),
		cmocka_unit_test(held_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
