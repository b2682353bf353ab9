// SPDX-License-Identifier: GPL-2.0-only
/*
 * The configuration: syntax errors with file:line:column, every keyword's
 * values, precedence overrides > multipath > device > defaults > built in,
 * regex matching, blacklists, warnings for what mpx does not implement.
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

static void syntax(void **state)
{
	struct mpx_config c;
	struct conf_error err;

	/* comments, quotes, doubled quotes, braces on the next line */
	assert_int_equal(load(&c, "# comment\n! another\ndefaults\n{\n"
			     "\tpath_selector \"round-robin 0\" # trailing\n"
			     "\talias_prefix \"a\"\"b\"\n}\n", &err), 0);
	assert_string_equal(mpx_conf_get(&c, OPT_PATH_SELECTOR, NULL, NULL).s, "round-robin 0");
	assert_string_equal(mpx_conf_get(&c, OPT_ALIAS_PREFIX, NULL, NULL).s, "a\"b");
	mpx_config_free(&c);

	expect_error("defaults {\n\tpolling_interval 5\n", 1, "not closed");
	expect_error("defaults {\n}\n}\n", 3, "'}' without a section");
	expect_error("defaults {\n\talias_prefix \"abc\n}\n", 2, "unterminated");
	expect_error("{\n}\n", 1, "without a section keyword");
	expect_error("defaults {\n\tpolling_interval\n}\n", 2, "has no value");
	expect_error("\"defaults\" {\n}\n", 1, "cannot be quoted");
	expect_error("a {\n b {\n  c {\n   d {\n    e {\n    }\n   }\n  }\n }\n}\n", 5,
		     "nested too deep");
	{
		char nul[] = "defaults {\n\tverbosity 2\0\n}\n";

		memset(&c, 0, sizeof(c));
		assert_int_equal(mpx_config_add_text(&c, "t.conf", nul, sizeof(nul) - 1, &err),
				 -EINVAL);
		assert_non_null(strstr(err.msg, "NUL"));
		mpx_config_free(&c);
	}
}

static void value_errors(void **state)
{
	expect_error("defaults {\n\tpolling_interval 0.01\n}\n", 2, "polling_interval: invalid value \"0.01\"");
	expect_error("defaults {\n\tpolling_interval five\n}\n", 2, "polling_interval");
	expect_error("defaults {\n\tverbosity 7\n}\n", 2, "verbosity");
	expect_error("defaults {\n\tpath_checker bogus\n}\n", 2, "path_checker");
	expect_error("defaults {\n\tpath_selector \"io-affinity 0\"\n}\n", 2, "CPU mask per path");
	expect_error("defaults {\n\tpath_selector \"latency 1\"\n}\n", 2, "the count does not match");
	expect_error("defaults {\n\tpath_selector \"round-robin\"\n}\n", 2, "path_selector");
	expect_error("defaults {\n\tfeatures \"9 queue_if_no_path\"\n}\n", 2,
		     "the count does not match");
	expect_error("defaults {\n\tfeatures \"1 queue_if_no_path pg_init_retries 5\"\n}\n", 2,
		     "the count does not match");
	expect_error("defaults {\n\tfeatures \"2 pg_init_retries 99\"\n}\n", 2,
		     "pg_init_retries must be between 1 and 50");
	expect_error("defaults {\n\tfeatures \"1 bogus\"\n}\n", 2,
		     "Unrecognised multipath feature request");
	/* mpxd adds up to two words: the target takes ten */
	expect_error("defaults {\n\tfeatures \"9 pg_init_retries 5 pg_init_delay_msecs 1 "
		     "queue_mode bio no_path_timeout 5 queue_if_no_path\"\n}\n", 2,
		     "at most 8 feature words");
	expect_error("defaults {\n\thardware_handler \"2 alua\"\n}\n", 2, "the count does not match");
	expect_error("defaults {\n\thardware_handler \"alua\"\n}\n", 2, "expected a count");
	expect_error("defaults {\n\tpath_selector \"round-robin 1\"\n}\n", 2, "the count does not match");
	expect_error("defaults {\n\tno_path_retry sometimes\n}\n", 2, "no_path_retry");
	expect_error("defaults {\n\tfailback -5\n}\n", 2, "failback");
	expect_error("defaults {\n\tuser_friendly_names maybe\n}\n", 2, "yes or no");
	expect_error("devices {\n\tdevice {\n\t\tvendor \"(\"\n\t\tproduct x\n\t}\n}\n", 3,
		     "regular expression");
	expect_error("devices {\n\tdevice {\n\t\tproduct x\n\t}\n}\n", 2, "without \"vendor\"");
	expect_error("multipaths {\n\tmultipath {\n\t\talias x\n\t}\n}\n", 2, "without \"wwid\"");
	expect_error("multipaths {\n\tmultipath {\n\t\twwid 1\n\t\talias \"a/b\"\n\t}\n}\n", 4, "alias");
	expect_error("blacklist {\n\tdevnode \"[\"\n}\n", 2, "regular expression");
}

