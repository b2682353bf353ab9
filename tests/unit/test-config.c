// SPDX-License-Identifier: GPL-2.0-only
/*
 * The configuration: what stays an error (file:line:column), what
 * multipath-tools reads past (a warning naming the line), every keyword's
 * values, drop-ins, blacklists, warnings for what mpx does not implement.
 * Precedence: test-conf-precedence.c; the tolerated syntax mistakes:
 * test-conf-tolerance.c.
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

	/* comments, quotes, doubled quotes, "keyword value }" */
	assert_int_equal(load(&c,
			      "# comment\n! another\ndefaults {\n"
			      "\tpath_selector \"round-robin 0\" # trailing\n"
			      "\talias_prefix \"a\"\"b\" }\n",
			      &err),
			 0);
	assert_string_equal(mpx_conf_get(&c, OPT_PATH_SELECTOR, NULL, NULL).s, "round-robin 0");
	assert_string_equal(mpx_conf_get(&c, OPT_ALIAS_PREFIX, NULL, NULL).s, "a\"b");
	assert_int_equal(c.nr_warnings, 0);
	mpx_config_free(&c);

	/* what no reading can make sense of is still an error */
	{
		char text[5000] = "defaults {\n\talias_prefix ";

		memset(text + strlen(text), 'x', 4200);
		strcat(text, "\n}\n");
		expect_error(text, 2, "longer than 4095 bytes");
	}
}

/*
 * Bad values of the keywords multipath-tools knows: a warning naming the
 * line, and the line ignored (or the number capped), as multipath-tools.
 */
