// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "tenant set" message for each option, path_affinity resolved against
 * a map's paths (group, ALUA target port group, device names), and every
 * message read back by the target's own parser (dm-target/core/
 * tenant-parse.c), so mpxd never sends what the kernel refuses.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mpxd.h"
#include "tenants/tenants.h"
#include "parse.h"
#include "tenant-bucket.h"
#include "tenant-parse.h"

static struct mpxd_path p[20], *mps[20];
static struct mpxd_map map;

static int setup(void **state)
{
	static const unsigned int tpg[] = { 0x100, 0x200, 0x100 };
	int i;

	memset(&map, 0, sizeof(map));
	for (i = 0; i < 3; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		snprintf(p[i].a.devnode, sizeof(p[i].a.devnode), "sd%c", 'a' + i);
		snprintf(p[i].a.devno, sizeof(p[i].a.devno), "8:%d", 16 * i);
		p[i].a.have_tpg = true;
		p[i].a.tpg = (uint16_t)tpg[i];
		p[i].pg = tpg[i] == 0x100 ? 1 : 2;
		mps[i] = &p[i];
	}
	map.paths = mps;
	map.nr_paths = 3;
	return 0;
}

static struct mpx_tenant_rule rule(uint64_t id)
{
	struct mpx_tenant_rule r = { .id = id, .weight = 100, .prio = 0 };

	return r;
}

/* The target's parser takes the message, and reads back what was meant. */
static void kernel_reads(const char *msg, const struct mpx_tenant_rule *r,
			 const char *paths)
{
	char copy[512], *argv[32], *save = NULL, *w;
	struct mpx_tenant_spec spec;
	const char *reason = NULL;
	unsigned int argc = 0, i;
	char joined[256] = "";

	snprintf(copy, sizeof(copy), "%s", msg);
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	if (mpx_tenant_parse(argc, argv, &spec, &reason)) {
		print_error("the target refuses \"%s\": %s\n", msg, reason);
		fail();
	}
	assert_int_equal(spec.verb, MPX_TENANT_SET);
	assert_int_equal(spec.id, r->id);
	assert_int_equal(spec.weight, r->weight);
	assert_int_equal(spec.prio, r->prio);
	assert_int_equal(spec.iops, r->iops);
	assert_int_equal(spec.bps, r->bps);
	assert_int_equal(spec.fail_if_no_path, r->nopath_fail);
	for (i = 0; i < spec.nr_paths; i++) {
		strcat(joined, i ? "," : "");
		strcat(joined, spec.paths[i]);
	}
	assert_string_equal(joined, paths);
}

static void expect(const struct mpx_tenant_rule *r, const char *want, const char *paths,
		   const char *note_part)
{
	const char *note = "unset";
	char msg[512];

	assert_int_equal(mpx_tenant_set_msg(r, &map, msg, sizeof(msg), &note), 0);
	assert_string_equal(msg, want);
	if (note_part) {
		assert_non_null(note);
		assert_non_null(strstr(note, note_part));
	} else {
		assert_null(note);
	}
	kernel_reads(msg, r, paths);
}

static void options(void **state)
{
	struct mpx_tenant_rule r = rule(42);
	char want[128];

	expect(&r, "tenant set 42 weight=100 prio=0 nopath=queue", "", NULL);
	r.weight = 1000;
	r.prio = 7;
	expect(&r, "tenant set 42 weight=1000 prio=7 nopath=queue", "", NULL);
	r.iops = 2000;
	expect(&r, "tenant set 42 weight=1000 prio=7 iops=2000 nopath=queue", "", NULL);
	r.bps = MPX_BUCKET_MAX_RATE;	/* the target's largest */
	snprintf(want, sizeof(want), "tenant set 42 weight=1000 prio=7 iops=2000 bps=%llu nopath=queue",
		 (unsigned long long)MPX_BUCKET_MAX_RATE);
	expect(&r, want, "", NULL);
	r = rule(1ULL << 40);
	r.nopath_fail = true;
	expect(&r, "tenant set 1099511627776 weight=100 prio=0 nopath=fail", "", NULL);
}

