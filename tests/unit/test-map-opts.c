// SPDX-License-Identifier: GPL-2.0-only
/*
 * A map's effective options filled from the keyword rows
 * (conf/map-opts.c): every per-map row, in multipath.conf's precedence,
 * the same value mpx_conf_get() gives; built-in defaults without a file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <regex.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "kw.h"
#include "map-opts.h"
#include "parse.h"

static const char text[] =
	"defaults {\n\tno_path_retry 12\n\tfailback immediate\n\tfeatures \"0\"\n}\n"
	"devices {\n\tdevice {\n\t\tvendor \"LIO-ORG\"\n\t\tproduct \".*\"\n"
	"\t\thardware_handler \"1 alua\"\n\t\tpath_grouping_policy group_by_prio\n"
	"\t\tno_path_retry queue\n\t}\n}\n"
	"multipaths {\n\tmultipath {\n\t\twwid 3600a\n\t\tpath_selector \"round-robin 0\"\n"
	"\t\tflush_on_last_del always\n\t}\n}\n"
	"overrides {\n\trr_min_io_rq 7\n}\n";

static void same_as_each_row(void **state)
{
	const struct mpx_dev_id ids[] = {
		{ "LIO-ORG", "disk", "4.0", "3600a" },
		{ "LIO-ORG", "disk", "4.0", "3600b" },
		{ "ACME", "vdisk", NULL, "3600a" },
		{ "ACME", "vdisk", NULL, "3600c" },
	};
	struct mpx_config c = { 0 };
	struct conf_error err;
	struct mpx_map_opts o;
	const struct mpx_kw *kw;
	size_t i, rows = 0;

	assert_int_equal(mpx_config_add_text(&c, "t.conf", text, strlen(text), &err), 0);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		mpx_conf_map_opts(&c, &ids[i], &o);
		for (kw = mpx_kw_map, rows = 0; kw->name; kw++, rows++) {
			union mpx_val want = mpx_conf_get(&c, kw->id, &ids[i], NULL);

			if (kw->type == KW_STRING || kw->type == KW_REGEX)
				assert_ptr_equal(o.v[kw->id].s, want.s);
			else
				assert_int_equal(o.v[kw->id].i, want.i);
		}
	}
	assert_true(rows >= 10);
	/* the LIO LUN named in multipaths: each level where it sets something */
	mpx_conf_map_opts(&c, &ids[0], &o);
	assert_string_equal(o.v[OPT_PATH_SELECTOR].s, "round-robin 0");
	assert_int_equal(o.v[OPT_FLUSH_ON_LAST_DEL].i, MPX_FLUSH_ALWAYS);
	assert_string_equal(o.v[OPT_HARDWARE_HANDLER].s, "1 alua");
	assert_int_equal(o.v[OPT_PATH_GROUPING_POLICY].i, MPX_PGP_GROUP_BY_PRIO);
	assert_int_equal(o.v[OPT_NO_PATH_RETRY].i, MPX_NO_PATH_RETRY_QUEUE);
	assert_int_equal(o.v[OPT_FAILBACK].i, MPX_FAILBACK_IMMEDIATE);
	assert_int_equal(o.v[OPT_RR_MIN_IO_RQ].i, 7);
	/* an array with no built-in row: defaults and built-in values */
	mpx_conf_map_opts(&c, &ids[3], &o);
	assert_string_equal(o.v[OPT_PATH_SELECTOR].s, "service-time 0");
	assert_string_equal(o.v[OPT_HARDWARE_HANDLER].s, "0");
	assert_int_equal(o.v[OPT_NO_PATH_RETRY].i, 12);
	assert_int_equal(o.v[OPT_FLUSH_ON_LAST_DEL].i, MPX_FLUSH_UNUSED);
	/* only per-map options are filled */
	assert_int_equal(o.v[OPT_POLLING_INTERVAL].i, 0);
	mpx_config_free(&c);
}

/* Every regular expression a device entry matches with, counted. */
static unsigned int nr_regexec;

int __real_regexec(const regex_t *re, const char *s, size_t n, regmatch_t *m, int flags);

int __wrap_regexec(const regex_t *re, const char *s, size_t n, regmatch_t *m, int flags)
{
	nr_regexec++;
	return __real_regexec(re, s, n, m, flags);
}

/*
 * A map's options cost one match of each device entry (vendor, product,
 * revision at most), not one per option: the built-in table is long.
 */
static void devices_matched_once(void **state)
{
	const struct mpx_dev_id id = { "NETAPP", "LUN C-Mode", "9.1", "3600x" };
	struct mpx_config c = { 0 };
	struct conf_error err;
	struct mpx_map_opts o;

	assert_int_equal(mpx_config_add_text(&c, "t.conf", text, strlen(text), &err), 0);
	assert_true(c.nr_devices > 10);
	nr_regexec = 0;
	mpx_conf_map_opts(&c, &id, &o);
	assert_true(nr_regexec > 0);
	assert_true(nr_regexec <= 3 * c.nr_devices);
	mpx_config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_as_each_row),
		cmocka_unit_test(devices_matched_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
