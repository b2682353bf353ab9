// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control command table mpxd and mpxctl share: requests matched to
 * commands with their arguments (optional ones included), shapes refused,
 * the usage text, and the key and reservation type parsers.
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

#include "ctl/cmd-table.h"

static int match(const char *line, struct mpx_cmd_req *q)
{
	static char buf[256];
	char *w[16], *save = NULL, *t;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (t = strtok_r(buf, " ", &save); t && n < 16; t = strtok_r(NULL, " ", &save))
		w[n++] = t;
	return mpx_cmd_match(w, n, q);
}

static void table_is_indexed_by_id(void **state)
{
	int i;

	for (i = 0; i < MPX_NR_CMDS; i++) {
		assert_int_equal(mpx_cmds[i].id, i);
		assert_non_null(mpx_cmds[i].usage);
		assert_non_null(mpx_cmds[i].help);
	}
}

static void matches_commands_and_arguments(void **state)
{
	struct mpx_cmd_req q;

	assert_int_equal(match("show paths --json", &q), 0);
	assert_int_equal(q.cmd->id, MPX_CMD_SHOW_PATHS);
	assert_true(q.json);
	assert_string_equal(q.cmd->json, "paths");
	assert_int_equal(match("switch map data group 2", &q), 0);
	assert_int_equal(q.cmd->id, MPX_CMD_SWITCH_MAP);
	assert_int_equal(q.nr_args, 2);
	assert_string_equal(q.arg[0], "data");
	assert_string_equal(q.arg[1], "2");
	assert_false(q.json);
	/* an optional trailing argument: absent, then given */
	assert_int_equal(match("persist reserve data 0x1", &q), 0);
	assert_int_equal(q.cmd->id, MPX_CMD_PERSIST_RESERVE);
	assert_int_equal(q.nr_args, 3);
	assert_null(q.arg[2]);
	assert_int_equal(match("persist preempt data 0x1 0x2 exclusive-access", &q), 0);
	assert_int_equal(q.cmd->id, MPX_CMD_PERSIST_PREEMPT);
	assert_string_equal(q.arg[3], "exclusive-access");
	assert_int_equal(match("stats data", &q), 0);
	assert_true(q.cmd->flags & MPX_CMD_LOCAL);
}

static void refuses_other_shapes(void **state)
{
	struct mpx_cmd_req q;

	assert_int_equal(match("show", &q), -ENOENT);
	assert_int_equal(match("show frobs", &q), -ENOENT);
	assert_int_equal(match("fail path", &q), -ENOENT);
	assert_int_equal(match("fail path sdb sdc", &q), -ENOENT);
	assert_int_equal(match("switch map data grp 2", &q), -ENOENT);
	assert_int_equal(match("persist register data", &q), -ENOENT);
	assert_int_equal(match("persist reserve data 0x1 write-exclusive extra", &q), -ENOENT);
	assert_int_equal(match("", &q), -ENOENT);
	assert_int_equal(match("a b c d e f g h i", &q), -E2BIG);
	/* --json does not count as a word */
	assert_int_equal(match("--json --json show status --json", &q), 0);
	assert_int_equal(q.cmd->id, MPX_CMD_SHOW_STATUS);
}

static void usage_lists_the_commands(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int i;

	mpx_cmd_usage(f, NULL, NULL);
	fclose(f);
	for (i = 0; i < MPX_NR_CMDS; i++)
		assert_non_null(strstr(text, mpx_cmds[i].usage));
	free(text);
	f = open_memstream(&text, &len);
	mpx_cmd_usage(f, "persist", ", ");
	fclose(f);
	assert_non_null(strstr(text, "persist register MAP KEY, persist unregister MAP KEY"));
	assert_null(strstr(text, "show"));
	assert_null(strchr(text, '\n'));
	free(text);
}

static void parses_keys_and_types(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	uint64_t key;
	int type;

	assert_int_equal(mpx_cmd_parse_key("0xabc123", &key), 0);
	assert_int_equal(key, 0xabc123);
	assert_int_equal(mpx_cmd_parse_key("42", &key), 0);
	assert_int_equal(key, 42);
	assert_int_equal(mpx_cmd_parse_key("-1", &key), -EINVAL);
	assert_int_equal(mpx_cmd_parse_key("0x", &key), -EINVAL);
	assert_int_equal(mpx_cmd_parse_key("12z", &key), -EINVAL);
	assert_int_equal(mpx_cmd_parse_key("0x1ffffffffffffffff", &key), -EINVAL);
	f = open_memstream(&text, &len);
	assert_int_equal(mpx_cmd_type("exclusive-access-registrants-only", &type, f), 0);
	assert_int_equal(type, 6);
	assert_int_equal(mpx_cmd_type("bogus", &type, f), -EINVAL);
	assert_int_equal(mpx_cmd_key("nokey", &key, f), -EINVAL);
	fclose(f);
	assert_non_null(strstr(text, "unknown reservation type \"bogus\" (write-exclusive, "));
	assert_non_null(strstr(text, "bad key \"nokey\""));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_is_indexed_by_id),
		cmocka_unit_test(matches_commands_and_arguments),
		cmocka_unit_test(refuses_other_shapes),
		cmocka_unit_test(usage_lists_the_commands),
		cmocka_unit_test(parses_keys_and_types),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
