// SPDX-License-Identifier: GPL-2.0-only
#include "message-parse.h"
#include "args.h"

static const struct {
	const char *word;
	enum mpx_msg_verb verb;
} one_word[] = {
	{ "queue_if_no_path", MPX_MSG_VERB_QUEUE_IF_NO_PATH },
	{ "fail_if_no_path", MPX_MSG_VERB_FAIL_IF_NO_PATH },
	{ "stats", MPX_MSG_VERB_STATS },
	{ "selectors", MPX_MSG_VERB_SELECTORS },
}, two_words[] = {
	{ "disable_group", MPX_MSG_VERB_DISABLE_GROUP },
	{ "enable_group", MPX_MSG_VERB_ENABLE_GROUP },
	{ "switch_group", MPX_MSG_VERB_SWITCH_GROUP },
	{ "fail_path", MPX_MSG_VERB_FAIL_PATH },
	{ "reinstate_path", MPX_MSG_VERB_REINSTATE_PATH },
};

static int parse_pg(const char *w, unsigned int nr_pgs, struct mpx_msg *msg,
		    const char **reason)
{
	unsigned int n;

	if (mpx_parse_uint(w, &n) < 0 || !n || n > nr_pgs) {
		*reason = msg->verb == MPX_MSG_VERB_SWITCH_GROUP ?
			  "invalid PG number supplied to switch_pg_num" :
			  "invalid PG number supplied to bypass_pg";
		return -EINVAL;
	}
	msg->pg = n;
	return 0;
}

int mpx_message_parse(unsigned int argc, char **argv, unsigned int nr_pgs,
		      struct mpx_msg *msg, const char **reason)
{
	unsigned int i;

	if (argc == 1) {
		for (i = 0; i < ARRAY_SIZE(one_word); i++) {
			if (mpx_word_eq(argv[0], one_word[i].word)) {
				msg->verb = one_word[i].verb;
				return 0;
			}
		}
	}
	if (argc != 2) {
		*reason = "Invalid multipath message arguments. Expected 2 arguments";
		return -E2BIG;
	}
	for (i = 0; i < ARRAY_SIZE(two_words); i++)
		if (mpx_word_eq(argv[0], two_words[i].word))
			break;
	if (i == ARRAY_SIZE(two_words)) {
		*reason = "Unrecognised multipath message received";
		return -EOPNOTSUPP;
	}
	msg->verb = two_words[i].verb;
	switch (msg->verb) {
	case MPX_MSG_VERB_FAIL_PATH:
	case MPX_MSG_VERB_REINSTATE_PATH:
		msg->dev = argv[1];
		return 0;
	default:
		return parse_pg(argv[1], nr_pgs, msg, reason);
	}
}

int mpx_parse_devno(const char *s, unsigned int *maj, unsigned int *min)
{
	char buf[24];
	const char *colon = strchr(s, ':');
	size_t n;

	if (!colon)
		return -EINVAL;
	n = (size_t)(colon - s);
	if (n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (mpx_parse_uint(buf, maj) < 0 || mpx_parse_uint(colon + 1, min) < 0)
		return -EINVAL;
	return 0;
}