/* A valid sample value for every keyword row. */
static const char *sample(const struct mpx_kw *kw)
{
	static char num[32];

	switch (kw->id) {
	case OPT_PATH_SELECTOR: return "\"queue-length 0\"";
	case OPT_FEATURES: return "\"1 queue_if_no_path\"";
	case OPT_HARDWARE_HANDLER: return "\"1 alua\"";
	case OPT_POLICY: return "vendor-x";
	case OPT_RESERVATION_KEY: return "0x1234";
	case OPT_TENANT_NAME: return "vm-1";
	case OPT_CGROUP: return "\"machine.slice/machine-qemu*.scope\"";
	case OPT_PATH_AFFINITY: return "\"paths sdb,8:32\"";
	case OPT_MIGRATE_HOOK: return "/usr/local/bin/migrate";
	default: break;
	}
	switch (kw->type) {
	case KW_ENUM: return kw->words[0].word;
	case KW_BOOL: return "yes";
	case KW_REGEX: return "\"^X.*\"";
	case KW_STRING: return "\"sam\"\"ple\"";
	case KW_MSEC: return "1.5";
	default:
		snprintf(num, sizeof(num), "%lld", kw->max);
		return num;
	}
}

static void every_keyword(void **state)
{
	const struct mpx_kw *tables[] = { mpx_kw_defaults, mpx_kw_map, mpx_kw_devices,
					  mpx_kw_multipaths, mpx_kw_tenants, NULL };
	const char *sections[] = { "defaults", "devices", "multipaths", "tenants" };
	static const char *const fmt[] = {
		"defaults {\n%s %s\n}\n",
		"devices {\ndevice {\nvendor V\nproduct P\n%s %s\n}\n}\n",
		"multipaths {\nmultipath {\nwwid W\n%s %s\n}\n}\n",
		"tenants {\ntenant {\nname T\ncgroup C\n%s %s\n}\n}\n",
	};
	const struct mpx_kw *kw;
	unsigned int t, n = 0;

	for (t = 0; tables[t]; t++) {
		for (kw = tables[t]; kw->name; kw++, n++) {
			char text[1024], want[256];
			struct mpx_config c;
			struct conf_error err;
			unsigned int s = kw->sections & S_DEFAULTS ? 0 :
					 kw->sections & S_DEVICE ? 1 :
					 kw->sections & S_TENANT ? 3 : 2;
			struct mpx_optset *o;
			union mpx_val v;

			snprintf(text, sizeof(text), fmt[s], kw->name, sample(kw));
			if (load(&c, text, &err)) {
				print_error("%s in %s: %s\n", kw->name, sections[s], err.msg);
				fail();
			}
			assert_int_equal(c.nr_warnings, 0);
			o = s == 0 ? &c.defaults : s == 1 ? &c.devices[0] :
			    s == 3 ? &c.tenants[0] : &c.multipaths[0];
			assert_true(o->set & (1ULL << kw->id));
			v = o->v[kw->id];
			mpx_kw_format(kw, &v, want, sizeof(want));
			mpx_config_free(&c);
			/* what is printed loads back to the same value */
			snprintf(text, sizeof(text), fmt[s], kw->name, want);
			assert_int_equal(load(&c, text, &err), 0);
			o = s == 0 ? &c.defaults : s == 1 ? &c.devices[0] :
			    s == 3 ? &c.tenants[0] : &c.multipaths[0];
			{
				char again[512];

				mpx_kw_format(kw, &o->v[kw->id], again, sizeof(again));
				assert_string_equal(again, want);
			}
			mpx_config_free(&c);
		}
	}
	assert_int_equal(n, NR_OPTS);	/* every option has exactly one row */
}

