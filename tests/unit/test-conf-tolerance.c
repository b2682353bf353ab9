// SPDX-License-Identifier: GPL-2.0-only
/*
 * What multipath-tools 0.9 reads past, mpx reads past too: each mistake is
 * exactly one warning naming the file and line, and what the file meant is
 * kept where it can be told (tests/fixtures/conf/tolerance/ has the same
 * cases as files, each with what multipath-tools 0.9.4 says about it).
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

/* text loads with exactly one warning, which contains want */
static void one_warning(struct mpx_config *c, const char *text, const char *want)
{
	struct conf_error err;

	if (load(c, text, &err)) {
		print_error("refused: %s:%u: %s\n%s\n", err.file, err.line, err.msg, text);
		fail();
	}
	if (c->nr_warnings != 1 || !has_warning(c, want)) {
		size_t i;

		print_error("expected one warning with \"%s\", got %zu:\n", want, c->nr_warnings);
		for (i = 0; i < c->nr_warnings; i++)
			print_error("  %s\n", c->warnings[i]);
		fail();
	}
}

static long long polling(const struct mpx_config *c)
{
	return mpx_conf_get(c, OPT_POLLING_INTERVAL, NULL, NULL).i;
}

static void structure(void **state)
{
	struct mpx_config c;

	one_warning(&c, "defaults {\n\tpolling_interval 7\n",
		    "t.conf:1: \"defaults\" is still open at the end of the file: closed there");
	assert_int_equal(polling(&c), 7000);
	mpx_config_free(&c);

	/* nested: one warning, for the outermost */
	one_warning(&c, "devices {\n\tdevice {\n\t\tvendor A\n\t\tproduct B\n",
		    "t.conf:1: \"devices\" is still open");
	assert_int_equal(c.nr_devices - c.nr_builtin_devices, 1);
	mpx_config_free(&c);

	one_warning(
		&c, "defaults\n\n{\n\tpolling_interval 7\n}\n",
		"t.conf:3: '{' belongs on the line of \"defaults\" (line 1): read as its section");
	assert_int_equal(polling(&c), 7000);
	mpx_config_free(&c);

	one_warning(&c, "defaults {\n\tpolling_interval 7\n}\n}\n",
		    "t.conf:4: '}' without an open section: it is ignored");
	mpx_config_free(&c);

	one_warning(
		&c, "defaults {\n\t{\n\t\tpolling_interval 7\n\t}\n\tno_path_retry 3\n}\n",
		"t.conf:2: '{' without a section name: what it holds is read as part of \"defaults\"");
	assert_int_equal(polling(&c), 7000);
	assert_int_equal(mpx_conf_get(&c, OPT_NO_PATH_RETRY, NULL, NULL).i, 3);
	mpx_config_free(&c);

	/* at the top: what it holds is outside any section, a mistake of its own */
	assert_int_equal(load(&c,
			      "{\n\tpolling_interval 7\n}\ndefaults {\n\tpolling_interval 6\n}\n",
			      &(struct conf_error){ 0 }),
			 0);
	assert_int_equal(c.nr_warnings, 2);
	assert_true(has_warning(
		&c,
		"t.conf:1: '{' without a section name: what it holds is read at the top level"));
	assert_true(has_warning(&c, "t.conf:2: \"polling_interval\" outside of any section"));
	assert_int_equal(polling(&c), 6000);
	mpx_config_free(&c);

	one_warning(&c, "defaults {\n\tpolling_interval 7\n} junk words\n",
		    "t.conf:3: words after '}' are ignored");
	assert_int_equal(polling(&c), 7000);
	mpx_config_free(&c);

	/*
	 * Deeper than any multipath.conf section: skipped whole, braces and
	 * all (iteratively: no input exhausts the stack). Only inside an
	 * unknown section can that be, which is warned about too.
	 */
	assert_int_equal(load(&c,
			      "a {\n b {\n  c {\n   d {\n    e {\n     f { g {{{{ }}}} }\n"
			      "    }\n   }\n  }\n }\n}\ndefaults {\n\tpolling_interval 7\n}\n",
			      &(struct conf_error){ 0 }),
			 0);
	assert_int_equal(c.nr_warnings, 2);
	assert_true(has_warning(&c, "t.conf:1: unknown section \"a\""));
	assert_true(has_warning(
		&c, "t.conf:5: \"e\" is nested more than 4 sections deep: it is ignored"));
	assert_int_equal(polling(&c), 7000);
	mpx_config_free(&c);
}

/* Within the unknown "a": a warning for a only (what is in it is not read). */
static void unknown_section_whole(void **state)
{
	struct mpx_config c;

	one_warning(&c, "a {\n\tpolling_interval 7\n\tb {\n\t\tc 1\n\t}\n}\n",
		    "t.conf:1: unknown section \"a\"");
	assert_int_equal(polling(&c), 5000);
	mpx_config_free(&c);
}

