// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: the target's message parser (dm-target/core), as
 * "dmsetup message <dev> 0 <words>" reaches it: split by device-mapper,
 * then parsed against maps of 0, 1, 2 and 1024 groups. Checked: a refusal
 * has a reason and one of the documented errors; an accepted group verb
 * names an existing group (the target indexes pgs[pg - 1] with it); a path
 * verb carries its device word. Every word also goes through the "maj:min"
 * parser, whose result must print back to the same numbers, and the words
 * through the tenant message parser (when the tree has it), whose values
 * must be within their documented ranges.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "message-parse.h"
#include "args.h"
#ifdef MPX_FUZZ_TENANT
#include "tenant-parse.h"
#endif
#include "dm-split.h"
#include "fuzz.h"

static void check_message(unsigned int argc, char **argv, unsigned int nr_pgs)
{
	struct mpx_msg msg;
	const char *reason = NULL;
	int r;

	memset(&msg, 0xa5, sizeof(msg));
	r = mpx_message_parse(argc, argv, nr_pgs, &msg, &reason);
	if (r) {
		check(r == -E2BIG || r == -EOPNOTSUPP || r == -EINVAL, "error %d", r);
		check(reason && *reason, "refused without a reason");
		check(r != -E2BIG || argc != 2, "E2BIG for two words");
		return;
	}
	switch (msg.verb) {
	case MPX_MSG_VERB_QUEUE_IF_NO_PATH:
	case MPX_MSG_VERB_FAIL_IF_NO_PATH:
	case MPX_MSG_VERB_STATS:
	case MPX_MSG_VERB_SELECTORS:
		check(argc == 1, "one-word verb with %u words", argc);
		break;
	case MPX_MSG_VERB_DISABLE_GROUP:
	case MPX_MSG_VERB_ENABLE_GROUP:
	case MPX_MSG_VERB_SWITCH_GROUP:
		check(argc == 2, "group verb with %u words", argc);
		check(msg.pg >= 1 && msg.pg <= nr_pgs, "group %u of %u", msg.pg, nr_pgs);
		break;
	case MPX_MSG_VERB_FAIL_PATH:
	case MPX_MSG_VERB_REINSTATE_PATH:
		check(argc == 2 && msg.dev == argv[1], "path verb without its device");
		break;
	default:
		check(0, "verb %d", (int)msg.verb);
	}
}

static void check_devno(const char *w)
{
	unsigned int maj = 0, min = 0, maj2, min2;
	char buf[32];

	if (mpx_parse_devno(w, &maj, &min))
		return;
	check(strchr(w, ':'), "\"%s\" has no colon", w);
	snprintf(buf, sizeof(buf), "%u:%u", maj, min);
	check(!mpx_parse_devno(buf, &maj2, &min2) && maj2 == maj && min2 == min,
	      "\"%s\" -> %s does not parse back", w, buf);
}

#ifdef MPX_FUZZ_TENANT
/* "tenant ..." messages; the parser splits paths= in place, so run it last. */
static void check_tenant(unsigned int argc, char **argv)
{
	struct mpx_tenant_spec t;
	const char *reason = NULL;
	unsigned int i;

	memset(&t, 0xa5, sizeof(t));
	if (mpx_tenant_parse(argc, argv, &t, &reason)) {
		check(reason && *reason, "refused without a reason");
		return;
	}
	check(argc >= 3, "%u words", argc);
	switch (t.verb) {
	case MPX_TENANT_BUDGET:
		check(argc == 3 && t.budget <= 65536, "budget %u", t.budget);
		return;
	case MPX_TENANT_DEL:
		check(argc == 3, "del with %u words", argc);
		return;
	case MPX_TENANT_SET:
		break;
	default:
		check(0, "verb %d", (int)t.verb);
	}
	/* the ranges tenant-parse.h documents */
	check(t.weight >= 1 && t.weight <= MPX_TENANT_MAX_WEIGHT &&
	      t.prio <= MPX_TENANT_MAX_PRIO, "weight %u prio %u", t.weight, t.prio);
	check(!(t.group && t.nr_paths) && t.nr_paths <= MPX_TENANT_MAX_PATHS,
	      "group %u with %u paths", t.group, t.nr_paths);
	for (i = 0; i < t.nr_paths; i++) {
		check(t.paths[i] && *t.paths[i] && !strchr(t.paths[i], ','),
		      "path %u \"%s\"", i, t.paths[i] ? t.paths[i] : "(null)");
	}
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int nr_pgs[] = { 0, 1, 2, 1024 };
	size_t n = strnlen((const char *)data, size);
	char *copy = malloc(n + 1), **argv = malloc((n / 2 + 1) * sizeof(*argv));
	unsigned int argc, i;

	if (!copy || !argv)
		abort();
	memcpy(copy, data, n);
	copy[n] = '\0';
	argc = dm_split_args(copy, argv, (unsigned int)(n / 2 + 1));
	/* exactly argc words: reading past them is a finding */
	argv = realloc(argv, argc * sizeof(*argv) + !argc);
	if (!argv)
		abort();
	for (i = 0; i < sizeof(nr_pgs) / sizeof(nr_pgs[0]); i++)
		check_message(argc, argv, nr_pgs[i]);
	for (i = 0; i < argc; i++)
		check_devno(argv[i]);
#ifdef MPX_FUZZ_TENANT
	check_tenant(argc, argv);
#endif
	free(argv);
	free(copy);
	return 0;
}
