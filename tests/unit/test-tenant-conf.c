// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tenants section of mpx.conf: entries, their values and defaults,
 * path_affinity's forms, and the errors (file:line and why) for what is
 * wrong: missing name or cgroup, duplicate names, values out of the
 * target's ranges, cgroup paths that leave the tree.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "kw.h"
#include "parse.h"
#include "tenant-bucket.h"

#include "conf-helpers.h"

static void entries_and_defaults(void **state)
{
	static const char text[] =
		"defaults {\n"
		"\ttenant_budget 64\n"
		"\tmigrate_hook /usr/local/bin/migrate-vm\n"
		"}\n"
		"tenants {\n"
		"\ttenant {\n"
		"\t\tname gold\n"
		"\t\tcgroup \"machine.slice/machine-qemu*gold*.scope\"\n"
		"\t\tweight 400\n"
		"\t\tpriority 7\n"
		"\t\tiops_limit 2000\n"
		"\t\tbps_limit 104857600\n"
		"\t\tpath_affinity \"tpg 0x100\"\n"
		"\t\ton_failover suspend\n"
		"\t\tsuspend_timeout 2.5\n"
		"\t\ton_no_path migrate\n"
		"\t}\n"
		"\ttenant {\n"
		"\t\tname rest\n"
		"\t\tcgroup /machine.slice/*\n"
		"\t}\n"
		"}\n";
	struct mpx_config c;
	struct conf_error err;
	const struct mpx_optset *g, *r;

	assert_int_equal(load(&c, text, &err), 0);
	assert_int_equal(c.nr_warnings, 0);
	assert_int_equal(c.nr_tenants, 2);
	assert_int_equal(mpx_conf_get(&c, OPT_TENANT_BUDGET, NULL, NULL).i, 64);
	assert_string_equal(mpx_conf_get(&c, OPT_MIGRATE_HOOK, NULL, NULL).s,
			    "/usr/local/bin/migrate-vm");
	g = &c.tenants[0];
	r = &c.tenants[1];
	assert_string_equal(mpx_tenant_get(g, OPT_TENANT_NAME).s, "gold");
	assert_string_equal(mpx_tenant_get(g, OPT_CGROUP).s, "machine.slice/machine-qemu*gold*.scope");
	assert_int_equal(mpx_tenant_get(g, OPT_WEIGHT).i, 400);
	assert_int_equal(mpx_tenant_get(g, OPT_PRIORITY).i, 7);
	assert_int_equal(mpx_tenant_get(g, OPT_IOPS_LIMIT).i, 2000);
	assert_int_equal(mpx_tenant_get(g, OPT_BPS_LIMIT).i, 104857600);
	assert_string_equal(mpx_tenant_get(g, OPT_PATH_AFFINITY).s, "tpg 0x100");
	assert_int_equal(mpx_tenant_get(g, OPT_ON_FAILOVER).i, MPX_ON_FAILOVER_SUSPEND);
	assert_int_equal(mpx_tenant_get(g, OPT_SUSPEND_TIMEOUT).i, 2500);
	assert_int_equal(mpx_tenant_get(g, OPT_ON_NO_PATH).i, MPX_ON_NO_PATH_MIGRATE);
	assert_int_equal(g->at[OPT_WEIGHT].line, 9);
	assert_int_equal(g->at[OPT_WEIGHT].index, 1);
	assert_string_equal(g->at[OPT_WEIGHT].section, "tenants");
	/* what an entry leaves out: the built-in values */
	assert_int_equal(mpx_tenant_get(r, OPT_WEIGHT).i, 100);
	assert_int_equal(mpx_tenant_get(r, OPT_PRIORITY).i, 0);
	assert_int_equal(mpx_tenant_get(r, OPT_IOPS_LIMIT).i, 0);
	assert_null(mpx_tenant_get(r, OPT_PATH_AFFINITY).s);
	assert_int_equal(mpx_tenant_get(r, OPT_ON_FAILOVER).i, MPX_ON_FAILOVER_NONE);
	assert_int_equal(mpx_tenant_get(r, OPT_SUSPEND_TIMEOUT).i, 60000);
	assert_int_equal(mpx_tenant_get(r, OPT_FAILOVER_FREEZE_DELAY).i, 1000);
	assert_int_equal(mpx_tenant_get(r, OPT_ON_NO_PATH).i, MPX_ON_NO_PATH_QUEUE);
	mpx_config_free(&c);

	/* nothing configured: budget automatic, no hook, no entries */
	assert_int_equal(load(&c, "", &err), 0);
	assert_int_equal(mpx_conf_get(&c, OPT_TENANT_BUDGET, NULL, NULL).i, 0);
	assert_null(mpx_conf_get(&c, OPT_MIGRATE_HOOK, NULL, NULL).s);
	assert_int_equal(c.nr_tenants, 0);
	mpx_config_free(&c);
}

