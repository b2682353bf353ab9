// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "table-check.h"
#include "table-parse.h"
#include "ps-grammar.h"

#define MAX_WORDS 64

const struct mpx_ps_grammar *mpx_builtin_grammar(const char *name, void *data)
{
	unsigned int i;

	for (i = 0; mpx_ps_builtin_grammars[i]; i++)
		if (!strcmp(mpx_ps_builtin_grammars[i]->name, name))
			return mpx_ps_builtin_grammars[i];
	return NULL;
}

/* Parse a whole table line built around the value; NULL or the reason. */
static const char *check_line(const char *fmt, const char *value)
{
	char line[1024], *argv[MAX_WORDS], *save = NULL, *w;
	struct mpx_table t;
	const char *reason = "invalid";
	unsigned int argc = 0;

	if (snprintf(line, sizeof(line), fmt, value) >= (int)sizeof(line))
		return "too long";
	for (w = strtok_r(line, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (argc == MAX_WORDS)
			return "too many words";
		argv[argc++] = w;
	}
	memset(&t, 0, sizeof(t));
	if (mpx_table_parse(&t, argc, argv, mpx_builtin_grammar, NULL, &reason))
		return reason;
	return NULL;
}

/*
 * "<count> <words>...": the count must match, or the table parser would
 * read the next section's words and blame them.
 */
static const char *check_count(const char *value, unsigned int skip)
{
	unsigned int words = 0, count;
	const char *p = value;
	char *end;

	/* the kernel splits a table at these too: its words would not be ours */
	if (strpbrk(value, "\n\v\f\r\xa0"))
		return "only spaces and tabs may separate words";
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (words++ == skip) {
			count = (unsigned int)strtoul(p, &end, 10);
			if (end == p || (*end && *end != ' ' && *end != '\t'))
				return "expected a count of the words that follow";
			words = 0;
			while (*end) {
				while (*end == ' ' || *end == '\t')
					end++;
				if (!*end)
					break;
				words++;
				while (*end && *end != ' ' && *end != '\t')
					end++;
			}
			return words == count ? NULL :
			       "the count does not match the words that follow";
		}
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	return "expected a count of the words that follow";
}

/*
 * Selectors in modules (historical-service-time, latency, third-party
 * ones) have grammars only the kernel knows: their group words are checked
 * when the table loads. io-affinity needs a CPU mask per path, which mpxd
 * has no way to choose.
 */
const char *mpx_check_selector(const char *value)
{
	const char *r = check_count(value, 1);	/* "<name> <count> <args>" */
	char name[64] = "";

	if (r)
		return r;
	sscanf(value, "%63s", name);
	if (!strcmp(name, "io-affinity"))
		return "io-affinity needs a CPU mask per path, which mpxd does not choose: use it with dmsetup";
	if (!mpx_builtin_grammar(name, NULL))
		return NULL;
	return check_line("0 0 1 1 %s 1 0 8:0", value);
}

/*
 * At most the kernel target's 8 words: mpxd adds queue_if_no_path and
 * retain_attached_hw_handler itself, and the target takes 10 in all.
 */
const char *mpx_check_features(const char *value)
{
	const char *r = check_count(value, 0);

	if (!r && strtoul(value, NULL, 10) > 8)
		return "at most 8 feature words";
	return r ? r : check_line("%s 0 0 0", value);
}

const char *mpx_check_hw_handler(const char *value)
{
	const char *r = check_count(value, 0);

	return r ? r : check_line("0 %s 0 0", value);
}
