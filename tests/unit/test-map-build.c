// SPDX-License-Identifier: GPL-2.0-only
/* Grouping policies and the table line, checked by the target's parser. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "conf/table-check.h"
#include "maps/map-build.h"
#include "table-parse.h"
#include "ps-grammar.h"

static struct mpx_path_attrs attrs[4];
static struct mpx_build_path paths[4];

static int setup(void **state)
{
	const char *devs[] = { "8:0", "8:16", "8:32", "8:48" };
	int i;

	memset(attrs, 0, sizeof(attrs));
	for (i = 0; i < 4; i++) {
		snprintf(attrs[i].devno, sizeof(attrs[i].devno), "%s", devs[i]);
		attrs[i].have_tpg = true;
		attrs[i].tpg = (uint16_t)(i % 2 ? 2 : 1);	/* 8:0,8:32 in 1; 8:16,8:48 in 2 */
		snprintf(attrs[i].serial, sizeof(attrs[i].serial), "ctl%d", i / 2);
		paths[i].a = &attrs[i];
		paths[i].prio = i % 2 ? 50 : 10;	/* tpg 2 is optimized */
		paths[i].usable = true;
	}
	return 0;
}

/* The generated line must load into the target. */
static void assert_target_accepts(const char *line)
{
	char copy[2048], *argv[256], *save = NULL, *w;
	struct mpx_table t;
	const char *reason = NULL;
	unsigned int argc = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	memset(&t, 0, sizeof(t));
	if (mpx_table_parse(&t, argc, argv, mpx_builtin_grammar, NULL, &reason)) {
		print_error("target refuses \"%s\": %s\n", line, reason);
		fail();
	}
}

/* latency is a module's selector: check the line's shape with its grammar. */
static int lat_path(struct mpx_args *as, struct mpx_ps_conf *c, const char **reason)
{
	return as->argc ? -EINVAL : 0;
}

static int lat_group(struct mpx_args *as, struct mpx_ps_conf *c, const char **reason)
{
	return as->argc <= 1 ? 0 : -EINVAL;
}

static void lat_emit(struct mpx_buf *b, const struct mpx_ps_conf *c)
{
}

static const struct mpx_ps_grammar latency = {
	"latency", 0, 2, lat_group, lat_path, lat_emit, lat_emit,
};

static const struct mpx_ps_grammar *lookup_latency(const char *name, void *data)
{
	return strcmp(name, "latency") ? mpx_builtin_grammar(name, data) : &latency;
}

static void assert_target_accepts_with_latency(const char *line)
{
	char copy[2048], *argv[256], *save = NULL, *w;
	struct mpx_table t;
	const char *reason = NULL;
	unsigned int argc = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	memset(&t, 0, sizeof(t));
	if (mpx_table_parse(&t, argc, argv, lookup_latency, NULL, &reason)) {
		print_error("target refuses \"%s\": %s\n", line, reason);
		fail();
	}
}

static struct mpx_map_opts opts(int pgp)
{
	struct mpx_map_opts o = {
		.v[OPT_PATH_SELECTOR].s = "service-time 0",
		.v[OPT_FEATURES].s = "0",
		.v[OPT_HARDWARE_HANDLER].s = "0",
		.v[OPT_PATH_GROUPING_POLICY].i = pgp,
		.v[OPT_NO_PATH_RETRY].i = MPX_NO_PATH_RETRY_FAIL,
		.v[OPT_RR_MIN_IO_RQ].i = 1,
		.v[OPT_RETAIN_HW_HANDLER].i = false,
	};
	return o;
}

static void check(int pgp, const char *want)
{
	struct mpx_map_plan *plan = malloc(sizeof(*plan));
	struct mpx_map_opts o = opts(pgp);
	char line[2048];

	assert_non_null(plan);
	assert_int_equal(mpx_plan_groups(paths, 4, pgp, plan), 0);
	assert_int_equal(mpx_build_table(paths, plan, &o, line, sizeof(line)), 0);
	if (strcmp(line, want)) {
		print_error("pgp %d:\n got  \"%s\"\n want \"%s\"\n", pgp, line, want);
		fail();
	}
	assert_target_accepts(line);
	free(plan);
}

