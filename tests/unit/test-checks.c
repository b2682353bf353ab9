// SPDX-License-Identifier: GPL-2.0-only
/*
 * What check results do: fail_path / reinstate_path, the adaptive
 * interval, sibling checks, failback modes, no_path_retry. The worker,
 * path and policy functions maps/path-checks.c calls are faked here;
 * messages to the target are recorded at the dm seam.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "maps/map-policy.h"
#include "maps/path-checks.h"
#include "maps/paths.h"
#include "maps/persist.h"
#include "mpxd.h"
#include "seams/dm-seam.h"
#include "parse.h"
#include <mpx/policy.h>
#include "policy/policy.h"
#include "maps/workers.h"

static uint64_t now_ms;
static char sent[16][64];
static int nr_sent;
static struct mpxd_job queue[256];
static int nr_queued, nr_submitted;

uint64_t mpxd_now(void) { return now_ms; }

/* the target: messages maps/target.c sends are recorded */
int __wrap_mpx_dm_message(const char *name, const char *msg, char **ret_response)
{
	snprintf(sent[nr_sent++ % 16], 64, "%s", msg);
	return 0;
}

int mpxd_path_refresh(struct mpxd *d, struct mpxd_path *p) { return 0; }

/* No policy modules here, but for the analyze verdict a test sets. */
static int verdict;
bool mpxd_policy_has(struct mpxd_policy *p, int hook) { return false; }
void mpxd_policy_get(struct mpxd_policy *p) { }
void mpxd_policy_put(struct mpxd_policy *p) { }
void mpxd_wire_path(const struct mpxd_path *p, struct mpxw_path *w) { }
int mpxd_policy_analyze(struct mpxd *d, struct mpxd_path *p, const struct mpx_sg_result *s)
{
	return verdict;
}
int mpxd_policy_affected(struct mpxd *d, struct mpxd_path *failed,
			 void (*fn)(struct mpxd *d, struct mpxd_path *p, struct mpxd_path *failed))
{
	return -ENOSYS;
}
int mpxd_policy_activate(struct mpxd *d, struct mpxd_map *m, unsigned int group)
{
	return -ENOSYS;
}
void mpxd_persist_path_back(struct mpxd *d, struct mpxd_path *p) { }

int mpxd_workers_submit(struct mpxd_workers *w, const struct mpxd_job *job)
{
	nr_submitted++;
	return 0;
}

int mpxd_workers_take(struct mpxd_workers *w, struct mpxd_job *ret)
{
	if (!nr_queued)
		return -EAGAIN;
	*ret = queue[--nr_queued];
	return 0;
}

static struct mpxd d;
static struct mpxd_map map;
static struct mpxd_path p[3], *ps[3], *mps[3];
static struct mpxd_map *maps[1] = { &map };

static void load_config(const char *text)
{
	struct conf_error err;

	mpx_config_free(&d.config);
	assert_int_equal(mpx_config_add_text(&d.config, "t.conf", text, strlen(text), &err), 0);
}

static int setup(void **state)
{
	int i;

	memset(&d, 0, sizeof(d));
	memset(&map, 0, sizeof(map));
	mpx_log_init(&d.log, "test", LOG_ERR);
	load_config("defaults {\n polling_interval 1\n max_polling_interval 8\n checker_timeout 2\n}\n");
	for (i = 0; i < 3; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		snprintf(p[i].a.devnode, sizeof(p[i].a.devnode), "sd%c", 'a' + i);
		snprintf(p[i].a.devno, sizeof(p[i].a.devno), "8:%d", 16 * i);
		p[i].a.host = i < 2 ? 1 : 2;	/* sda and sdb share host 1 */
		p[i].map = &map;
		p[i].kernel_active = true;
		p[i].pg = (unsigned int)i + 1;
		p[i].generation = (uint64_t)i + 1;
		ps[i] = &p[i];
		mps[i] = &p[i];
	}
	d.paths = ps;
	d.nr_paths = 3;
	map.paths = mps;
	map.nr_paths = 3;
	map.live = true;
	map.kernel_pg = 1;
	map.opts.v[OPT_FAILBACK].i = MPX_FAILBACK_MANUAL;
	map.opts.v[OPT_NO_PATH_RETRY].i = MPX_NO_PATH_RETRY_FAIL;
	d.maps = maps;
	d.nr_maps = 1;
	now_ms = 10000;
	nr_sent = nr_queued = nr_submitted = 0;
	verdict = 0;
	return 0;
}

