/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * "dmsetup message <dev> 0 <verb> [<arg>]" for the mpx target:
 *   queue_if_no_path | fail_if_no_path | stats | selectors
 *   disable_group <n> | enable_group <n> | switch_group <n>
 *   fail_path <dev> | reinstate_path <dev>
 * Verbs match case-insensitively, as in the kernel multipath target, whose
 * reasons are reused. The device is checked by the caller.
 */
#ifndef MPX_CORE_MESSAGE_PARSE_H
#define MPX_CORE_MESSAGE_PARSE_H

#include "core-types.h"

enum mpx_msg_verb {
	MPX_MSG_VERB_QUEUE_IF_NO_PATH,
	MPX_MSG_VERB_FAIL_IF_NO_PATH,
	MPX_MSG_VERB_STATS,
	MPX_MSG_VERB_SELECTORS,
	MPX_MSG_VERB_DISABLE_GROUP,
	MPX_MSG_VERB_ENABLE_GROUP,
	MPX_MSG_VERB_SWITCH_GROUP,
	MPX_MSG_VERB_FAIL_PATH,
	MPX_MSG_VERB_REINSTATE_PATH,
};

struct mpx_msg {
	enum mpx_msg_verb verb;
	unsigned int pg;	/* 1-based, for the group verbs */
	const char *dev;	/* for the path verbs */
};

/*
 * Returns 0, or a negative errno with a reason: -E2BIG for a wrong word
 * count (the caller adds ", got <argc>."), -EOPNOTSUPP for an unknown verb
 * (the caller adds ": <verb>"), -EINVAL for a bad group number.
 */
int mpx_message_parse(unsigned int argc, char **argv, unsigned int nr_pgs,
		      struct mpx_msg *msg, const char **reason);

/* Parse "maj:min" strictly; 0 or -EINVAL. */
int mpx_parse_devno(const char *s, unsigned int *maj, unsigned int *min);

#endif