static void policies(void **state)
{
	check(MPX_PGP_MULTIBUS,
	      "0 0 1 1 service-time 0 4 2 8:0 1 1 8:16 1 1 8:32 1 1 8:48 1 1");
	/* failover: one path per group, best prio first, stable otherwise */
	check(MPX_PGP_FAILOVER,
	      "0 0 4 1 service-time 0 1 2 8:16 1 1 service-time 0 1 2 8:48 1 1 "
	      "service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:32 1 1");
	check(MPX_PGP_GROUP_BY_PRIO,
	      "0 0 2 1 service-time 0 2 2 8:16 1 1 8:48 1 1 service-time 0 2 2 8:0 1 1 8:32 1 1");
	check(MPX_PGP_GROUP_BY_TPG,
	      "0 0 2 1 service-time 0 2 2 8:16 1 1 8:48 1 1 service-time 0 2 2 8:0 1 1 8:32 1 1");
	/* group_by_serial: ctl0 = 8:0,8:16 (avg 30) ties ctl1, first seen first */
	check(MPX_PGP_GROUP_BY_SERIAL,
	      "0 0 2 1 service-time 0 2 2 8:0 1 1 8:16 1 1 service-time 0 2 2 8:32 1 1 8:48 1 1");
}

static void unusable_paths_do_not_count(void **state)
{
	struct mpx_map_plan *plan = malloc(sizeof(*plan));

	assert_non_null(plan);
	paths[1].usable = false;
	paths[3].usable = false;	/* the optimized group is down */
	assert_int_equal(mpx_plan_groups(paths, 4, MPX_PGP_GROUP_BY_TPG, plan), 0);
	assert_int_equal(plan->pgs[0].prio, 10);
	assert_int_equal(mpx_plan_group_of(plan, 0), 1);
	assert_int_equal(mpx_plan_group_of(plan, 1), 2);
	assert_int_equal(plan->initial_pg, 1);
	/* with prio ties broken by order, a group with no usable path is not initial */
	paths[0].usable = paths[2].usable = false;
	paths[1].usable = true;
	assert_int_equal(mpx_plan_groups(paths, 4, MPX_PGP_FAILOVER, plan), 0);
	assert_int_equal(plan->order[plan->pgs[plan->initial_pg - 1].first], 1);
	paths[0].usable = paths[2].usable = true;
	paths[1].usable = paths[3].usable = true;
	free(plan);
}