static void precedence(void **state)
{
	struct mpx_config c;
	struct conf_error err;
	struct mpx_origin o;
	struct mpx_dev_id dev = { "NETAPP", "LUN C-Mode", "9300", "3600a0b8" };
	struct mpx_dev_id other = { "IBM", "2145", "0000", "3600aaaa" };
	char where[256];

	assert_int_equal(load(&c,
		"defaults {\n\tno_path_retry 5\n\tfailback immediate\n\tpolling_interval 2\n}\n"
		"devices {\n"
		"\tdevice {\n\t\tvendor NETAPP\n\t\tproduct \"LUN.*\"\n\t\tno_path_retry 10\n\t\tprio alua\n\t}\n"
		"\tdevice {\n\t\tvendor NET\n\t\tproduct \"LUN C\"\n\t\tprio sysfs\n\t}\n"
		"\tdevice {\n\t\tvendor NETAPP\n\t\tproduct LUN\n\t\trevision \"^1\"\n\t\tprio const\n\t}\n"
		"}\n"
		"multipaths {\n\tmultipath {\n\t\twwid 3600a0b8\n\t\tno_path_retry queue\n\t\talias data\n\t}\n}\n"
		"overrides {\n\tfailback manual\n}\n", &err), 0);
	/* multipath beats device beats defaults */
	assert_int_equal(mpx_conf_get(&c, OPT_NO_PATH_RETRY, &dev, &o).i, MPX_NO_PATH_RETRY_QUEUE);
	mpx_origin_format(&o, where, sizeof(where));
	assert_string_equal(where, "multipaths[1] at t.conf:28");
	assert_int_equal(mpx_conf_get(&c, OPT_NO_PATH_RETRY, &other, &o).i, 5);
	assert_string_equal(o.section, "defaults");
	/* the last matching device entry wins; a revision rule must match too */
	assert_int_equal(mpx_conf_get(&c, OPT_PRIO, &dev, &o).i, 2);
	assert_int_equal(o.index, 2);
	/* overrides beat everything */
	assert_int_equal(mpx_conf_get(&c, OPT_FAILBACK, &dev, NULL).i, MPX_FAILBACK_MANUAL);
	/* built in when nobody says */
	assert_int_equal(mpx_conf_get(&c, OPT_PATH_CHECKER, &dev, &o).i, MPX_CHECKER_TUR);
	assert_null(o.file);
	mpx_origin_format(&o, where, sizeof(where));
	assert_string_equal(where, "built in");
	assert_int_equal(mpx_conf_get(&c, OPT_POLLING_INTERVAL, NULL, NULL).i, 2000);
	assert_string_equal(mpx_conf_get(&c, OPT_ALIAS, &dev, NULL).s, "data");
	mpx_config_free(&c);
}

static void dropins_merge(void **state)
{
	struct mpx_config c = { 0 };
	struct conf_error err;
	const char *a = "defaults {\n\tpolling_interval 3\n\tno_path_retry 4\n}\n"
			"devices {\n\tdevice {\n\t\tvendor A\n\t\tproduct B\n\t}\n}\n";
	const char *b = "defaults {\n\tpolling_interval 0.25\n}\n"
			"devices {\n\tdevice {\n\t\tvendor C\n\t\tproduct D\n\t}\n}\n";
	struct mpx_origin o;

	assert_int_equal(mpx_config_add_text(&c, "main.conf", a, strlen(a), &err), 0);
	assert_int_equal(mpx_config_add_text(&c, "10-x.conf", b, strlen(b), &err), 0);
	assert_int_equal(mpx_conf_get(&c, OPT_POLLING_INTERVAL, NULL, &o).i, 250);
	assert_string_equal(o.file, "10-x.conf");
	assert_int_equal(mpx_conf_get(&c, OPT_NO_PATH_RETRY, NULL, &o).i, 4);
	assert_string_equal(o.file, "main.conf");
	assert_int_equal(c.nr_devices, 2);
	mpx_config_free(&c);
}

static void warnings(void **state)
{
	struct mpx_config c;
	struct conf_error err;

	assert_int_equal(load(&c,
		"defaults {\n"
		"\tpoling_interval 5\n"			/* typo */
		"\tuid_attribute ID_SERIAL\n"		/* multipath-tools only */
		"\tuid_attribute ID_WWN\n"		/* said once */
		"\tpath_checker rdac\n"		/* not implemented */
		"\tpolling_interval 4 extra words\n"
		"\tvendor X\n"				/* wrong section */
		"}\n"
		"bogus_section {\n}\n", &err), 0);
	assert_true(has_warning(&c, "t.conf:2: unknown keyword \"poling_interval\" in defaults (did you mean \"polling_interval\"?)"));
	assert_true(has_warning(&c, "t.conf:3: keyword \"uid_attribute\" is not supported by mpx"));
	assert_false(has_warning(&c, "t.conf:4:"));
	assert_true(has_warning(&c, "t.conf:5: path_checker \"rdac\": checker not implemented, using tur"));
	assert_true(has_warning(&c, "t.conf:6: polling_interval: words after the value"));
	assert_true(has_warning(&c, "t.conf:7: keyword \"vendor\" does not belong in defaults"));
	assert_true(has_warning(&c, "t.conf:9: unknown section \"bogus_section\""));
	assert_int_equal(mpx_conf_get(&c, OPT_POLLING_INTERVAL, NULL, NULL).i, 4000);
	mpx_config_free(&c);
}

