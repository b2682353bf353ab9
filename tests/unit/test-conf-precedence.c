// SPDX-License-Identifier: GPL-2.0-only
/*
 * Precedence, as multipath-tools resolves it: a multipaths entry beats
 * overrides, which beat device entries (the config's merged over the
 * built-in table's), which beat defaults, which beat the keyword's
 * built-in value. Every level is tested against every other level, for a
 * LUN the built-in table knows and for one it does not, with where each
 * value came from.
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

#include "conf-helpers.h"

enum level {
	L_MULTIPATH,
	L_OVERRIDES,
	L_DEVICE,
	L_DEFAULTS,
	NR_LEVELS
};

/* The value each level sets no_path_retry to, and its section. */
static const struct {
	long long value;
	const char *section;
} levels[NR_LEVELS] = {
	{ 1, "multipaths" },
	{ 2, "overrides" },
	{ 3, "devices" },
	{ 4, "defaults" },
};

/* A config with no_path_retry set at the levels in mask; *ret_line: their lines. */
static void write_config(unsigned int mask, const char *vendor, char *buf, size_t len,
			 unsigned int *ret_line)
{
	unsigned int line = 1;
	FILE *f;

	memset(buf, 0, len);
	f = fmemopen(buf, len, "w");
	assert_non_null(f);
	/* one section per line: each value's line is the section's */
	if (mask & (1u << L_DEFAULTS)) {
		fprintf(f, "defaults { no_path_retry %lld }\n", levels[L_DEFAULTS].value);
		ret_line[L_DEFAULTS] = line++;
	}
	if (mask & (1u << L_DEVICE)) {
		fprintf(f,
			"devices { device { vendor \"%s\"\nproduct \".*\"\nno_path_retry %lld\n}\n}\n",
			vendor, levels[L_DEVICE].value);
		ret_line[L_DEVICE] = line + 2;
		line += 5;
	}
	if (mask & (1u << L_OVERRIDES)) {
		fprintf(f, "overrides { no_path_retry %lld }\n", levels[L_OVERRIDES].value);
		ret_line[L_OVERRIDES] = line++;
	}
	if (mask & (1u << L_MULTIPATH)) {
		fprintf(f, "multipaths {\nmultipath {\nwwid 36001405aa\nno_path_retry %lld\n}\n}\n",
			levels[L_MULTIPATH].value);
		ret_line[L_MULTIPATH] = line + 3;
		line += 6;
	}
	fclose(f);
}

/* Every subset of the four levels, for a LUN with and without a built-in row. */
static void each_level_against_each(void **state)
{
	static const struct {
		const char *vendor;
		long long below; /* what applies when no level sets it */
		const char *below_origin;
	} luns[] = {
		{ "LIO-ORG", 12, "built in (LIO)" }, /* the table's row */
		{ "ACME", MPX_NO_PATH_RETRY_FAIL, "built in" }, /* the keyword's */
	};
	unsigned int mask, l, u, line[NR_LEVELS];
	char text[1024], origin[256], want_origin[256];
	struct mpx_config c;
	struct conf_error err;
	struct mpx_origin o;
	union mpx_val v;

	for (u = 0; u < 2; u++) {
		struct mpx_dev_id dev = { luns[u].vendor, "disk", "4.0", "36001405aa" };

		for (mask = 0; mask < 1u << NR_LEVELS; mask++) {
			write_config(mask, luns[u].vendor, text, sizeof(text), line);
			assert_int_equal(load(&c, text, &err), 0);
			if (c.nr_warnings) {
				print_error("%s\n%s\n", text, c.warnings[0]);
				fail();
			}
			v = mpx_conf_get(&c, OPT_NO_PATH_RETRY, &dev, &o);
			mpx_origin_format(&o, origin, sizeof(origin));
			for (l = 0; l < NR_LEVELS && !(mask & (1u << l)); l++)
				;
			/* the built-in row sits between device entries and defaults */
			if (l == NR_LEVELS || (l == L_DEFAULTS && u == 0)) {
				assert_int_equal(v.i, luns[u].below);
				assert_string_equal(origin, luns[u].below_origin);
			} else {
				if (v.i != levels[l].value) {
					print_error(
						"%s, levels 0x%x: got %lld from %s, expected %s's\n",
						luns[u].vendor, mask, v.i, origin,
						levels[l].section);
					fail();
				}
				snprintf(want_origin, sizeof(want_origin),
					 l == L_MULTIPATH || l == L_DEVICE ? "%s[1] at t.conf:%u" :
									     "%s at t.conf:%u",
					 levels[l].section, line[l]);
				assert_string_equal(origin, want_origin);
			}
			/* another LUN: only overrides and defaults apply to it */
			dev.wwid = "36001405bb";
			v = mpx_conf_get(&c, OPT_NO_PATH_RETRY, &dev, NULL);
			dev.wwid = "36001405aa";
			if (mask & (1u << L_OVERRIDES))
				assert_int_equal(v.i, levels[L_OVERRIDES].value);
			else if (mask & (1u << L_DEVICE))
				assert_int_equal(v.i, levels[L_DEVICE].value);
			else if (u == 0)
				assert_int_equal(v.i, 12);
			else if (mask & (1u << L_DEFAULTS))
				assert_int_equal(v.i, levels[L_DEFAULTS].value);
			mpx_config_free(&c);
		}
	}
}

