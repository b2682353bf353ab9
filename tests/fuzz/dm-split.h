/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's dm_split_args(), for the harnesses of the target's parsers:
 * device-mapper splits a table line (and a message) into words at runs of
 * whitespace, where a backslash quotes the next character. Whitespace is
 * the kernel's isspace(): ' ', \t, \n, \v, \f, \r and Latin-1 NBSP (0xa0).
 * Words are never empty. The words are cut in place in line.
 */
#ifndef MPX_FUZZ_DM_SPLIT_H
#define MPX_FUZZ_DM_SPLIT_H

#include <stdbool.h>
#include <stddef.h>

static inline bool dm_isspace(char c)
{
	unsigned char u = (unsigned char)c;

	return u == ' ' || (u >= '\t' && u <= '\r') || u == 0xa0;
}

/* Up to max words; returns the count (words beyond max are dropped). */
static inline unsigned int dm_split_args(char *line, char **argv, unsigned int max)
{
	char *start, *end = line, *out;
	unsigned int argc = 0;

	for (;;) {
		start = end;
		while (dm_isspace(*start))
			start++;
		if (!*start)
			break;
		end = out = start;
		while (*end) {
			if (*end == '\\' && end[1]) {
				*out++ = end[1];
				end += 2;
				continue;
			}
			if (dm_isspace(*end))
				break;
			*out++ = *end++;
		}
		if (*end)
			end++;
		*out = '\0';
		if (argc < max)
			argv[argc++] = start;
	}
	return argc;
}

#endif
