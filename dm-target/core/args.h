/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Argument cursor and bounded number parsing for table lines and messages,
 * with the semantics of the kernel's struct dm_arg / dm_read_arg: a number
 * is decimal digits only (no sign, no space, nothing after it), within
 * [min, max], and a counted group must fit in what is left of the line. A
 * failure yields the one reason string attached to the range.
 */
#ifndef MPX_CORE_ARGS_H
#define MPX_CORE_ARGS_H

#include "core-types.h"

struct mpx_args {
	unsigned int argc;
	char **argv;
};

struct mpx_arg_range {
	unsigned int min;
	unsigned int max;
	const char *reason;
};

/* Next word, or NULL at the end of the line. */
const char *mpx_args_shift(struct mpx_args *as);

/* Split off the next n words as their own cursor (n <= as->argc). */
void mpx_args_split(struct mpx_args *as, unsigned int n, struct mpx_args *group);

/* Parse "%u" strictly: 0 on success, -EINVAL on anything else. */
int mpx_parse_uint(const char *s, unsigned int *ret);

/* Shift a number in range; on failure *reason = range->reason. */
int mpx_args_read(struct mpx_args *as, const struct mpx_arg_range *range,
		  unsigned int *ret, const char **reason);

/* As mpx_args_read, and the value is a count of words that must follow. */
int mpx_args_read_group(struct mpx_args *as, const struct mpx_arg_range *range,
			unsigned int *ret, const char **reason);

/* ASCII case-insensitive equality, as the kernel target matches words. */
bool mpx_word_eq(const char *a, const char *b);

#endif
