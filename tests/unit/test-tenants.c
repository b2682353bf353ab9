// SPDX-License-Identifier: GPL-2.0-only
/*
 * Following tenants end to end, over tenants-fixture.c's fake cgroup tree
 * and fake target: cgroups found, first entry wins, rules sent once and
 * sent again after a table load, cgroups that appear and go, stale rules
 * deleted, the budget, a target without tenants, a map that cannot
 * answer, a config with nothing to program.
 */
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tenants-fixture.h"
#include "mpxd.h"
#include "tenants/tenants.h"
#include "parse.h"

static void programs_maps(void **state)
{
	tick(0);
	assert_int_equal(d.tenants.nr_cg, 2);
	assert_string_equal(d.tenants.cg[0].entry, "vm-a");	/* first entry wins */
	assert_string_equal(d.tenants.cg[1].entry, "vm-b");
	assert_true(d.tenants.cg[0].io_ok);
	expect_sent("tenant budget 0");
	expect_sent("tenant set %llu weight=300 prio=0 nopath=queue", (unsigned long long)ida);
	expect_sent("tenant set %llu weight=100 prio=0 paths=8:16 nopath=queue",
		    (unsigned long long)idb);
	assert_int_equal(nr_sent, 3);
	assert_int_equal(fk.nr, 2);
	/* the io controller reaches them: "+io" written where it was missing */
	{
		char path[256], buf[16] = "";
		FILE *f;

		snprintf(path, sizeof(path), "%s/mpxtest.slice/cgroup.subtree_control", root);
		f = fopen(path, "r");
		assert_non_null(fgets(buf, sizeof(buf), f));
		fclose(f);
		assert_string_equal(buf, "+io");
	}

	/* nothing changes: nothing is sent, and stats are read once a second */
	tick(100);
	tick(100);
	assert_int_equal(nr_sent, 3);
	assert_int_equal(nr_stats, 1);
	tick(1000);
	assert_int_equal(nr_stats, 2);
	assert_int_equal(nr_sent, 3);

	/* a table loaded by someone else drops the rules: put back at the next look */
	fk.nr = 0;
	tick(1000);
	assert_int_equal(nr_sent, 5);
	assert_int_equal(fk.nr, 2);
	/* mpxd's own table load: at once */
	fk.nr = 0;
	fk.budget = 0;
	mpxd_tenants_map_loaded(&d, &map);
	assert_int_equal(fk.nr, 2);
	assert_int_equal(count_sent("tenant set"), 6);
	assert_int_equal(count_sent("tenant budget"), 2);
}

static void budget_and_stale_rules(void **state)
{
	load_config("\ttenant {\n\t\tname x\n\t\tcgroup nothing.slice\n\t}\n");
	{
		struct conf_error err;
		static const char more[] = "defaults {\n\ttenant_budget 48\n}\n";

		assert_int_equal(mpx_config_add_text(&d.config, "u.conf", more, strlen(more), &err), 0);
	}
	/* left by an earlier run */
	fk.rules[0].id = 999;
	fk.nr = 1;
	fk.has_tn = true;
	tick(0);
	expect_sent("tenant budget 48");
	expect_sent("tenant del 999");
	assert_int_equal(fk.budget, 48);
	assert_int_equal(fk.nr, 1);	/* vm-a's */
	assert_int_equal(find_rule(ida), 0);
}

static void cgroups_come_and_go(void **state)
{
	struct pollfd pfd = { .fd = d.tenants.inotify_fd, .events = POLLIN };
	char path[256];
	uint64_t idc;

	tick(0);
	assert_int_equal(nr_sent, 3);
	mkcg("mpxtest.slice/vm-c.scope");
	idc = ino("mpxtest.slice/vm-c.scope");
	assert_int_equal(poll(&pfd, 1, 1000), 1);	/* inotify saw it */
	mpxd_tenants_event(&d);
	tick(10);
	expect_sent("tenant set %llu weight=100 prio=0 paths=8:16 nopath=queue",
		    (unsigned long long)idc);
	assert_int_equal(d.tenants.nr_cg, 3);

	snprintf(path, sizeof(path), "rm -r %s/mpxtest.slice/vm-c.scope", root);
	assert_int_equal(system(path), 0);
	assert_int_equal(poll(&pfd, 1, 1000), 1);
	mpxd_tenants_event(&d);
	tick(10);
	assert_int_equal(d.tenants.nr_cg, 2);
	/* deleted from the map once its stats confirm the rule is there */
	tick(1000);
	expect_sent("tenant del %llu", (unsigned long long)idc);
	assert_int_equal(find_rule(idc), -1);
	assert_int_equal(fk.nr, 2);

	/* no inotify (say, out of watches): the periodic rescan finds them */
	mkcg("mpxtest.slice/vm-d.scope");
	tick(1000);
	assert_int_equal(d.tenants.nr_cg, 2);
	tick(30000);
	assert_int_equal(d.tenants.nr_cg, 3);
}

/* A target from before tenants refuses the budget, the first message. */
static void target_without_tenants(void **state)
{
	fk.supported = false;
	tick(0);
	tick(1000);
	tick(1000);
	assert_int_equal(nr_sent, 1);
	assert_string_equal(sent[0], "tenant budget 0");
	assert_int_equal(nr_stats, 1);	/* and it is not asked again until a table load */
	mpxd_tenants_map_loaded(&d, &map);
	assert_int_equal(nr_stats, 2);
	assert_int_equal(nr_sent, 2);
}

/* A map that cannot answer (suspended) is asked again when due, not at every turn. */
static void busy_map(void **state)
{
	tick(0);
	assert_int_equal(nr_stats, 1);
	fk.busy = true;
	paths_usable(false);
	tick(1000);
	tick(10);
	tick(10);
	assert_int_equal(nr_stats, 2);
	tick(1000);
	assert_int_equal(nr_stats, 3);
	/* it answers again: vm-a used it, so the episode starts then */
	set_activity(ida, 1, 0);
	fk.busy = false;
	tick(1000);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "1");
	paths_usable(true);
	tick(10);
	assert_string_equal(freeze_of("mpxtest.slice/vm-a.scope"), "0");
}

/* Nothing to program: a table without tenant state is left without. */
static void nothing_to_program(void **state)
{
	load_text("tenants {\n\ttenant {\n\t\tname x\n\t\tcgroup none.slice\n\t}\n}\n");
	tick(0);
	tick(1000);
	assert_int_equal(nr_sent, 0);
	assert_false(fk.has_tn);
	mpx_config_free(&d.config);
	memset(&d.config, 0, sizeof(d.config));
	mpxd_tenants_reconfigured(&d);
	tick(1000);
	tick(1000);
	assert_int_equal(nr_sent, 0);
	assert_int_equal(nr_stats, 3);	/* once after the reload, then no more */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(programs_maps, setup, teardown),
		cmocka_unit_test_setup_teardown(budget_and_stale_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(cgroups_come_and_go, setup, teardown),
		cmocka_unit_test_setup_teardown(target_without_tenants, setup, teardown),
		cmocka_unit_test_setup_teardown(nothing_to_program, setup, teardown),
		cmocka_unit_test_setup_teardown(busy_map, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