static void value_warnings(void **state)
{
	static const struct {
		const char *line, *warning;
		enum mpx_opt id;
		long long want; /* the value then in effect */
	} cases[] = {
		{ "polling_interval 0.01",
		  "polling_interval \"0.01\" is out of range 0.100..3600.000 seconds: using 0.100",
		  OPT_POLLING_INTERVAL, 100 },
		{ "polling_interval five",
		  "polling_interval: invalid value \"five\" (not a number of seconds), ignoring the line",
		  OPT_POLLING_INTERVAL, 5000 },
		{ "verbosity 7", "verbosity \"7\" is out of range 0..6: using 6", OPT_VERBOSITY,
		  6 },
		{ "verbosity -3", "verbosity \"-3\" is out of range 0..6: using 0", OPT_VERBOSITY,
		  0 },
		{ "path_checker bogus", "path_checker: invalid value \"bogus\"", OPT_PATH_CHECKER,
		  MPX_CHECKER_TUR },
		{ "no_path_retry sometimes", "no_path_retry: invalid value", OPT_NO_PATH_RETRY,
		  MPX_NO_PATH_RETRY_FAIL },
		{ "no_path_retry 99999999999999999999", "is out of range 0..1000000: using 1000000",
		  OPT_NO_PATH_RETRY, 1000000 },
		{ "failback -5", "failback \"-5\" is out of range 0..86400: using 0", OPT_FAILBACK,
		  0 },
		{ "user_friendly_names maybe", "expected yes or no", OPT_USER_FRIENDLY_NAMES, 0 },
		{ "rr_min_io_rq 0", "out of range 1..1000: using 1", OPT_RR_MIN_IO_RQ, 1 },
		{ "find_multipaths perhaps", "find_multipaths: invalid value", OPT_FIND_MULTIPATHS,
		  MPX_FIND_YES },
		{ "path_grouping_policy multibus;", "the trailing ';' is ignored",
		  OPT_PATH_GROUPING_POLICY, MPX_PGP_MULTIBUS },
		{ "no_path_retry queue,", "the trailing ',' is ignored", OPT_NO_PATH_RETRY,
		  MPX_NO_PATH_RETRY_QUEUE },
		{ "checker directio", NULL, OPT_PATH_CHECKER, MPX_CHECKER_DIRECTIO },
		{ "find_multipaths 1", NULL, OPT_FIND_MULTIPATHS, MPX_FIND_YES },
		{ "find_multipaths 0", NULL, OPT_FIND_MULTIPATHS, MPX_FIND_NO },
		{ "flush_on_last_del 0", NULL, OPT_FLUSH_ON_LAST_DEL, MPX_FLUSH_NEVER },
	};
	static const struct {
		const char *line, *warning;
		enum mpx_opt id;
		const char *want;
	} strings[] = {
		{ "path_selector \"io-affinity 0\"", "CPU mask per path", OPT_PATH_SELECTOR,
		  "service-time 0" },
		{ "path_selector \"latency 1\"", "the count does not match", OPT_PATH_SELECTOR,
		  "service-time 0" },
		{ "path_selector \"round-robin\"", "path_selector: invalid value",
		  OPT_PATH_SELECTOR, "service-time 0" },
		{ "path_selector \"round-robin 0\",", "words after the value (column 31)",
		  OPT_PATH_SELECTOR, "round-robin 0" },
		{ "path_selector round-robin;", "invalid value \"round-robin;\"", OPT_PATH_SELECTOR,
		  "service-time 0" },
		{ "features \"9 queue_if_no_path\"", "the count does not match", OPT_FEATURES,
		  "0" },
		{ "features \"2 pg_init_retries 99\"", "pg_init_retries must be between 1 and 50",
		  OPT_FEATURES, "0" },
		{ "features \"1 bogus\"", "Unrecognised multipath feature request", OPT_FEATURES,
		  "0" },
		{ "features \"9 pg_init_retries 5 pg_init_delay_msecs 1 queue_mode bio "
		  "no_path_timeout 5 queue_if_no_path\"",
		  "at most 8 feature words", OPT_FEATURES, "0" },
		{ "hardware_handler \"2 alua\"", "the count does not match", OPT_HARDWARE_HANDLER,
		  "0" },
		{ "hardware_handler alua", "expected a count", OPT_HARDWARE_HANDLER, "0" },
		{ "alias_prefix a/b", "alias_prefix: invalid value", OPT_ALIAS_PREFIX, "mpath" },
		{ "bindings_file relative/path", "must be an absolute path", OPT_BINDINGS_FILE,
		  "/etc/mpx/bindings" },
		{ "alias_prefix disk;", NULL, OPT_ALIAS_PREFIX, "disk;" },
	};
	struct mpx_config c;
	struct conf_error err;
	char text[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "defaults {\n\t%s\n}\n", cases[i].line);
		if (load(&c, text, &err)) {
			print_error("refused \"%s\": %s\n", cases[i].line, err.msg);
			fail();
		}
		assert_int_equal(c.nr_warnings, cases[i].warning ? 1 : 0);
		if (cases[i].warning && !has_warning(&c, "t.conf:2: ")) {
			print_error("%s\n", c.warnings[0]);
			fail();
		}
		if (cases[i].warning && !has_warning(&c, cases[i].warning)) {
			print_error("\"%s\": got \"%s\"\n", cases[i].line, c.warnings[0]);
			fail();
		}
		assert_int_equal(mpx_conf_get(&c, cases[i].id, NULL, NULL).i, cases[i].want);
		mpx_config_free(&c);
	}
	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		snprintf(text, sizeof(text), "defaults {\n\t%s\n}\n", strings[i].line);
		assert_int_equal(load(&c, text, &err), 0);
		assert_int_equal(c.nr_warnings, strings[i].warning ? 1 : 0);
		if (strings[i].warning && !has_warning(&c, strings[i].warning)) {
			print_error("\"%s\": got \"%s\"\n", strings[i].line, c.warnings[0]);
			fail();
		}
		assert_string_equal(mpx_conf_get(&c, strings[i].id, NULL, NULL).s, strings[i].want);
		mpx_config_free(&c);
	}
}

/*
 * What multipath-tools refuses (a blacklist regex that does not compile, a
 * reservation_key that is no key), and bad values of mpx's own keywords,
 * are errors naming file:line.
 */