static void affinity_group(void **state)
{
	struct mpx_tenant_rule r = rule(7);
	struct mpx_tenant_spec spec;
	char msg[512], *argv[8], *save = NULL, *w;
	const char *reason;
	unsigned int argc = 0;

	r.affinity.kind = MPX_AFF_GROUP;
	r.affinity.n = 2;
	expect(&r, "tenant set 7 weight=100 prio=0 group=2 nopath=queue", "", NULL);
	assert_int_equal(mpx_tenant_set_msg(&r, &map, msg, sizeof(msg), NULL), 0);
	for (w = strtok_r(msg, " ", &save); w; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	assert_int_equal(mpx_tenant_parse(argc, argv, &spec, &reason), 0);
	assert_int_equal(spec.group, 2);
	/* the map has two groups: a third is no affinity here */
	r.affinity.n = 3;
	expect(&r, "tenant set 7 weight=100 prio=0 nopath=queue", "", "fewer groups");
}

static void affinity_tpg(void **state)
{
	struct mpx_tenant_rule r = rule(7);
	int i;

	r.affinity.kind = MPX_AFF_TPG;
	r.affinity.n = 0x100;
	expect(&r, "tenant set 7 weight=100 prio=0 paths=8:0,8:32 nopath=queue", "8:0,8:32", NULL);
	r.affinity.n = 0x200;
	expect(&r, "tenant set 7 weight=100 prio=0 paths=8:16 nopath=queue", "8:16", NULL);
	r.affinity.n = 0x300;
	expect(&r, "tenant set 7 weight=100 prio=0 nopath=queue", "", "target port group");
	/* a path without a port group is in none */
	p[1].a.have_tpg = false;
	r.affinity.n = 0x200;
	expect(&r, "tenant set 7 weight=100 prio=0 nopath=queue", "", "target port group");
	/* more than the target takes: the first 16 */
	for (i = 0; i < 20; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		snprintf(p[i].a.devnode, sizeof(p[i].a.devnode), "sd%c", 'a' + i);
		snprintf(p[i].a.devno, sizeof(p[i].a.devno), "65:%d", i);
		p[i].a.have_tpg = true;
		p[i].a.tpg = 1;
		mps[i] = &p[i];
	}
	map.nr_paths = 20;
	r.affinity.n = 1;
	expect(&r, "tenant set 7 weight=100 prio=0 paths=65:0,65:1,65:2,65:3,65:4,65:5,65:6,65:7,"
		   "65:8,65:9,65:10,65:11,65:12,65:13,65:14,65:15 nopath=queue",
	       "65:0,65:1,65:2,65:3,65:4,65:5,65:6,65:7,65:8,65:9,65:10,65:11,65:12,65:13,65:14,65:15",
	       "first 16");
}

static void affinity_paths(void **state)
{
	struct mpx_tenant_rule r = rule(9);
	struct mpx_affinity *a = &r.affinity;
	const char *reason;

	assert_int_equal(mpx_affinity_parse("paths sdb,8:32", a, &reason), 0);
	expect(&r, "tenant set 9 weight=100 prio=0 paths=8:16,8:32 nopath=queue", "8:16,8:32", NULL);
	/* named twice (by name and number): once */
	assert_int_equal(mpx_affinity_parse("paths sda 8:0", a, &reason), 0);
	expect(&r, "tenant set 9 weight=100 prio=0 paths=8:0 nopath=queue", "8:0", NULL);
	/* 8:1 is not 8:16's prefix match */
	assert_int_equal(mpx_affinity_parse("paths 8:1,sdb", a, &reason), 0);
	expect(&r, "tenant set 9 weight=100 prio=0 paths=8:16 nopath=queue", "8:16",
	       "some of its paths");
	assert_int_equal(mpx_affinity_parse("paths sdz", a, &reason), 0);
	expect(&r, "tenant set 9 weight=100 prio=0 nopath=queue", "", "none of its paths");
}

static void from_entry(void **state)
{
	static const char text[] =
		"tenants {\n\ttenant {\n\t\tname t\n\t\tcgroup a.slice\n\t\tweight 50\n"
		"\t\tpriority 3\n\t\tiops_limit 100\n\t\tbps_limit 4096\n"
		"\t\tpath_affinity \"tpg 512\"\n\t}\n}\n";
	struct mpx_config c = { 0 };
	struct conf_error err;
	struct mpx_tenant_rule r;
	char msg[512];

	assert_int_equal(mpx_config_add_text(&c, "t.conf", text, strlen(text), &err), 0);
	mpx_tenant_rule_of(&c.tenants[0], 1234, true, &r);
	assert_int_equal(mpx_tenant_set_msg(&r, &map, msg, sizeof(msg), NULL), 0);
	assert_string_equal(msg, "tenant set 1234 weight=50 prio=3 iops=100 bps=4096 paths=8:16 nopath=fail");
	kernel_reads(msg, &r, "8:16");
	assert_int_equal(mpx_tenant_set_msg(&r, &map, msg, 40, NULL), -ENOSPC);
	mpx_config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(options, setup),
		cmocka_unit_test_setup(affinity_group, setup),
		cmocka_unit_test_setup(affinity_tpg, setup),
		cmocka_unit_test_setup(affinity_paths, setup),
		cmocka_unit_test_setup(from_entry, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
