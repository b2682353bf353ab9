// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading files: with no mpx.conf (nor drop-in), mpxd reads
 * multipath-tools' multipath.conf and conf.d and says so; errors in a
 * multipath-tools drop-in are warnings, as multipath-tools treats them;
 * the built-in device table loads without a warning and is there even
 * with no file at all.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "kw.h"
#include "parse.h"

#include "conf-helpers.h"

static char root[64];

static void put(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char *at(const char *rel)
{
	static char path[4][256];
	static unsigned int i;

	i = (i + 1) % 4;
	snprintf(path[i], sizeof(path[i]), "%s/%s", root, rel);
	return path[i];
}

static int setup(void **state)
{
	char dir[256];

	snprintf(root, sizeof(root), "/tmp/mpx-conf-load.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	snprintf(dir, sizeof(dir), "%s/mpx.conf.d", root);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/multipath", root);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/multipath/conf.d", root);
	mkdir(dir, 0755);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) ? -1 : 0;
}

static int load_compat(struct mpx_config *c, struct conf_error *err)
{
	memset(c, 0, sizeof(*c));
	memset(err, 0, sizeof(*err));
	return mpx_config_load_compat(c, at("mpx.conf"), at("mpx.conf.d"), at("multipath.conf"),
				      at("multipath/conf.d"), err);
}

static bool has_notice(const struct mpx_config *c, const char *part)
{
	size_t i;

	for (i = 0; i < c->nr_notices; i++)
		if (strstr(c->notices[i], part))
			return true;
	return false;
}

/* Only multipath-tools' files: they are read, and the log says so. */
static void reads_multipath_conf(void **state)
{
	struct mpx_config c;
	struct conf_error err;
	struct mpx_origin o;
	char want[512];

	put("multipath.conf", "defaults {\n\tpolling_interval 7\n\tuser_friendly_names yes\n}\n");
	put("multipath/conf.d/10-a.conf", "defaults {\n\tpolling_interval 8\n}\n");
	put("multipath/conf.d/20-b.conf", "defaults {\n\tno_path_retry 3\n}\n");
	put("multipath/conf.d/30-c.txt", "defaults {\n\tno_path_retry 9\n}\n");
	assert_int_equal(load_compat(&c, &err), 0);
	snprintf(want, sizeof(want),
		 "no %s: reading multipath-tools' configuration, %s and %s/*.conf", at("mpx.conf"),
		 at("multipath.conf"), at("multipath/conf.d"));
	assert_true(has_notice(&c, want));
	assert_int_equal(mpx_conf_get(&c, OPT_POLLING_INTERVAL, NULL, &o).i, 8000);
	assert_string_equal(o.file, at("multipath/conf.d/10-a.conf"));
	assert_int_equal(mpx_conf_get(&c, OPT_NO_PATH_RETRY, NULL, NULL).i, 3);
	/* multipath-tools' own files for the names it keeps */
	assert_string_equal(mpx_conf_get(&c, OPT_BINDINGS_FILE, NULL, &o).s,
			    "/etc/multipath/bindings");
	assert_int_equal(o.kind, MPX_ORIGIN_BUILTIN);
	assert_string_equal(mpx_conf_get(&c, OPT_PRKEYS_FILE, NULL, NULL).s,
			    "/etc/multipath/prkeys");
	assert_int_equal(c.nr_warnings, 0);
	mpx_config_free(&c);

	/* a bindings_file in multipath.conf is the admin's */
	put("multipath.conf", "defaults {\n\tbindings_file /var/lib/b\n}\n");
	assert_int_equal(load_compat(&c, &err), 0);
	assert_string_equal(mpx_conf_get(&c, OPT_BINDINGS_FILE, NULL, NULL).s, "/var/lib/b");
	mpx_config_free(&c);

	/* a conf.d alone is enough */
	unlink(at("multipath.conf"));
	assert_int_equal(load_compat(&c, &err), 0);
	assert_int_equal(mpx_conf_get(&c, OPT_POLLING_INTERVAL, NULL, NULL).i, 8000);
	assert_true(has_notice(&c, "reading multipath-tools' configuration"));
	mpx_config_free(&c);
	unlink(at("multipath/conf.d/10-a.conf"));
	unlink(at("multipath/conf.d/20-b.conf"));
	unlink(at("multipath/conf.d/30-c.txt"));
}

/* mpx's own file, or a drop-in of its own, is what is read. */
static void mpx_conf_wins(void **state)
{
	struct mpx_config c;
	struct conf_error err;

	put("multipath.conf", "defaults {\n\tpolling_interval 7\n}\n");
	put("mpx.conf.d/50-x.conf", "defaults {\n\tno_path_retry 2\n}\n");
	assert_int_equal(load_compat(&c, &err), 0);
	assert_int_equal(c.nr_notices, 0);
	assert_int_equal(mpx_conf_get(&c, OPT_POLLING_INTERVAL, NULL, NULL).i, 5000);
	assert_int_equal(mpx_conf_get(&c, OPT_NO_PATH_RETRY, NULL, NULL).i, 2);
	assert_string_equal(mpx_conf_get(&c, OPT_BINDINGS_FILE, NULL, NULL).s, "/etc/mpx/bindings");
	mpx_config_free(&c);
	unlink(at("mpx.conf.d/50-x.conf"));

	put("mpx.conf", "defaults {\n\tpolling_interval 3\n}\n");
	assert_int_equal(load_compat(&c, &err), 0);
	assert_int_equal(mpx_conf_get(&c, OPT_POLLING_INTERVAL, NULL, NULL).i, 3000);
	mpx_config_free(&c);
	unlink(at("mpx.conf"));
	unlink(at("multipath.conf"));

	/* neither: the built-in defaults, said so */
	assert_int_equal(load_compat(&c, &err), 0);
	assert_true(has_notice(&c, "built-in defaults only"));
	assert_true(c.nr_builtin_devices > 0);
	mpx_config_free(&c);
}