static void lines(void **state)
{
	struct mpx_config c;

	one_warning(&c, "defaults {\n\tlonely\n\tpolling_interval 7\n}\n",
		    "t.conf:2: \"lonely\" has no value: it is ignored");
	assert_int_equal(polling(&c), 7000);
	mpx_config_free(&c);

	one_warning(&c, "defaults {\n\tpolling_interval }\n", "\"polling_interval\" has no value");
	mpx_config_free(&c);

	one_warning(&c, "defaults {\n\tpolling_interval\n}\n", "\"polling_interval\" has no value");
	mpx_config_free(&c);

	one_warning(&c, "defaults {\n\t\"polling_interval\" 7\n}\n",
		    "t.conf:2: a keyword cannot be quoted: \"polling_interval\" is ignored");
	assert_int_equal(polling(&c), 5000);
	mpx_config_free(&c);

	one_warning(&c, "defaults {\n\tpath_selector \"round-robin 0\n}\n",
		    "t.conf:2: no closing quote: the value runs to the end of the line");
	assert_string_equal(mpx_conf_get(&c, OPT_PATH_SELECTOR, NULL, NULL).s, "round-robin 0");
	mpx_config_free(&c);

	one_warning(&c, "defaults {\n\tpolling_interval 7 seconds and more\n}\n",
		    "t.conf:2: polling_interval: words after the value (column 21)");
	assert_int_equal(polling(&c), 7000);
	mpx_config_free(&c);

	one_warning(
		&c, "defaults {\n\tpolling_interval 7\n\tpolling_interval 8\n}\n",
		"t.conf:3: \"polling_interval\" is set again (first at line 2): the later value wins");
	assert_int_equal(polling(&c), 8000);
	mpx_config_free(&c);

	/* "checker" is multipath-tools' other name for path_checker */
	one_warning(&c, "defaults {\n\tpath_checker tur\n\tchecker directio\n}\n",
		    "\"checker\" is set again (first at line 2)");
	assert_int_equal(mpx_conf_get(&c, OPT_PATH_CHECKER, NULL, NULL).i, MPX_CHECKER_DIRECTIO);
	mpx_config_free(&c);
}

/* multipath-tools stops reading a line at a NUL byte. */
static void nul_bytes(void **state)
{
	static const char text[] = "defaults {\n\tpolling_interval 7\0 junk\n"
				   "\tno_path_retry 3\0\0\n}\n";
	struct mpx_config c = { 0 };
	struct conf_error err;

	assert_int_equal(mpx_config_add_text(&c, "t.conf", text, sizeof(text) - 1, &err), 0);
	assert_int_equal(c.nr_warnings, 2);
	assert_true(has_warning(&c, "t.conf:2: NUL byte in the line: the rest of it is ignored"));
	assert_true(has_warning(&c, "t.conf:3: NUL byte"));
	assert_int_equal(polling(&c), 7000);
	assert_int_equal(mpx_conf_get(&c, OPT_NO_PATH_RETRY, NULL, NULL).i, 3);
	mpx_config_free(&c);
}

static void entries(void **state)
{
	struct mpx_config c;

	one_warning(&c, "devices {\n\tdevice {\n\t\tvendor A\n\t}\n}\n",
		    "t.conf:2: device entry without \"product\": it is skipped");
	assert_int_equal(c.nr_devices, c.nr_builtin_devices);
	mpx_config_free(&c);

	one_warning(&c, "devices {\n\tdevice {\n\t\tno_path_retry 3\n\t}\n}\n",
		    "device entry without \"vendor\" and \"product\": it is skipped");
	mpx_config_free(&c);

	/* an invalid vendor: one warning, for the line, and the entry goes */
	one_warning(
		&c, "devices {\n\tdevice {\n\t\tvendor \"(\"\n\t\tproduct B\n\t}\n}\n",
		"t.conf:3: vendor: invalid value \"(\" (not a valid regular expression), the entry is skipped");
	assert_int_equal(c.nr_devices, c.nr_builtin_devices);
	mpx_config_free(&c);

	one_warning(&c, "multipaths {\n\tmultipath {\n\t\talias x\n\t}\n}\n",
		    "t.conf:2: multipath entry without \"wwid\": it is skipped");
	assert_int_equal(c.nr_multipaths, 0);
	mpx_config_free(&c);

	one_warning(
		&c,
		"devices {\n\tdevice {\n\t\tvendor A\n\t\tproduct B\n\t\tfailback 3\n\t}\n"
		"\tdevice {\n\t\tvendor A\n\t\tproduct B\n\t\tfailback 4\n\t}\n}\n",
		"t.conf:7: device entry \"A\" \"B\" repeats the one at line 3: merged, the later values win");
	mpx_config_free(&c);

	/* the same strings with another revision are another entry */
	assert_int_equal(load(&c,
			      "devices {\n\tdevice {\n\t\tvendor A\n\t\tproduct B\n\t}\n"
			      "\tdevice {\n\t\tvendor A\n\t\tproduct B\n\t\trevision 2\n\t}\n}\n",
			      &(struct conf_error){ 0 }),
			 0);
	assert_int_equal(c.nr_warnings, 0);
	mpx_config_free(&c);

	one_warning(&c, "devices {\n\tmultipath {\n\t}\n}\n",
		    "t.conf:2: \"multipath\" in devices: expected \"device { ... }\", ignoring");
	mpx_config_free(&c);
}

