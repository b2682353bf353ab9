// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "message-parse.h"

static int parse(const char *a, const char *b, const char *c, struct mpx_msg *m,
		 const char **reason)
{
	char *argv[3] = { (char *)a, (char *)b, (char *)c };
	unsigned int argc = c ? 3 : b ? 2 : a ? 1 : 0;

	memset(m, 0xff, sizeof(*m));
	*reason = NULL;
	return mpx_message_parse(argc, argv, 3, m, reason);
}

static void verbs(void **state)
{
	struct mpx_msg m;
	const char *reason;

	assert_int_equal(parse("queue_if_no_path", NULL, NULL, &m, &reason), 0);
	assert_int_equal(m.verb, MPX_MSG_VERB_QUEUE_IF_NO_PATH);
	assert_int_equal(parse("FAIL_IF_NO_PATH", NULL, NULL, &m, &reason), 0);
	assert_int_equal(m.verb, MPX_MSG_VERB_FAIL_IF_NO_PATH);
	assert_int_equal(parse("stats", NULL, NULL, &m, &reason), 0);
	assert_int_equal(m.verb, MPX_MSG_VERB_STATS);
	assert_int_equal(parse("Selectors", NULL, NULL, &m, &reason), 0);
	assert_int_equal(m.verb, MPX_MSG_VERB_SELECTORS);
	assert_int_equal(parse("switch_group", "3", NULL, &m, &reason), 0);
	assert_int_equal(m.verb, MPX_MSG_VERB_SWITCH_GROUP);
	assert_int_equal(m.pg, 3);
	assert_int_equal(parse("disable_group", "1", NULL, &m, &reason), 0);
	assert_int_equal(m.verb, MPX_MSG_VERB_DISABLE_GROUP);
	assert_int_equal(parse("Enable_Group", "2", NULL, &m, &reason), 0);
	assert_int_equal(m.verb, MPX_MSG_VERB_ENABLE_GROUP);
	assert_int_equal(parse("fail_path", "8:16", NULL, &m, &reason), 0);
	assert_int_equal(m.verb, MPX_MSG_VERB_FAIL_PATH);
	assert_string_equal(m.dev, "8:16");
	assert_int_equal(parse("reinstate_path", "/dev/sdb", NULL, &m, &reason), 0);
	assert_int_equal(m.verb, MPX_MSG_VERB_REINSTATE_PATH);
}

static void refusals(void **state)
{
	struct mpx_msg m;
	const char *reason;

	assert_int_equal(parse(NULL, NULL, NULL, &m, &reason), -E2BIG);
	assert_string_equal(reason, "Invalid multipath message arguments. Expected 2 arguments");
	assert_int_equal(parse("bogus", NULL, NULL, &m, &reason), -E2BIG);
	assert_int_equal(parse("switch_group", NULL, NULL, &m, &reason), -E2BIG);
	assert_int_equal(parse("switch_group", "1", "2", &m, &reason), -E2BIG);
	assert_int_equal(parse("queue_if_no_path", "1", NULL, &m, &reason), -EOPNOTSUPP);
	assert_string_equal(reason, "Unrecognised multipath message received");
	assert_int_equal(parse("bogus", "1", NULL, &m, &reason), -EOPNOTSUPP);
	assert_int_equal(parse("switch_group", "0", NULL, &m, &reason), -EINVAL);
	assert_string_equal(reason, "invalid PG number supplied to switch_pg_num");
	assert_int_equal(parse("switch_group", "4", NULL, &m, &reason), -EINVAL);
	assert_int_equal(parse("switch_group", "x", NULL, &m, &reason), -EINVAL);
	assert_int_equal(parse("disable_group", "4", NULL, &m, &reason), -EINVAL);
	assert_string_equal(reason, "invalid PG number supplied to bypass_pg");
	assert_int_equal(parse("enable_group", "-1", NULL, &m, &reason), -EINVAL);
}

static void devno(void **state)
{
	unsigned int maj = 0, min = 0;

	assert_int_equal(mpx_parse_devno("8:16", &maj, &min), 0);
	assert_int_equal(maj, 8);
	assert_int_equal(min, 16);
	assert_int_equal(mpx_parse_devno("8:", &maj, &min), -EINVAL);
	assert_int_equal(mpx_parse_devno(":1", &maj, &min), -EINVAL);
	assert_int_equal(mpx_parse_devno("sdb", &maj, &min), -EINVAL);
	assert_int_equal(mpx_parse_devno("8:1:2", &maj, &min), -EINVAL);
	assert_int_equal(mpx_parse_devno("123456789012345678901234567:1", &maj, &min), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verbs),
		cmocka_unit_test(refusals),
		cmocka_unit_test(devno),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
