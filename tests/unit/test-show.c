// SPDX-License-Identifier: GPL-2.0-only
/*
 * "show topology" prints the table the kernel has, not the configured
 * selector, features and handler: the dm seam is wrapped to answer with a
 * table that differs from the map's options in each of them.
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

#include "checkers/checker.h"
#include "ctl/cmd-table.h"
#include "ctl/ctl.h"
#include "maps/selector-modules.h"
#include "mpxd.h"
#include "seams/alua.h"
#include "seams/dm-seam.h"
#include "tenants/tenants.h"

static const char *kernel_table; /* NULL: the map has no table */

int __wrap_mpx_dm_table(const char *name, char **ret)
{
	assert_string_equal(name, "mpatha");
	if (!kernel_table)
		return -ENXIO;
	*ret = strdup(kernel_table);
	return 0;
}

/* What show.c calls outside the table: not this test's subject. */
const char *mpx_checker_name(int kind)
{
	return "tur";
}
const char *mpx_alua_name(enum mpx_alua a)
{
	return "active/optimized";
}
int mpxd_kernel_selectors(struct mpxd *d, char **ret)
{
	return -ENOSYS;
}
int mpxd_tenants_show(struct mpxd *d, bool json, FILE *f)
{
	return 0;
}
bool mpxd_policy_has(struct mpxd_policy *p, int hook)
{
	return false;
}

static struct mpxd d;
static struct mpxd_map map, *maps[1] = { &map };
static struct mpxd_path p[2], *mps[2] = { &p[0], &p[1] };

static int setup(void **state)
{
	int i;

	memset(&d, 0, sizeof(d));
	memset(&map, 0, sizeof(map));
	for (i = 0; i < 2; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		snprintf(p[i].a.devnode, sizeof(p[i].a.devnode), "sd%c", 'a' + i);
		snprintf(p[i].a.devno, sizeof(p[i].a.devno), "8:%d", 16 * i);
		snprintf(p[i].a.hctl, sizeof(p[i].a.hctl), "%d:0:0:0", i + 2);
		snprintf(p[i].a.vendor, sizeof(p[i].a.vendor), "LIO-ORG");
		snprintf(p[i].a.product, sizeof(p[i].a.product), "disk");
		p[i].map = &map;
		p[i].state = MPX_PATH_UP;
		p[i].kernel_active = i == 0;
		p[i].prio = 50 - 40 * i;
		p[i].pg = 1; /* mpxd's plan: one group; the kernel's table has two */
	}
	snprintf(map.name, sizeof(map.name), "mpatha");
	snprintf(map.wwid, sizeof(map.wwid), "3600a0");
	map.paths = mps;
	map.nr_paths = 2;
	map.live = true;
	map.sectors = 131072;
	map.kernel_pg = 1;
	/* what the configuration asks for */
	map.opts.v[OPT_PATH_SELECTOR].s = "historical-service-time 0";
	map.opts.v[OPT_FEATURES].s = "0";
	map.opts.v[OPT_HARDWARE_HANDLER].s = "0";
	map.opts.v[OPT_NO_PATH_RETRY].i = MPX_NO_PATH_RETRY_FAIL;
	d.maps = maps;
	d.nr_maps = 1;
	return 0;
}

static void topology(bool json, char *buf, size_t len)
{
	char *words[] = { "show", "topology" };
	struct mpx_cmd_req q;
	FILE *f = fmemopen(buf, len, "w");

	assert_non_null(f);
	assert_int_equal(mpx_cmd_match(words, 2, &q), 0);
	q.json = json;
	assert_int_equal(mpxd_show_topology(&d, &q, f), 0);
	fclose(f);
}

static void prints_the_kernels_table(void **state)
{
	static const char want[] =
		"mpatha (3600a0) LIO-ORG,disk\n"
		"size=64M features='2 queue_if_no_path retain_attached_hw_handler' hwhandler='1 alua'\n"
		/* (what the config asks for, and where each value came from) */
		"origins: path_grouping_policy failover: built in; prio const: built in; "
		"path_selector \"historical-service-time 0\": built in; hardware_handler \"0\": "
		"built in; failback 0: built in\n"
		"|-+- policy='historical-service-time 2 972 0' status=active\n"
		"| `- 2:0:0:0 sda 8:0 active ready prio=50\n"
		"`-+- policy='service-time 0' status=enabled\n"
		"  |- 3:0:0:0 sdb 8:16 failed ready prio=10\n"
		"  `- ? ? 8:32 (not a path mpxd knows)\n";
	char out[2048];

	kernel_table = "2 queue_if_no_path retain_attached_hw_handler 1 alua 2 1 "
		       "historical-service-time 2 972 0 1 1 8:0 0 "
		       "service-time 0 2 2 8:16 1 1 8:32 1 1 ";
	topology(false, out, sizeof(out));
	if (strcmp(out, want)) {
		print_error("got:\n%swant:\n%s", out, want);
		fail();
	}
	topology(true, out, sizeof(out));
	assert_non_null(strstr(out,
			       "\"kernel_table\":\"2 queue_if_no_path retain_attached_hw_handler "
			       "1 alua 2 1 historical-service-time 2 972 0 "));
}

static void no_table(void **state)
{
	char out[2048];

	kernel_table = NULL;
	topology(false, out, sizeof(out));
	assert_string_equal(out, "mpatha (3600a0) LIO-ORG,disk\n"
				 "size=64M (no table in the kernel: No such device or address)\n");
	topology(true, out, sizeof(out));
	assert_non_null(strstr(out, "\"kernel_table\":null"));
	/* a table the parser refuses says why */
	kernel_table = "0 0 1 1 round-robin 0 1 1 8:0 x";
	topology(false, out, sizeof(out));
	assert_non_null(
		strstr(out, "(no table in the kernel: round-robin ps: invalid repeat count)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(prints_the_kernels_table, setup),
		cmocka_unit_test_setup(no_table, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