/* The built-in table beats defaults, as multipath-tools' hwtable does. */
static void builtin_row_beats_defaults(void **state)
{
	struct mpx_dev_id lio = { "LIO-ORG", "ramdisk", "4.0", "36001405cc" };
	struct mpx_dev_id other = { "QEMU", "QEMU HARDDISK", "2.5+", "0QEMU" };
	struct mpx_config c;
	struct conf_error err;
	struct mpx_origin o;
	char origin[128];

	assert_int_equal(load(&c,
			      "defaults {\n\tpath_grouping_policy multibus\n"
			      "\tfailback manual\n\tprio const\n}\n",
			      &err),
			 0);
	assert_int_equal(mpx_conf_get(&c, OPT_PATH_GROUPING_POLICY, &lio, &o).i,
			 MPX_PGP_GROUP_BY_PRIO);
	mpx_origin_format(&o, origin, sizeof(origin));
	assert_string_equal(origin, "built in (LIO)");
	assert_int_equal(mpx_conf_get(&c, OPT_FAILBACK, &lio, NULL).i, MPX_FAILBACK_IMMEDIATE);
	assert_int_equal(mpx_conf_get(&c, OPT_PRIO, &lio, NULL).i, 1); /* alua */
	assert_string_equal(mpx_conf_get(&c, OPT_HARDWARE_HANDLER, &lio, NULL).s, "1 alua");
	/* what the row does not set comes from defaults */
	assert_string_equal(mpx_conf_get(&c, OPT_PATH_SELECTOR, &lio, &o).s, "service-time 0");
	assert_int_equal(o.kind, MPX_ORIGIN_DEFAULT);
	/* a LUN no row knows */
	assert_int_equal(mpx_conf_get(&c, OPT_PATH_GROUPING_POLICY, &other, &o).i,
			 MPX_PGP_MULTIBUS);
	assert_string_equal(o.section, "defaults");
	mpx_config_free(&c);
}

/*
 * A user entry merges over a built-in row keyword by keyword, whether its
 * strings are the row's or a regex that also matches; the last matching
 * entry that sets a keyword wins.
 */
static void user_entries_merge_over_builtin(void **state)
{
	struct mpx_dev_id netapp = { "NETAPP", "LUN C-Mode", "9300", "3600a098" };
	struct mpx_dev_id old = { "NETAPP", "LUN C-Mode", "8200", "3600a099" };
	struct mpx_config c;
	struct conf_error err;
	struct mpx_origin o;
	char origin[128];

	assert_int_equal(
		load(&c,
		     "devices {\n"
		     "\tdevice {\n\t\tvendor \"NETAPP\"\n\t\tproduct \"LUN\"\n\t\tno_path_retry 30\n\t}\n"
		     "\tdevice {\n\t\tvendor \"NET\"\n\t\tproduct \"LUN C\"\n\t\tprio const\n\t}\n"
		     "\tdevice {\n\t\tvendor \"NETAPP\"\n\t\tproduct \"LUN\"\n\t\trevision \"^8\"\n"
		     "\t\tno_path_retry 5\n\t}\n"
		     "}\n",
		     &err),
		0);
	assert_int_equal(c.nr_warnings, 0);
	assert_int_equal(mpx_conf_get(&c, OPT_NO_PATH_RETRY, &netapp, &o).i, 30);
	mpx_origin_format(&o, origin, sizeof(origin));
	assert_string_equal(origin, "devices[1] at t.conf:5");
	assert_int_equal(mpx_conf_get(&c, OPT_PRIO, &netapp, &o).i, 0);
	assert_int_equal(o.index, 2);
	/* the row's other values stay */
	assert_string_equal(mpx_conf_get(&c, OPT_FEATURES, &netapp, &o).s, "2 pg_init_retries 50");
	mpx_origin_format(&o, origin, sizeof(origin));
	assert_string_equal(origin, "built in (NetApp ONTAP)");
	assert_int_equal(mpx_conf_get(&c, OPT_FAILBACK, &netapp, NULL).i, MPX_FAILBACK_IMMEDIATE);
	/* a revision rule must match too */
	assert_int_equal(mpx_conf_get(&c, OPT_NO_PATH_RETRY, &old, &o).i, 5);
	assert_int_equal(o.index, 3);
	mpx_config_free(&c);
}