static int teardown(void **state)
{
	mpx_config_free(&d.config);
	return 0;
}

/* Run due checks, then deliver the result for path i. */
static void result(int i, enum mpx_path_state st)
{
	mpxd_checks_run(&d, now_ms);
	queue[nr_queued] = (struct mpxd_job){ .generation = p[i].generation, .result = st };
	snprintf(queue[nr_queued].rep.msg, sizeof(queue[0].rep.msg), "fake");
	nr_queued++;
	mpxd_checks_collect(&d);
}

static void interval_grows_and_resets(void **state)
{
	mpxd_checks_run(&d, now_ms);
	assert_int_equal(nr_submitted, 3);	/* every path is due at start */
	/* the others answer once and stay quiet for this test */
	p[1].check_started = p[2].check_started = 0;
	p[1].next_check = p[2].next_check = UINT64_MAX / 2;
	result(0, MPX_PATH_UP);
	assert_int_equal(p[0].interval, 1000);	/* a change: polling_interval */
	assert_int_equal(p[0].next_check, now_ms + 1000);
	now_ms += 1000;
	result(0, MPX_PATH_UP);
	assert_int_equal(p[0].interval, 2000);
	now_ms += 2000;
	result(0, MPX_PATH_UP);
	now_ms += 4000;
	result(0, MPX_PATH_UP);
	now_ms += 8000;
	result(0, MPX_PATH_UP);
	assert_int_equal(p[0].interval, 8000);	/* max_polling_interval */
	assert_int_equal(nr_sent, 0);
	result(0, MPX_PATH_DOWN);
	assert_int_equal(p[0].interval, 1000);
}

static void down_fails_and_checks_siblings(void **state)
{
	p[1].next_check = now_ms + 5000;
	p[2].next_check = now_ms + 5000;
	result(0, MPX_PATH_UP);
	result(0, MPX_PATH_DOWN);
	assert_int_equal(nr_sent, 1);
	assert_string_equal(sent[0], "fail_path 8:0");
	assert_false(p[0].kernel_active);
	assert_int_equal(p[1].next_check, 0);		/* same host: checked now */
	assert_int_equal(p[2].next_check, now_ms + 5000);	/* other host: not */
	/* a second down result sends nothing more */
	now_ms += 1000;
	result(0, MPX_PATH_DOWN);
	assert_int_equal(nr_sent, 1);
	/* up again: reinstated; manual failback leaves the group alone */
	map.kernel_pg = 2;
	now_ms += 1000;
	result(0, MPX_PATH_UP);
	assert_int_equal(nr_sent, 2);
	assert_string_equal(sent[1], "reinstate_path 8:0");
	assert_true(p[0].kernel_active);
	/* a ghost (ALUA standby) is usable: it is reinstated too */
	result(2, MPX_PATH_DOWN);
	result(2, MPX_PATH_GHOST);
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:32");
}

static void failback_modes(void **state)
{
	map.opts.v[OPT_FAILBACK].i = MPX_FAILBACK_IMMEDIATE;
	result(0, MPX_PATH_DOWN);
	map.kernel_pg = 2;
	result(0, MPX_PATH_UP);
	assert_string_equal(sent[nr_sent - 1], "switch_group 1");
	assert_int_equal(map.kernel_pg, 1);

	/* followover: only the first path back in its group moves I/O */
	map.opts.v[OPT_FAILBACK].i = MPX_FAILBACK_FOLLOWOVER;
	p[1].pg = 1;		/* sda and sdb in group 1 */
	result(0, MPX_PATH_DOWN);
	map.kernel_pg = 3;
	result(0, MPX_PATH_UP);	/* sdb was still active in group 1 */
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:0");
	result(0, MPX_PATH_DOWN);
	result(1, MPX_PATH_DOWN);
	map.kernel_pg = 3;
	result(1, MPX_PATH_UP);	/* the first of group 1 back */
	assert_string_equal(sent[nr_sent - 1], "switch_group 1");

	/* failback 5: deferred */
	load_config("defaults {\n polling_interval 1\n}\n");
	map.opts.v[OPT_FAILBACK].i = 5;
	result(0, MPX_PATH_UP);
	result(1, MPX_PATH_DOWN);
	map.kernel_pg = 3;
	result(1, MPX_PATH_UP);
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:16");
	assert_int_equal(map.failback_at, now_ms + 5000);
	mpxd_maps_timers(&d, now_ms + 4999);
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:16");
	mpxd_maps_timers(&d, now_ms + 5000);
	assert_string_equal(sent[nr_sent - 1], "switch_group 1");
}