/* How long a failover may hold a tenant's I/O before it is frozen. */
static void freeze_delay(void **state)
{
	static const char text[] = "tenants {\n\ttenant {\n\t\tname t\n\t\tcgroup a.slice\n"
				   "\t\tfailover_freeze_delay 0.25\n\t}\n}\n";
	struct mpx_config c;
	struct conf_error err;

	assert_int_equal(load(&c, text, &err), 0);
	assert_int_equal(c.nr_warnings, 0);
	assert_int_equal(mpx_tenant_get(&c.tenants[0], OPT_FAILOVER_FREEZE_DELAY).i, 250);
	assert_int_equal(c.tenants[0].at[OPT_FAILOVER_FREEZE_DELAY].line, 5);
	mpx_config_free(&c);
}

/* Entries add up over the files read, and names stay unique across them. */
static void dropins(void **state)
{
	struct mpx_config c;
	struct conf_error err;
	static const char a[] = "tenants {\n\ttenant {\n\t\tname a\n\t\tcgroup x.slice\n\t}\n}\n";
	static const char b[] = "tenants {\n\ttenant {\n\t\tname b\n\t\tcgroup y.slice\n\t}\n}\n";

	assert_int_equal(load(&c, a, &err), 0);
	assert_int_equal(mpx_config_add_text(&c, "b.conf", b, strlen(b), &err), 0);
	assert_int_equal(c.nr_tenants, 2);
	assert_int_not_equal(mpx_config_add_text(&c, "c.conf", a, strlen(a), &err), 0);
	assert_string_equal(err.file, "c.conf");
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.msg, "tenant \"a\" is already defined at t.conf:3"));
	mpx_config_free(&c);
}

static void errors(void **state)
{
#define T(body) "tenants {\n\ttenant {\n\t\tname t\n\t\tcgroup a.slice\n" body "\t}\n}\n"
	expect_error("tenants {\n\ttenant {\n\t\tcgroup a.slice\n\t}\n}\n", 2,
		     "tenant entry without \"name\"");
	expect_error("tenants {\n\ttenant {\n\t\tname t\n\t}\n}\n", 2,
		     "tenant \"t\" without \"cgroup\"");
	expect_error(T("\t\tweight 0\n"), 5, "weight: invalid value \"0\"");
	expect_error(T("\t\tweight 1001\n"), 5, "weight: invalid value");
	expect_error(T("\t\tpriority 8\n"), 5, "priority: invalid value");
	expect_error(T("\t\tiops_limit -1\n"), 5, "iops_limit");
	{
		char text[256];

		snprintf(text, sizeof(text), T("\t\tbps_limit %llu\n"),
			 (unsigned long long)MPX_BUCKET_MAX_RATE + 1);
		expect_error(text, 5, "bps_limit");
	}
	expect_error(T("\t\ton_failover freeze\n"), 5, "on_failover: invalid value \"freeze\"");
	expect_error(T("\t\ton_no_path retry\n"), 5, "on_no_path");
	expect_error(T("\t\tsuspend_timeout 0.5\n"), 5, "suspend_timeout");
	expect_error(T("\t\tfailover_freeze_delay -1\n"), 5, "failover_freeze_delay");
	expect_error(T("\t\tfailover_freeze_delay 3601\n"), 5,
		     "failover_freeze_delay: invalid value \"3601\"");
	expect_error(T("\t\tfailover_freeze_delay soon\n"), 5, "failover_freeze_delay");
	expect_error(T("\t\tpath_affinity \"group 0\"\n"), 5, "group: a group number");
	expect_error(T("\t\tpath_affinity \"tpg 70000\"\n"), 5, "tpg: a target port group id");
	expect_error(T("\t\tpath_affinity \"paths\"\n"), 5, "expected \"group N\"");
	expect_error(T("\t\tpath_affinity \"paths sdb,../x\"\n"), 5, "paths: devices are");
	expect_error(T("\t\tpath_affinity \"paths a b c d e f g h i j k l m n o p q\"\n"), 5,
		     "at most 16 paths");
	/* unquoted, the value is the first word: the reason says to quote it */
	expect_error(T("\t\tpath_affinity group 2\n"), 5, "quoted");
	expect_error("tenants {\n\ttenant {\n\t\tname \"a b\"\n\t\tcgroup a.slice\n\t}\n}\n", 3,
		     "name: invalid value");
	expect_error("tenants {\n\ttenant {\n\t\tname t\n\t\tcgroup \"/\"\n\t}\n}\n", 4,
		     "not the root");
	expect_error("tenants {\n\ttenant {\n\t\tname t\n\t\tcgroup ../etc\n\t}\n}\n", 4,
		     "\"..\" are not allowed");
	expect_error("tenants {\n\ttenant {\n\t\tname t\n\t\tcgroup a//b\n\t}\n}\n", 4,
		     "empty component");
	expect_error("tenants {\n\ttenant {\n\t\tname t\n\t\tcgroup a/./b\n\t}\n}\n", 4,
		     "\".\" and \"..\"");
	expect_error("defaults {\n\tmigrate_hook migrate.sh\n}\n", 2, "absolute path");
	expect_error("defaults {\n\ttenant_budget 65537\n}\n", 2, "tenant_budget");
#undef T
}