static void value_errors(void **state)
{
	expect_error("blacklist {\n\tdevnode \"[\"\n}\n", 2, "regular expression");
	expect_error("blacklist {\n\tdevice {\n\t\tvendor \"(\"\n\t}\n}\n", 3,
		     "regular expression");
	expect_error("blacklist_exceptions {\n\twwid \"a+?+?+?+?\"\n}\n", 2, "repetition");
	expect_error("defaults {\n\treservation_key 0xzz\n}\n", 2, "reservation_key");
	expect_error("multipaths {\n\tmultipath {\n\t\twwid 1\n\t\treservation_key 0x12:bogus\n"
		     "\t}\n}\n",
		     4, ":aptpl");
	expect_error("defaults {\n\ttenant_budget 70000\n}\n", 2, "out of range 0..65536");
	expect_error("defaults {\n\ttenant_budget lots\n}\n", 2, "tenant_budget");
	expect_error("defaults {\n\tpolicy Bad!Name\n}\n", 2, "policy");
	expect_error("defaults {\n\tmigrate_hook relative\n}\n", 2, "absolute path");
	expect_error("tenants {\n\ttenant {\n\t\tname a\n\t\tcgroup x\n\t\tweight 0\n\t}\n}\n", 5,
		     "weight");
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
	case OPT_BINDINGS_FILE:
		return "\"/etc/mpx/b\"\"s\"";
	case OPT_PRKEYS_FILE:
		return "/etc/multipath/prkeys";
	case OPT_WWIDS_FILE:
		return "/etc/multipath/wwids";
	case OPT_PRIO_ARGS:
		return "exclusive_pref_bit";
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

			/* an entry's identity keys: the template without its own line */
			const char *f = kw->id == OPT_VENDOR ?
						"devices {\ndevice {\nproduct P\n%s %s\n}\n}\n" :
					kw->id == OPT_PRODUCT ?
						"devices {\ndevice {\nvendor V\n%s %s\n}\n}\n" :
					kw->id == OPT_WWID ?
						"multipaths {\nmultipath {\n%s %s\n}\n}\n" :
					kw->id == OPT_TENANT_NAME ?
						"tenants {\ntenant {\ncgroup C\n%s %s\n}\n}\n" :
					kw->id == OPT_CGROUP ?
						"tenants {\ntenant {\nname T\n%s %s\n}\n}\n" :
						/* prio_args go with a prio in the same section */
						kw->id == OPT_PRIO_ARGS ?
						"defaults {\nprio alua\n%s %s\n}\n" :
						fmt[s];

			snprintf(text, sizeof(text), f, kw->name, sample(kw));
			if (load(&c, text, &err)) {
				print_error("%s in %s: %s\n", kw->name, sections[s], err.msg);
				fail();
			}
			if (c.nr_warnings) {
				print_error("%s: %s\n", kw->name, c.warnings[0]);
				fail();
			}
			o = s == 0 ? &c.defaults :
			    s == 1 ? &c.devices[c.nr_builtin_devices] :
			    s == 3 ? &c.tenants[0] :
				     &c.multipaths[0];
			assert_true(o->set & (1ULL << kw->id));
			v = o->v[kw->id];
			mpx_kw_format(kw, &v, want, sizeof(want));
			mpx_config_free(&c);
			/* what is printed loads back to the same value */
			snprintf(text, sizeof(text), f, kw->name, want);
			assert_int_equal(load(&c, text, &err), 0);
			o = s == 0 ? &c.defaults :
			    s == 1 ? &c.devices[c.nr_builtin_devices] :
			    s == 3 ? &c.tenants[0] :
				     &c.multipaths[0];
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
	assert_int_equal(c.nr_devices - c.nr_builtin_devices, 2);
	mpx_config_free(&c);
}