static void no_path_retry(void **state)
{
	int i;

	map.opts.v[OPT_NO_PATH_RETRY].i = 3;
	for (i = 0; i < 3; i++)
		result(i, MPX_PATH_DOWN);
	mpxd_maps_timers(&d, now_ms);
	assert_int_equal(map.no_path_since, now_ms);
	mpxd_maps_timers(&d, now_ms + 2999);
	assert_false(map.queue_disabled_by_npr);
	mpxd_maps_timers(&d, now_ms + 3000);
	assert_true(map.queue_disabled_by_npr);
	assert_string_equal(sent[nr_sent - 1], "fail_if_no_path");
	now_ms += 4000;
	result(1, MPX_PATH_UP);
	mpxd_maps_timers(&d, now_ms);
	assert_false(map.queue_disabled_by_npr);
	assert_string_equal(sent[nr_sent - 1], "queue_if_no_path");
	assert_int_equal(map.no_path_since, 0);
}

static void hung_check_counts_as_down(void **state)
{
	mpxd_checks_run(&d, now_ms);
	assert_int_not_equal(p[0].check_started, 0);
	mpxd_checks_run(&d, now_ms + 2600);	/* past checker_timeout 2 s + grace */
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_string_equal(p[0].check_msg, "check timed out");
	assert_string_equal(sent[0], "fail_path 8:0");
	/* no second check of a path whose check still hangs */
	nr_submitted = 0;
	mpxd_checks_run(&d, now_ms + 10000);
	assert_int_equal(nr_submitted, 0);
	/* the late answer still counts */
	queue[nr_queued++] = (struct mpxd_job){ .generation = 1, .result = MPX_PATH_UP };
	now_ms += 10000;
	mpxd_checks_collect(&d);
	assert_int_equal(p[0].state, MPX_PATH_UP);
	assert_int_equal(p[0].check_started, 0);
}

/*
 * A thousand-path start: at most MPXD_MAX_CHECKS checks run at once, the
 * others wait their turn without the wait counting against their timeout,
 * and the next pass starts the ones not checked yet.
 */
static void checks_at_most_max_at_once(void **state)
{
	static struct mpxd_path many[200], *pp[200], *mp[200];
	int i, started = 0, down = 0;

	for (i = 0; i < 200; i++) {
		memset(&many[i], 0, sizeof(many[i]));
		snprintf(many[i].a.devnode, sizeof(many[i].a.devnode), "sd%d", i);
		snprintf(many[i].a.devno, sizeof(many[i].a.devno), "8:%d", i);
		many[i].a.host = (unsigned int)i;
		many[i].map = &map;
		many[i].kernel_active = true;
		many[i].pg = 1;
		many[i].generation = (uint64_t)i + 100;
		pp[i] = mp[i] = &many[i];
	}
	d.paths = pp;
	d.nr_paths = 200;
	map.paths = mp;
	map.nr_paths = 200;
	mpxd_checks_run(&d, now_ms);
	assert_int_equal(nr_submitted, MPXD_MAX_CHECKS);
	for (i = 0; i < 200; i++)
		started += many[i].check_started != 0;
	assert_int_equal(started, MPXD_MAX_CHECKS);
	assert_int_not_equal(many[0].check_started, 0);
	assert_int_equal(many[MPXD_MAX_CHECKS].check_started, 0);
	/* past the timeout: only the checks that ran that long fail their paths */
	now_ms += 2600;
	mpxd_checks_run(&d, now_ms);
	assert_int_equal(nr_submitted, MPXD_MAX_CHECKS);	/* no slot freed */
	for (i = 0; i < 200; i++)
		down += many[i].state == MPX_PATH_DOWN;
	assert_int_equal(down, MPXD_MAX_CHECKS);
	assert_int_equal(many[MPXD_MAX_CHECKS].state, MPX_PATH_UNCHECKED);
	/* they answer: the next ones start, not the same again */
	for (i = 0; i < MPXD_MAX_CHECKS; i++)
		queue[nr_queued++] = (struct mpxd_job){ .generation = many[i].generation,
							.result = MPX_PATH_UP };
	mpxd_checks_collect(&d);
	mpxd_checks_run(&d, now_ms);
	assert_int_equal(nr_submitted, 2 * MPXD_MAX_CHECKS);
	for (i = 0; i < 200; i++)
		assert_int_equal(many[i].check_started != 0,
				 i >= MPXD_MAX_CHECKS && i < 2 * MPXD_MAX_CHECKS);
}