static void features(void **state)
{
	struct mpx_map_opts o = opts(MPX_PGP_MULTIBUS);
	char buf[256];

	assert_int_equal(mpx_build_features(&o, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "0");
	o.v[OPT_NO_PATH_RETRY].i = MPX_NO_PATH_RETRY_QUEUE;
	assert_int_equal(mpx_build_features(&o, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "1 queue_if_no_path");
	o.v[OPT_NO_PATH_RETRY].i = 12;
	o.v[OPT_FEATURES].s = "3 queue_if_no_path pg_init_retries 50";
	o.v[OPT_RETAIN_HW_HANDLER].i = true;
	assert_int_equal(mpx_build_features(&o, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "4 pg_init_retries 50 queue_if_no_path retain_attached_hw_handler");
	/* no_path_retry fail removes queueing the features asked for */
	o.v[OPT_NO_PATH_RETRY].i = MPX_NO_PATH_RETRY_FAIL;
	o.v[OPT_FEATURES].s = "1 queue_if_no_path";
	o.v[OPT_RETAIN_HW_HANDLER].i = false;
	assert_int_equal(mpx_build_features(&o, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "0");
	assert_int_equal(mpx_build_features(&o, buf, 1), -ENOSPC);
}

static void round_robin_and_hw(void **state)
{
	struct mpx_map_plan *plan = malloc(sizeof(*plan));
	struct mpx_map_opts o = opts(MPX_PGP_GROUP_BY_PRIO);
	char line[1024];

	assert_non_null(plan);
	o.v[OPT_PATH_SELECTOR].s = "round-robin 0";
	o.v[OPT_HARDWARE_HANDLER].s = "1 alua";
	o.v[OPT_RR_MIN_IO_RQ].i = 3;
	o.v[OPT_NO_PATH_RETRY].i = 5;
	assert_int_equal(mpx_plan_groups(paths, 4, (int)o.v[OPT_PATH_GROUPING_POLICY].i, plan), 0);
	assert_int_equal(mpx_build_table(paths, plan, &o, line, sizeof(line)), 0);
	assert_string_equal(line, "1 queue_if_no_path 1 alua 2 1 round-robin 0 2 1 8:16 3 8:48 3 "
				  "round-robin 0 2 1 8:0 3 8:32 3");
	assert_target_accepts(line);
	assert_int_equal(mpx_build_table(paths, plan, &o, line, 20), -ENOSPC);
	/* selectors in modules: latency takes no per-path words */
	o.v[OPT_PATH_SELECTOR].s = "latency 1 50";
	assert_int_equal(mpx_build_table(paths, plan, &o, line, sizeof(line)), 0);
	assert_string_equal(line, "1 queue_if_no_path 1 alua 2 1 latency 1 50 2 0 8:16 8:48 "
				  "latency 1 50 2 0 8:0 8:32");
	assert_target_accepts_with_latency(line);
	o.v[OPT_PATH_SELECTOR].s = "historical-service-time 0";
	assert_int_equal(mpx_build_table(paths, plan, &o, line, sizeof(line)), 0);
	assert_non_null(strstr(line, "historical-service-time 0 2 1 8:16 3 8:48 3"));
	/* tabs and runs of blanks in values: the table has single spaces */
	o.v[OPT_PATH_SELECTOR].s = " round-robin\t 0 ";
	o.v[OPT_HARDWARE_HANDLER].s = "1\talua";
	assert_int_equal(mpx_build_table(paths, plan, &o, line, sizeof(line)), 0);
	assert_string_equal(line, "1 queue_if_no_path 1 alua 2 1 round-robin 0 2 1 8:16 3 8:48 3 "
				  "round-robin 0 2 1 8:0 3 8:32 3");
	free(plan);
}

/* rr_weight priorities: repeat count = rr_min_io_rq x prio, as multipath-tools writes it. */
static void rr_weight(void **state)
{
	struct mpx_map_plan *plan = malloc(sizeof(*plan));
	struct mpx_map_opts o = opts(MPX_PGP_GROUP_BY_PRIO);
	char line[1024];

	assert_non_null(plan);
	o.v[OPT_PATH_SELECTOR].s = "round-robin 0";
	o.v[OPT_RR_MIN_IO_RQ].i = 3;
	assert_int_equal(mpx_plan_groups(paths, 4, MPX_PGP_GROUP_BY_PRIO, plan), 0);
	o.v[OPT_RR_WEIGHT].i = MPX_RR_WEIGHT_UNIFORM;
	assert_int_equal(mpx_build_table(paths, plan, &o, line, sizeof(line)), 0);
	assert_string_equal(line, "0 0 2 1 round-robin 0 2 1 8:16 3 8:48 3 "
				  "round-robin 0 2 1 8:0 3 8:32 3");
	o.v[OPT_RR_WEIGHT].i = MPX_RR_WEIGHT_PRIORITIES;
	assert_int_equal(mpx_build_table(paths, plan, &o, line, sizeof(line)), 0);
	assert_string_equal(line, "0 0 2 1 round-robin 0 2 1 8:16 150 8:48 150 "
				  "round-robin 0 2 1 8:0 30 8:32 30");
	assert_target_accepts(line);
	/* service-time: the weight is its repeat count, the throughput stays 1 */
	o.v[OPT_PATH_SELECTOR].s = "service-time 0";
	assert_int_equal(mpx_build_table(paths, plan, &o, line, sizeof(line)), 0);
	assert_string_equal(line, "0 0 2 1 service-time 0 2 2 8:16 150 1 8:48 150 1 "
				  "service-time 0 2 2 8:0 30 1 8:32 30 1");
	assert_target_accepts(line);
	/* a path of priority 0 (or below) keeps rr_min_io_rq; a huge one stays a 32-bit count */
	paths[0].prio = 0;
	paths[2].prio = -1;
	paths[1].prio = paths[3].prio = 2000000000;
	o.v[OPT_PATH_SELECTOR].s = "round-robin 0";
	assert_int_equal(mpx_plan_groups(paths, 4, MPX_PGP_GROUP_BY_PRIO, plan), 0);
	assert_int_equal(mpx_build_table(paths, plan, &o, line, sizeof(line)), 0);
	assert_string_equal(line, "0 0 3 1 round-robin 0 2 1 8:16 4294967295 8:48 4294967295 "
				  "round-robin 0 1 1 8:0 3 round-robin 0 1 1 8:32 3");
	assert_target_accepts(line);
	/* latency takes no per-path words: nothing to weigh */
	o.v[OPT_PATH_SELECTOR].s = "latency 0";
	assert_int_equal(mpx_build_table(paths, plan, &o, line, sizeof(line)), 0);
	assert_null(strstr(line, "4294967295"));
	free(plan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(policies, setup),
		cmocka_unit_test_setup(unusable_paths_do_not_count, setup),
		cmocka_unit_test(features),
		cmocka_unit_test_setup(round_robin_and_hw, setup),
		cmocka_unit_test_setup(rr_weight, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