/* Repeated multipath entries merge; the later one's values win. */
static void multipath_entries_merge(void **state)
{
	struct mpx_dev_id dev = { "ACME", "Widget", NULL, "36001405dd" };
	struct mpx_config c;
	struct conf_error err;

	assert_int_equal(
		load(&c,
		     "multipaths {\n"
		     "\tmultipath {\n\t\twwid 36001405dd\n\t\talias first\n\t\tno_path_retry 7\n\t}\n"
		     "\tmultipath {\n\t\twwid 36001405dd\n\t\talias second\n\t}\n"
		     "}\n"
		     "overrides {\n\tno_path_retry 1\n\tfailback 20\n}\n",
		     &err),
		0);
	assert_int_equal(c.nr_warnings, 1);
	assert_true(has_warning(&c, "t.conf:7: multipath entry for \"36001405dd\" repeats the one "
				    "at t.conf:3: merged, the later values win"));
	assert_string_equal(mpx_conf_get(&c, OPT_ALIAS, &dev, NULL).s, "second");
	assert_int_equal(mpx_conf_get(&c, OPT_NO_PATH_RETRY, &dev, NULL).i, 7);
	assert_int_equal(mpx_conf_get(&c, OPT_FAILBACK, &dev, NULL).i, 20);
	mpx_config_free(&c);
}

/* A drop-in's defaults win over the main file's; entries add up. */
static void later_files_win(void **state)
{
	struct mpx_dev_id dev = { "ACME", "Widget", NULL, "36001405ee" };
	struct mpx_config c = { 0 };
	struct conf_error err;
	const char *a = "defaults {\n\tno_path_retry 4\n}\n"
			"devices {\n\tdevice {\n\t\tvendor ACME\n\t\tproduct Widget\n"
			"\t\tfailback 10\n\t}\n}\n";
	const char *b = "defaults {\n\tno_path_retry 6\n}\n"
			"devices {\n\tdevice {\n\t\tvendor ACME\n\t\tproduct Widget\n"
			"\t\tfailback 11\n\t}\n}\n";
	struct mpx_origin o;

	assert_int_equal(mpx_config_add_text(&c, "main.conf", a, strlen(a), &err), 0);
	assert_int_equal(mpx_config_add_text(&c, "50-x.conf", b, strlen(b), &err), 0);
	assert_int_equal(c.nr_warnings, 0); /* a repeat across files is on purpose */
	assert_int_equal(mpx_conf_get(&c, OPT_NO_PATH_RETRY, &dev, &o).i, 6);
	assert_string_equal(o.file, "50-x.conf");
	assert_int_equal(mpx_conf_get(&c, OPT_FAILBACK, &dev, &o).i, 11);
	assert_string_equal(o.file, "50-x.conf");
	mpx_config_free(&c);
}

static void origin_formats(void **state)
{
	struct mpx_origin d = { .kind = MPX_ORIGIN_DETECTED, .source = "ALUA" };
	struct mpx_origin b = { .kind = MPX_ORIGIN_BUILTIN, .source = "HPE Nimble" };
	struct mpx_origin k = { 0 };
	char buf[128];

	mpx_origin_format(&d, buf, sizeof(buf));
	assert_string_equal(buf, "detected (ALUA)");
	mpx_origin_format(&b, buf, sizeof(buf));
	assert_string_equal(buf, "built in (HPE Nimble)");
	mpx_origin_format(&k, buf, sizeof(buf));
	assert_string_equal(buf, "built in");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_level_against_each),
		cmocka_unit_test(builtin_row_beats_defaults),
		cmocka_unit_test(user_entries_merge_over_builtin),
		cmocka_unit_test(multipath_entries_merge),
		cmocka_unit_test(later_files_win),
		cmocka_unit_test(origin_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