static void warnings(void **state)
{
	struct mpx_config c;
	struct conf_error err;

	assert_int_equal(load(&c,
			      "defaults {\n"
			      "\tpoling_interval 5\n" /* typo */
			      "\tuid_attribute ID_SERIAL\n" /* multipath-tools only */
			      "\tuid_attribute ID_WWN\n" /* said once */
			      "\tpath_checker rdac\n" /* not implemented */
			      "\tpolling_interval 4 extra words\n"
			      "\tvendor X\n" /* wrong section */
			      "\tprotocol {\n\t\ttype scsi:fcp\n\t}\n" /* 0.9's subsection */
			      "}\n"
			      "bogus_section {\n}\n",
			      &err),
			 0);
	assert_true(has_warning(&c, "t.conf:2: unknown keyword \"poling_interval\" in defaults (did you mean \"polling_interval\"?)"));
	assert_true(has_warning(&c, "t.conf:3: keyword \"uid_attribute\" is not supported by mpx"));
	assert_false(has_warning(&c, "t.conf:4:"));
	assert_true(has_warning(&c, "t.conf:5: path_checker \"rdac\": checker not implemented, using tur"));
	assert_true(has_warning(&c, "t.conf:6: polling_interval: words after the value"));
	assert_true(has_warning(&c, "t.conf:7: keyword \"vendor\" does not belong in defaults"));
	assert_true(has_warning(&c, "t.conf:8: \"protocol\" subsections are not supported by mpx"));
	assert_true(has_warning(&c, "t.conf:12: unknown section \"bogus_section\""));
	assert_int_equal(c.nr_warnings, 7);
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

	/*
	 * multipath-tools 0.9: "!regex" matches what regex does not, and a
	 * device entry may name only a vendor or only a product
	 */
	assert_int_equal(
		load(&c,
		     "blacklist {\n\tdevnode \"!^sd\"\n"
		     "\tdevice {\n\t\tproduct \"^VIRTUAL\"\n\t}\n"
		     "\tdevice {\n\t\tvendor \"!^(NETAPP|PURE)$\"\n\t\tproduct \"!LUN\"\n\t}\n"
		     "\tdevice {\n\t}\n}\n",
		     &err),
		0);
	assert_int_equal(c.nr_warnings, 1); /* the empty entry */
	assert_true(has_warning(&c, "t.conf:10: blacklist device entry without"));
	sda = (struct mpx_path_id){ "nvme0n1", "3600", "NETAPP", "LUN", "scsi:fcp", NULL };
	assert_true(mpx_conf_blacklisted(&c, &sda, why, sizeof(why)));
	assert_string_equal(why, "blacklisted by devnode \"!^sd\" at t.conf:2");
	sda.devnode = "sdq";
	assert_false(mpx_conf_blacklisted(&c, &sda, why, sizeof(why)));
	sda.product = "VIRTUAL-DISK";
	assert_true(mpx_conf_blacklisted(&c, &sda, why, sizeof(why)));
	sda.vendor = "ACME";
	sda.product = "Widget"; /* neither NETAPP/PURE nor LUN */
	assert_true(mpx_conf_blacklisted(&c, &sda, why, sizeof(why)));
	sda.product = "LUN";
	assert_false(mpx_conf_blacklisted(&c, &sda, why, sizeof(why)));
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

#define FIXTURE FIXTURES "/multipath-tools.conf"

/*
 * An option's effective value for a LUN (NULL: defaults only), and where
 * it came from: "built in", "built in (<family>)", "<section> at <line>"
 * or "<section>[<n>] at <line>" of the fixture.
 */
static void expect_opt(const struct mpx_config *c, const struct mpx_dev_id *dev, enum mpx_opt id,
		       long long i, const char *s, const char *origin)
{
	char at[1024], want[1024];
	struct mpx_origin o;
	union mpx_val v = mpx_conf_get(c, id, dev, &o);
	const char *line = strstr(origin, " at ");

	if (line)
		snprintf(want, sizeof(want), "%.*s at " FIXTURE ":%s", (int)(line - origin), origin,
			 line + 4);
	else
		snprintf(want, sizeof(want), "%s", origin);
	mpx_origin_format(&o, at, sizeof(at));
	if ((s ? !v.s || strcmp(v.s, s) : v.i != i) || strcmp(at, want)) {
		print_error("%s of %s: %s%lld%s from \"%s\"; want %s%lld%s from \"%s\"\n",
			    mpx_kw_by_id(id)->name, dev ? dev->vendor : "defaults", s ? "\"" : "",
			    s ? 0 : v.i, s ? (v.s ? v.s : "(null)") : "", at, s ? "\"" : "",
			    s ? 0 : i, s ? s : "", want);
		fail();
	}
}

#define EXPECT_I(dev, id, i, origin) expect_opt(&c, dev, id, i, NULL, origin)
#define EXPECT_S(dev, id, s, origin) expect_opt(&c, dev, id, 0, s, origin)

static void expect_rule(const struct mpx_bl_rule *r, int kind, const char *pattern,
			const char *vendor, const char *product, unsigned int line)
{
	assert_int_equal(r->kind, kind);
	if (pattern)
		assert_string_equal(r->pattern, pattern);
	if (vendor)
		assert_string_equal(r->vendor, vendor);
	if (product)
		assert_string_equal(r->product, product);
	assert_int_equal(r->at.kind, MPX_ORIGIN_FILE);
	assert_string_equal(r->at.file, FIXTURE);
	assert_int_equal(r->at.line, line);
}

/*
 * A multipath.conf written for multipath-tools: every value it sets
 * reaches the LUN it is for, from the level multipath-tools takes it
 * from (multipath entry > overrides > config device > built-in device >
 * defaults), with the line it came from; what mpx does not do is one
 * warning per keyword, naming the line.
 */
static void real_multipath_conf(void **state)
{
	static const char *const warnings[] = {
		FIXTURE
		":9: keyword \"uid_attribute\" is not supported by mpx: mpx identifies LUNs by VPD page 0x83, ignoring",
		FIXTURE
		":12: keyword \"rr_min_io\" is not supported by mpx: it is for bio-based maps: see rr_min_io_rq, ignoring",
		FIXTURE ":18: keyword \"max_fds\" is not supported by mpx, ignoring",
		FIXTURE ":20: keyword \"fast_io_fail_tmo\" is not supported by mpx, ignoring",
		FIXTURE ":21: keyword \"dev_loss_tmo\" is not supported by mpx, ignoring",
		FIXTURE ":22: keyword \"log_checker_err\" is not supported by mpx, ignoring",
		FIXTURE ":55: path_checker \"emc_clariion\": checker not implemented, using tur",
		FIXTURE ":57: prio \"emc\": prioritizer not implemented, using const",
	};
	const struct mpx_dev_id netapp = { "NETAPP", "LUN C-Mode", "9.1", "3600a098038303053" };
	const struct mpx_dev_id dgc = { "DGC", "VRAID", "4201", "36006016015301d00" };
	const struct mpx_dev_id hp3par = { "3PARdata", "VV", "3315", "360002ac0000000000" };
	const struct mpx_dev_id yellow = { "HP", "HSV210", "6220",
					   "3600508b4000156d700012000000b0000" };
	const struct mpx_dev_id red = { "QEMU", "QEMU HARDDISK", "2.5+", "1DEC_____321816758474" };
	struct mpx_config c = { 0 };
	struct conf_error err = { 0 };
	size_t i;
	int r;

	r = mpx_config_load(&c, FIXTURE, NULL, &err);
	if (r)
		print_error("%s:%u: %s\n", err.file, err.line, err.msg);
	assert_int_equal(r, 0);
	assert_int_equal(c.nr_devices - c.nr_builtin_devices, 3);
	assert_int_equal(c.nr_multipaths, 2);

	/* defaults */
	EXPECT_I(NULL, OPT_USER_FRIENDLY_NAMES, 1, "defaults at 3");
	EXPECT_I(NULL, OPT_FIND_MULTIPATHS, MPX_FIND_YES, "defaults at 4");
	EXPECT_I(NULL, OPT_POLLING_INTERVAL, 10000, "defaults at 5"); /* ms */
	EXPECT_I(NULL, OPT_MAX_POLLING_INTERVAL, 40000, "defaults at 6");
	EXPECT_S(NULL, OPT_PATH_SELECTOR, "round-robin 0", "defaults at 7");
	EXPECT_I(NULL, OPT_PATH_GROUPING_POLICY, MPX_PGP_FAILOVER, "defaults at 8");
	EXPECT_I(NULL, OPT_PRIO, 0 /* const */, "defaults at 10");
	EXPECT_I(NULL, OPT_PATH_CHECKER, MPX_CHECKER_TUR, "defaults at 11");
	EXPECT_I(NULL, OPT_RR_MIN_IO_RQ, 1, "defaults at 13");
	EXPECT_I(NULL, OPT_RR_WEIGHT, MPX_RR_WEIGHT_UNIFORM, "defaults at 14");
	EXPECT_I(NULL, OPT_FAILBACK, MPX_FAILBACK_IMMEDIATE, "defaults at 15");
	EXPECT_I(NULL, OPT_FLUSH_ON_LAST_DEL, MPX_FLUSH_ALWAYS, "defaults at 17");
	EXPECT_I(NULL, OPT_QUEUE_WITHOUT_DAEMON, 0, "defaults at 19");
	EXPECT_I(NULL, OPT_DETECT_PRIO, 1, "defaults at 23");
	EXPECT_S(NULL, OPT_FEATURES, "0", "built in");
	/* overrides beat devices and defaults: no_path_retry 12 and queue lose to fail */
	EXPECT_I(NULL, OPT_NO_PATH_RETRY, MPX_NO_PATH_RETRY_FAIL, "overrides at 92");

	/* NETAPP: its config entry, then the built-in ONTAP entry, then defaults */
	EXPECT_I(&netapp, OPT_PATH_GROUPING_POLICY, MPX_PGP_GROUP_BY_PRIO, "devices[1] at 41");
	EXPECT_I(&netapp, OPT_PATH_CHECKER, MPX_CHECKER_TUR, "devices[1] at 42");
	EXPECT_S(&netapp, OPT_FEATURES, "3 queue_if_no_path pg_init_retries 50",
		 "devices[1] at 43");
	EXPECT_S(&netapp, OPT_HARDWARE_HANDLER, "1 alua", "devices[1] at 44");
	EXPECT_I(&netapp, OPT_PRIO, 1 /* alua */, "devices[1] at 45");
	EXPECT_I(&netapp, OPT_FAILBACK, MPX_FAILBACK_IMMEDIATE, "devices[1] at 46");
	EXPECT_I(&netapp, OPT_RR_WEIGHT, MPX_RR_WEIGHT_UNIFORM, "devices[1] at 47");
	EXPECT_I(&netapp, OPT_NO_PATH_RETRY, MPX_NO_PATH_RETRY_FAIL, "overrides at 92");
	EXPECT_S(&netapp, OPT_PATH_SELECTOR, "service-time 0", "built in (NetApp ONTAP)");
	EXPECT_I(&netapp, OPT_USER_FRIENDLY_NAMES, 0, "built in (NetApp ONTAP)");
	EXPECT_I(&netapp, OPT_RR_MIN_IO_RQ, 1, "defaults at 13");

	/* DGC (product ".*"): emc checker and prio fall back, the handler stays */
	EXPECT_I(&dgc, OPT_PATH_CHECKER, MPX_CHECKER_TUR, "devices[2] at 55");
	EXPECT_S(&dgc, OPT_HARDWARE_HANDLER, "1 emc", "devices[2] at 56");
	EXPECT_I(&dgc, OPT_PRIO, 0 /* const */, "devices[2] at 57");
	EXPECT_I(&dgc, OPT_PATH_GROUPING_POLICY, MPX_PGP_GROUP_BY_PRIO, "devices[2] at 58");
	EXPECT_I(&dgc, OPT_FAILBACK, MPX_FAILBACK_IMMEDIATE, "devices[2] at 59");
	EXPECT_S(&dgc, OPT_PATH_SELECTOR, "round-robin 0", "defaults at 7");

	/* 3PAR: quoted values */
	EXPECT_I(&hp3par, OPT_PATH_GROUPING_POLICY, MPX_PGP_GROUP_BY_PRIO, "devices[3] at 65");
	EXPECT_S(&hp3par, OPT_PATH_SELECTOR, "service-time 0", "devices[3] at 66");
	EXPECT_I(&hp3par, OPT_PATH_CHECKER, MPX_CHECKER_TUR, "devices[3] at 67");
	EXPECT_S(&hp3par, OPT_HARDWARE_HANDLER, "1 alua", "devices[3] at 68");
	EXPECT_I(&hp3par, OPT_PRIO, 1 /* alua */, "devices[3] at 69");
	EXPECT_I(&hp3par, OPT_NO_PATH_RETRY, MPX_NO_PATH_RETRY_FAIL, "overrides at 92");

	/* multipath entries beat overrides; one that sets only an alias */
	EXPECT_S(&yellow, OPT_ALIAS, "yellow", "multipaths[1] at 79");
	EXPECT_I(&yellow, OPT_PATH_GROUPING_POLICY, MPX_PGP_MULTIBUS, "multipaths[1] at 80");
	EXPECT_S(&yellow, OPT_PATH_SELECTOR, "round-robin 0", "multipaths[1] at 81");
	EXPECT_I(&yellow, OPT_FAILBACK, MPX_FAILBACK_MANUAL, "multipaths[1] at 82");
	EXPECT_I(&yellow, OPT_RR_WEIGHT, MPX_RR_WEIGHT_PRIORITIES, "multipaths[1] at 83");
	EXPECT_I(&yellow, OPT_NO_PATH_RETRY, 5, "multipaths[1] at 84");
	EXPECT_I(&yellow, OPT_PATH_CHECKER, MPX_CHECKER_TUR, "defaults at 11");
	EXPECT_S(&red, OPT_ALIAS, "red", "multipaths[2] at 88");
	EXPECT_I(&red, OPT_PATH_GROUPING_POLICY, MPX_PGP_FAILOVER, "defaults at 8");
	EXPECT_I(&red, OPT_NO_PATH_RETRY, MPX_NO_PATH_RETRY_FAIL, "overrides at 92");

	/* the blacklist and its exception, rule by rule */
	assert_int_equal(c.blacklist.nr, 4);
	expect_rule(&c.blacklist.rules[0], MPX_BL_WWID, "26353900f02796769", NULL, NULL, 26);
	expect_rule(&c.blacklist.rules[1], MPX_BL_DEVNODE,
		    "^(ram|raw|loop|fd|md|dm-|sr|scd|st)[0-9]*", NULL, NULL, 27);
	expect_rule(&c.blacklist.rules[2], MPX_BL_DEVNODE, "^hd[a-z]", NULL, NULL, 28);
	expect_rule(&c.blacklist.rules[3], MPX_BL_DEVICE, NULL, "IBM", "S/390.*", 29);
	assert_int_equal(c.exceptions.nr, 1);
	expect_rule(&c.exceptions.rules[0], MPX_BL_PROPERTY, "(SCSI_IDENT_|ID_WWN)", NULL, NULL,
		    35);

	/* one warning per keyword mpx does not do (the repeats in devices are not) */
	for (i = 0; i < c.nr_warnings && i < sizeof(warnings) / sizeof(warnings[0]); i++)
		assert_string_equal(c.warnings[i], warnings[i]);
	assert_int_equal(c.nr_warnings, sizeof(warnings) / sizeof(warnings[0]));
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
		cmocka_unit_test(syntax),        cmocka_unit_test(value_warnings),
		cmocka_unit_test(value_errors),  cmocka_unit_test(every_keyword),
		cmocka_unit_test(dropins_merge), cmocka_unit_test(warnings),
		cmocka_unit_test(blacklist),     cmocka_unit_test(real_multipath_conf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