/*
 * What multipath-tools refuses in multipath.conf, mpx refuses; in a conf.d
 * file multipath-tools goes on, and so does mpx, with a warning.
 */
static void errors(void **state)
{
	struct mpx_config c;
	struct conf_error err;
	char want[512];

	put("multipath.conf",
	    "defaults {\n\tpolling_interval 7\n}\nblacklist {\n\twwid \"(\"\n}\n");
	assert_int_equal(load_compat(&c, &err), -EINVAL);
	assert_string_equal(err.file, at("multipath.conf"));
	assert_int_equal(err.line, 5);
	mpx_config_free(&c);

	put("multipath.conf", "defaults {\n\tpolling_interval 7\n}\n");
	put("multipath/conf.d/10-bad.conf",
	    "defaults {\n\tno_path_retry 4\n}\n"
	    "blacklist {\n\twwid \"(\"\n}\ndefaults {\n\tfailback 3\n}\n");
	put("multipath/conf.d/20-good.conf", "defaults {\n\tpolling_interval 9\n}\n");
	assert_int_equal(load_compat(&c, &err), 0);
	snprintf(want, sizeof(want),
		 "%s:5: wwid: \"(\" is not a valid regular expression: "
		 "the rest of this file is ignored",
		 at("multipath/conf.d/10-bad.conf"));
	assert_true(has_warning(&c, want));
	assert_int_equal(c.nr_warnings, 1);
	assert_int_equal(mpx_conf_get(&c, OPT_NO_PATH_RETRY, NULL, NULL).i, 4);
	assert_int_equal(mpx_conf_get(&c, OPT_POLLING_INTERVAL, NULL, NULL).i, 9000);
	mpx_config_free(&c);
	unlink(at("multipath/conf.d/10-bad.conf"));
	unlink(at("multipath/conf.d/20-good.conf"));
	unlink(at("multipath.conf"));

	/* mpx's own drop-ins stay strict */
	put("mpx.conf", "");
	put("mpx.conf.d/10-bad.conf", "blacklist {\n\twwid \"(\"\n}\n");
	assert_int_equal(load_compat(&c, &err), -EINVAL);
	mpx_config_free(&c);
	unlink(at("mpx.conf.d/10-bad.conf"));
	unlink(at("mpx.conf"));
}

/* mpxd's loader only looks for multipath.conf in place of its own defaults. */
static void explicit_paths(void **state)
{
	struct mpx_config c = { 0 };
	struct conf_error err = { 0 };

	assert_int_equal(mpx_config_load_mpxd(&c, at("none.conf"), at("none.d"), &err), 0);
	assert_int_equal(c.nr_notices, 0);
	assert_true(c.nr_builtin_devices > 0);
	mpx_config_free(&c);
}

/* Every row of the built-in table loads through the parser with no warning. */
static void builtin_table(void **state)
{
	static const struct {
		struct mpx_dev_id id;
		const char *family;
	} arrays[] = {
		{ { "NETAPP", "LUN C-Mode", "9300", NULL }, "NetApp ONTAP" },
		{ { "PURE", "FlashArray", "8888", NULL }, "Pure FlashArray" },
		{ { "DellEMC", "PowerStore", "0", NULL }, "Dell PowerStore" },
		{ { "EMC", "SYMMETRIX", "6079", NULL }, "Dell PowerMax" },
		{ { "DGC", "VRAID", "0", NULL }, "Dell Unity" },
		{ { "3PARdata", "VV", "4.5", NULL }, "HPE 3PAR/Primera" },
		{ { "Nimble", "Server", "1.0", NULL }, "HPE Nimble" },
		{ { "IBM", "2145", "0000", NULL }, "IBM FlashSystem/SVC" },
		{ { "IBM", "2107900", "1.0", NULL }, "IBM DS8000" },
		{ { "HITACHI", "OPEN-V", "80", NULL }, "Hitachi VSP" },
		{ { "HUAWEI", "XSG1", "6000", NULL }, "Huawei OceanStor" },
		{ { "NFINIDAT", "InfiniBox", "7.1", NULL }, "Infinidat InfiniBox" },
		{ { "LIO-ORG", "ramdisk", "4.0", NULL }, "LIO" },
	};
	struct mpx_config c;
	struct conf_error err;
	struct mpx_origin o;
	char origin[128], want[128];
	size_t i;

	assert_int_equal(load(&c, "", &err), 0);
	assert_int_equal(c.nr_warnings, 0);
	assert_int_equal(c.nr_builtin_devices, sizeof(arrays) / sizeof(arrays[0]));
	for (i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++) {
		mpx_conf_get(&c, OPT_PATH_GROUPING_POLICY, &arrays[i].id, &o);
		mpx_origin_format(&o, origin, sizeof(origin));
		snprintf(want, sizeof(want), "built in (%s)", arrays[i].family);
		assert_string_equal(origin, want);
	}
	/* the placeholder LUN of an unmapped Unity host is never multipathed */
	{
		struct mpx_dev_id lunz = { "DGC", "LUNZ", "0", NULL };

		assert_int_equal(regexec(&c.devices[4].blacklist_re, lunz.product, 0, NULL, 0), 0);
	}
	mpx_config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_multipath_conf),
		cmocka_unit_test(mpx_conf_wins),
		cmocka_unit_test(errors),
		cmocka_unit_test(explicit_paths),
		cmocka_unit_test(builtin_table),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