static void warnings(void **state)
{
	struct mpx_config c;
	struct conf_error err;

	assert_int_equal(load(&c, "defaults {\n\tweight 3\n}\n"
				  "tenants {\n\tfoo bar\n\ttenant {\n\t\tname t\n\t\tcgroup a\n"
				  "\t\tno_path_retry 3\n\t\twieght 2\n\t}\n}\n", &err), 0);
	assert_true(has_warning(&c, "t.conf:2: keyword \"weight\" does not belong in defaults"));
	assert_true(has_warning(&c, "t.conf:5: \"foo\" in tenants: expected \"tenant { ... }\""));
	assert_true(has_warning(&c, "t.conf:9: keyword \"no_path_retry\" does not belong in tenants"));
	assert_true(has_warning(&c, "t.conf:10: unknown keyword \"wieght\" in tenants (did you mean \"weight\"?)"));
	assert_int_equal(c.nr_tenants, 1);
	mpx_config_free(&c);
}

static void affinity_forms(void **state)
{
	struct mpx_affinity a;
	const char *reason;

	assert_int_equal(mpx_affinity_parse(NULL, &a, &reason), 0);
	assert_int_equal(a.kind, MPX_AFF_NONE);
	assert_int_equal(mpx_affinity_parse("none", &a, &reason), 0);
	assert_int_equal(a.kind, MPX_AFF_NONE);
	assert_int_equal(mpx_affinity_parse("group 2", &a, &reason), 0);
	assert_int_equal(a.kind, MPX_AFF_GROUP);
	assert_int_equal(a.n, 2);
	assert_int_equal(mpx_affinity_parse("tpg 0x200", &a, &reason), 0);
	assert_int_equal(a.kind, MPX_AFF_TPG);
	assert_int_equal(a.n, 0x200);
	assert_int_equal(mpx_affinity_parse("tpg 0", &a, &reason), 0);
	assert_int_equal(a.n, 0);
	assert_int_equal(mpx_affinity_parse("paths /dev/sdb, 8:32 sdc", &a, &reason), 0);
	assert_int_equal(a.kind, MPX_AFF_PATHS);
	assert_int_equal(a.nr_paths, 3);
	assert_string_equal(a.paths[0], "sdb");
	assert_string_equal(a.paths[1], "8:32");
	assert_string_equal(a.paths[2], "sdc");
	assert_int_equal(mpx_affinity_parse("path sdb", &a, &reason), 0);
	assert_int_equal(a.nr_paths, 1);
	assert_int_equal(mpx_affinity_parse("group 1 2", &a, &reason), -EINVAL);
	assert_int_equal(mpx_affinity_parse("tpg -1", &a, &reason), -EINVAL);
	assert_int_equal(mpx_affinity_parse("sdb", &a, &reason), -EINVAL);
	assert_non_null(reason);
}

/* "mpxctl show config" prints the entries, and what it prints loads back. */
static void print_round_trip(void **state)
{
	static const char text[] =
		"tenants {\n\ttenant {\n\t\tname gold\n\t\tcgroup \"a.slice/b*\"\n"
		"\t\tpath_affinity \"paths sdb,sdc\"\n\t\tweight 7\n\t}\n}\n";
	struct mpx_config c, again;
	struct conf_error err;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	assert_int_equal(load(&c, text, &err), 0);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	mpx_config_print(&c, f);
	fclose(f);
	assert_non_null(strstr(out, "tenants {\n\ttenant {\n\t\tname                         \"gold\""));
	assert_non_null(strstr(out, "tenants[1] at t.conf:4"));
	assert_int_equal(load(&again, out, &err), 0);
	assert_int_equal(again.nr_tenants, 1);
	assert_string_equal(again.tenants[0].v[OPT_PATH_AFFINITY].s, "paths sdb,sdc");
	assert_int_equal(again.tenants[0].v[OPT_WEIGHT].i, 7);
	mpx_config_free(&again);
	mpx_config_free(&c);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(entries_and_defaults),
		cmocka_unit_test(freeze_delay),
		cmocka_unit_test(dropins),
		cmocka_unit_test(errors),
		cmocka_unit_test(warnings),
		cmocka_unit_test(affinity_forms),
		cmocka_unit_test(print_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
