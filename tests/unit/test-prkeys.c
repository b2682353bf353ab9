// SPDX-License-Identifier: GPL-2.0-only
/*
 * reservation_key values and the prkeys file: multipath-tools' format
 * read and written back, other lines kept, keys replaced and removed.
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

#include "prkeys.h"

static char dir[64], file[128];

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/mpx-prkeys.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	/* a directory that does not exist yet: set makes it */
	snprintf(file, sizeof(file), "%s/multipath/prkeys", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

static char *slurp(void)
{
	static char buf[4096];
	FILE *f = fopen(file, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void values(void **state)
{
	struct mpx_prkey k;
	const char *reason;

	assert_int_equal(mpx_prkey_parse("0x1a2B", &k, &reason), 0);
	assert_false(k.from_file);
	assert_false(k.aptpl);
	assert_int_equal(k.key, 0x1a2b);
	assert_int_equal(mpx_prkey_parse("abc", &k, &reason), 0);
	assert_int_equal(k.key, 0xabc);
	assert_int_equal(mpx_prkey_parse("0xffffffffffffffff:aptpl", &k, &reason), 0);
	assert_int_equal(k.key, UINT64_MAX);
	assert_true(k.aptpl);
	assert_int_equal(mpx_prkey_parse("file", &k, &reason), 0);
	assert_true(k.from_file);
	assert_int_equal(mpx_prkey_parse("0x1ffffffffffffffff", &k, &reason), -EINVAL);
	assert_int_equal(mpx_prkey_parse("0x", &k, &reason), -EINVAL);
	assert_int_equal(mpx_prkey_parse("", &k, &reason), -EINVAL);
	assert_int_equal(mpx_prkey_parse("0x12:apt", &k, &reason), -EINVAL);
	assert_non_null(strstr(reason, ":aptpl"));
	assert_int_equal(mpx_prkey_parse("0xg1", &k, &reason), -EINVAL);
	assert_int_equal(mpx_prkey_parse("files", &k, &reason), -EINVAL);
}

static void file_roundtrip(void **state)
{
	uint64_t key;
	bool aptpl;

	assert_int_equal(mpx_prkeys_get(file, "3600a", &key, &aptpl), -ENOENT);
	assert_int_equal(mpx_prkeys_set(file, "3600a", 0xabc123, false), 0);
	assert_int_equal(mpx_prkeys_set(file, "3600b", 0x1, true), 0);
	assert_int_equal(mpx_prkeys_get(file, "3600a", &key, &aptpl), 0);
	assert_int_equal(key, 0xabc123);
	assert_false(aptpl);
	assert_int_equal(mpx_prkeys_get(file, "3600b", &key, &aptpl), 0);
	assert_int_equal(key, 1);
	assert_true(aptpl);
	/* multipath-tools' line format, after a comment header */
	assert_non_null(strstr(slurp(), "\n0x0000000000abc123 3600a\n0X0000000000000001 3600b\n"));
	assert_int_equal(slurp()[0], '#');
	/* a WWID that another one ends with is not it */
	assert_int_equal(mpx_prkeys_get(file, "600a", &key, &aptpl), -ENOENT);
	/* replace, then remove */
	assert_int_equal(mpx_prkeys_set(file, "3600a", 0xdef, false), 0);
	assert_int_equal(mpx_prkeys_get(file, "3600a", &key, &aptpl), 0);
	assert_int_equal(key, 0xdef);
	assert_int_equal(mpx_prkeys_set(file, "3600a", 0, false), 0);
	assert_int_equal(mpx_prkeys_get(file, "3600a", &key, &aptpl), -ENOENT);
	assert_int_equal(mpx_prkeys_get(file, "3600b", &key, &aptpl), 0);
	assert_null(strstr(slurp(), "3600a"));
	{
		struct stat st;

		assert_int_equal(stat(file, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
	}
	assert_int_equal(mpx_prkeys_set(file, "bad wwid", 1, false), -EINVAL);
	assert_int_equal(mpx_prkeys_set(file, "", 1, false), -EINVAL);
}

/* A file multipathd wrote: its header, a key it removed ('#'), keys. */
static void multipathd_file(void **state)
{
	FILE *f = fopen(file, "w");
	uint64_t key;
	bool aptpl;

	assert_non_null(f);
	fputs("# Multipath persistent reservation keys, Version : 1.0\n"
	      "# NOTE: this file is automatically maintained by the multipathd program.\n"
	      "# Format:\n"
	      "# prkey wwid\n"
	      "#\n"
	      "#x0000000000000099 36001405aa\n"
	      "0x00000000000000ab 36001405bb\n"
	      "0X0000000000001234 36001405aa\n"
	      "0xnothex 36001405cc\n",
	      f);
	fclose(f);
	assert_int_equal(mpx_prkeys_get(file, "36001405aa", &key, &aptpl), 0);
	assert_int_equal(key, 0x1234);
	assert_true(aptpl);
	assert_int_equal(mpx_prkeys_get(file, "36001405bb", &key, &aptpl), 0);
	assert_int_equal(key, 0xab);
	assert_int_equal(mpx_prkeys_get(file, "36001405cc", &key, &aptpl), -EINVAL);
	/* rewriting keeps its lines as they were */
	assert_int_equal(mpx_prkeys_set(file, "36001405bb", 0xcd, false), 0);
	assert_non_null(strstr(slurp(), "# prkey wwid\n#\n#x0000000000000099 36001405aa\n"
					"0X0000000000001234 36001405aa\n0xnothex 36001405cc\n"
					"0x00000000000000cd 36001405bb\n"));
	assert_null(strstr(slurp(), "Kept by mpxd")); /* no second header */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values),
		cmocka_unit_test(file_roundtrip),
		cmocka_unit_test(multipathd_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