static void blacklist(void **state)
{
	struct mpx_config c;
	struct conf_error err;
	const char *props_wwn[] = { "ID_SERIAL", "ID_WWN", NULL };
	const char *props_none[] = { "ID_SERIAL", NULL };
	struct mpx_path_id sda = { "sda", "36001405aaaa", "LIO-ORG", "disk", "scsi:unspec", props_wwn };
	char why[256];

	assert_int_equal(load(&c,
		"blacklist {\n\tdevnode \"^sd[a-c]$\"\n\twwid \"^3600bad\"\n"
		"\tdevice {\n\t\tvendor \"IBM\"\n\t\tproduct \"S/390\"\n\t}\n\tprotocol \"scsi:fcp\"\n}\n"
		"blacklist_exceptions {\n\twwid \"^36001405aaaa$\"\n\tproperty \"(SCSI_IDENT_|ID_WWN)\"\n}\n",
		&err), 0);
	/* a devnode rule is lifted by a devnode exception only */
	assert_true(mpx_conf_blacklisted(&c, &sda, why, sizeof(why)));
	sda.wwid = "36001405bbbb";
	assert_true(mpx_conf_blacklisted(&c, &sda, why, sizeof(why)));
	assert_string_equal(why, "blacklisted by devnode \"^sd[a-c]$\" at t.conf:2");
	/* property exceptions whitelist */
	sda.devnode = "sdz";
	assert_false(mpx_conf_blacklisted(&c, &sda, why, sizeof(why)));
	sda.properties = props_none;
	assert_true(mpx_conf_blacklisted(&c, &sda, why, sizeof(why)));
	sda.properties = props_wwn;
	sda.vendor = "IBM";
	sda.product = "S/390 DASD";
	assert_true(mpx_conf_blacklisted(&c, &sda, why, sizeof(why)));
	sda.vendor = "LIO-ORG";
	sda.protocol = "scsi:fcp";
	assert_true(mpx_conf_blacklisted(&c, &sda, why, sizeof(why)));
	sda.protocol = "scsi:iscsi";
	sda.wwid = "3600badx";
	assert_true(mpx_conf_blacklisted(&c, &sda, why, sizeof(why)));
	mpx_config_free(&c);

	/* a wwid exception lifts a wwid rule */
	assert_int_equal(load(&c, "blacklist {\n\twwid \".*\"\n}\n"
			     "blacklist_exceptions {\n\twwid \"^3600a\"\n}\n", &err), 0);
	sda.wwid = "3600a1";
	assert_false(mpx_conf_blacklisted(&c, &sda, why, sizeof(why)));
	sda.wwid = "3600b1";
	assert_true(mpx_conf_blacklisted(&c, &sda, why, sizeof(why)));
	mpx_config_free(&c);
}

static void real_multipath_conf(void **state)
{
	struct mpx_config c = { 0 };
	struct conf_error err = { 0 };
	char path[1024];
	int r;

	snprintf(path, sizeof(path), "%s/multipath-tools.conf", FIXTURES);
	r = mpx_config_load(&c, path, NULL, &err);
	if (r)
		print_error("%s:%u: %s\n", err.file, err.line, err.msg);
	assert_int_equal(r, 0);
	assert_int_equal(c.nr_devices, 3);
	assert_int_equal(c.nr_multipaths, 2);
	assert_int_equal(c.blacklist.nr, 4);
	assert_true(c.nr_warnings >= 5);
	mpx_config_free(&c);

	/* an unreadable main file is an error naming it; a missing one is not */
	assert_int_equal(mpx_config_load(&c, "/nonexistent/mpx.conf", "/nonexistent.d", &err), 0);
	mpx_config_free(&c);
	assert_int_equal(mpx_config_load(&c, FIXTURES, NULL, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "not a regular file"));
	mpx_config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(syntax),
		cmocka_unit_test(value_errors),
		cmocka_unit_test(every_keyword),
		cmocka_unit_test(precedence),
		cmocka_unit_test(dropins_merge),
		cmocka_unit_test(warnings),
		cmocka_unit_test(blacklist),
		cmocka_unit_test(real_multipath_conf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