/* A map not in the kernel yet gets no messages; its first load fails the down paths. */
static void no_messages_before_the_map_exists(void **state)
{
	map.live = false;
	result(0, MPX_PATH_DOWN);
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_int_equal(nr_sent, 0);
	assert_true(p[0].kernel_active);
	map.live = true;
	now_ms += 1000;
	result(0, MPX_PATH_DOWN);
	assert_int_equal(nr_sent, 1);
	assert_string_equal(sent[0], "fail_path 8:0");
}

static void policy_verdicts(void **state)
{
	/* a check that saw sense data defers to the policy's reading of it */
	result(0, MPX_PATH_UP);
	verdict = MPX_POL_VERDICT_RETRY;	/* transitioning: no fail, look soon */
	queue[nr_queued] = (struct mpxd_job){ .generation = 1, .result = MPX_PATH_DOWN };
	queue[nr_queued].rep.have_sense = true;
	nr_queued++;
	mpxd_checks_run(&d, now_ms);
	mpxd_checks_collect(&d);
	assert_int_equal(p[0].state, MPX_PATH_UP);
	assert_int_equal(nr_sent, 0);
	assert_int_equal(p[0].next_check, now_ms + 250);
	verdict = MPX_POL_VERDICT_TARGET_ERROR;	/* the LUN's problem: path up */
	queue[nr_queued] = (struct mpxd_job){ .generation = 1, .result = MPX_PATH_DOWN };
	queue[nr_queued].rep.have_sense = true;
	nr_queued++;
	mpxd_checks_collect(&d);
	assert_int_equal(p[0].state, MPX_PATH_UP);
	assert_int_equal(nr_sent, 0);
	verdict = MPX_POL_VERDICT_PATH_FAILED;	/* a GOOD-looking outcome the policy fails */
	queue[nr_queued] = (struct mpxd_job){ .generation = 1, .result = MPX_PATH_UP };
	queue[nr_queued].rep.have_sense = true;
	nr_queued++;
	mpxd_checks_collect(&d);
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_string_equal(sent[0], "fail_path 8:0");
	verdict = MPX_POL_VERDICT_REGROUP;
	queue[nr_queued] = (struct mpxd_job){ .generation = 1, .result = MPX_PATH_UP };
	queue[nr_queued].rep.have_sense = true;
	nr_queued++;
	static struct mpxd_policy fake = { .name = "fake" };

	map.policy = &fake;		/* the verdict comes from the fake analyze above */
	map.dirty = false;
	mpxd_checks_collect(&d);
	assert_true(map.dirty);
	map.policy = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(interval_grows_and_resets, setup, teardown),
		cmocka_unit_test_setup_teardown(down_fails_and_checks_siblings, setup, teardown),
		cmocka_unit_test_setup_teardown(failback_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(no_path_retry, setup, teardown),
		cmocka_unit_test_setup_teardown(hung_check_counts_as_down, setup, teardown),
		cmocka_unit_test_setup_teardown(policy_verdicts, setup, teardown),
		cmocka_unit_test_setup_teardown(checks_at_most_max_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(no_messages_before_the_map_exists, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