static void sections(void **state)
{
	struct mpx_config c;

	one_warning(
		&c,
		"defaults {\n\tpolling_interval 7\n\tno_path_retry 2\n}\n"
		"defaults {\n\tpolling_interval 8\n}\n",
		"t.conf:5: a second \"defaults\" section (the first is at line 1): merged, the later values win");
	assert_int_equal(polling(&c), 8000);
	assert_int_equal(mpx_conf_get(&c, OPT_NO_PATH_RETRY, NULL, NULL).i, 2);
	mpx_config_free(&c);

	one_warning(&c, "overrides {\n\tno_path_retry 2\n}\noverrides {\n\tfailback 3\n}\n",
		    "t.conf:4: a second \"overrides\" section");
	assert_int_equal(mpx_conf_get(&c, OPT_NO_PATH_RETRY, NULL, NULL).i, 2);
	mpx_config_free(&c);

	one_warning(&c, "blacklist {\n\tdevnode \"^sda$\"\n}\nblacklist {\n\twwid 1\n}\n",
		    "t.conf:4: a second \"blacklist\" section");
	assert_int_equal(c.blacklist.nr, 2);
	mpx_config_free(&c);

	one_warning(
		&c, "devnode_blacklist {\n\tdevnode \"^sda$\"\n}\n",
		"t.conf:1: section \"devnode_blacklist\" was removed from multipath-tools before 0.9 (the section is blacklist), ignoring");
	mpx_config_free(&c);

	one_warning(&c, "polling_interval 7\n",
		    "t.conf:1: \"polling_interval\" outside of any section");
	mpx_config_free(&c);
}

static void keywords(void **state)
{
	static const struct {
		const char *line, *warning;
	} cases[] = {
		{ "getuid_callout \"/lib/udev/scsi_id -g\"",
		  "keyword \"getuid_callout\" is deprecated (multipath-tools ignores it too)" },
		{ "config_dir /etc/multipath/conf.d",
		  "keyword \"config_dir\" is deprecated (multipath-tools ignores it too): the drop-in directory is fixed" },
		{ "pg_timeout 5", "keyword \"pg_timeout\" is deprecated" },
		{ "udev_dir /dev",
		  "keyword \"udev_dir\" was removed from multipath-tools before 0.9" },
		{ "default_selector \"round-robin 0\"",
		  "\"default_selector\" was removed from multipath-tools before 0.9: the keyword is path_selector" },
		{ "ignore_new_boot_devs yes",
		  "keyword \"ignore_new_boot_devs\" is a Red Hat Enterprise Linux 7 addition, not multipath-tools'" },
		{ "unpriv_sgio yes", "a Red Hat Enterprise Linux 7 addition" },
		{ "async_timeout 5", "a SUSE Linux Enterprise 10 addition" },
		{ "fast_io_fail_tmo 5", "keyword \"fast_io_fail_tmo\" is not supported by mpx" },
		{ "all_tg_pt yes", "keyword \"all_tg_pt\" is not supported by mpx" },
		{ "polling_intervl 7",
		  "unknown keyword \"polling_intervl\" in defaults (did you mean \"polling_interval\"?)" },
		{ "xyz 7", "unknown keyword \"xyz\" in defaults, ignoring" },
		{ "alias x", "keyword \"alias\" does not belong in defaults" },
	};
	struct mpx_config c;
	char text[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "defaults {\n\t%s\n}\n", cases[i].line);
		one_warning(&c, text, cases[i].warning);
		assert_true(has_warning(&c, "t.conf:2: "));
		mpx_config_free(&c);
	}
}

/* reservation_key: the values multipath-tools takes. */
static void reservation_keys(void **state)
{
	struct mpx_config c;
	struct conf_error err;

	assert_int_equal(
		load(&c,
		     "defaults {\n\treservation_key 0x1a2b\n}\n"
		     "multipaths {\n\tmultipath {\n\t\twwid 3600\n\t\treservation_key abc\n\t}\n}\n",
		     &err),
		0);
	assert_int_equal(c.nr_warnings, 0);
	mpx_config_free(&c);
	/* mpxd keeps keys in prkeys_file and registers with APTPL: no warning */
	assert_int_equal(load(&c, "defaults {\n\treservation_key file\n}\n", &err), 0);
	assert_int_equal(c.nr_warnings, 0);
	mpx_config_free(&c);
	assert_int_equal(load(&c, "defaults {\n\treservation_key 0x12:aptpl\n}\n", &err), 0);
	assert_int_equal(c.nr_warnings, 0);
	mpx_config_free(&c);
	expect_error("defaults {\n\treservation_key 0x12345678901234567\n}\n", 2,
		     "reservation_key");
	expect_error("defaults {\n\treservation_key fil\n}\n", 2, "reservation_key");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(structure), cmocka_unit_test(unknown_section_whole),
		cmocka_unit_test(lines),     cmocka_unit_test(nul_bytes),
		cmocka_unit_test(entries),   cmocka_unit_test(sections),
		cmocka_unit_test(keywords),  cmocka_unit_test(reservation_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
