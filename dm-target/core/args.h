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
#include <mpx/ps-grammar.h>

struct mpx_arg_range {
	unsigned int min;
	unsigned int max;
	const char *reason;
};

/* mpx_args_shift, mpx_args_split and mpx_parse_uint: see <mpx/ps-grammar.h>. */

/* Shift a number in range; on failure *reason = range->reason. */
int mpx_args_read(struct mpx_args *as, const struct mpx_arg_range *range,
		  unsigned int *ret, const char **reason);

/* As mpx_args_read, and the value is a count of words that must follow. */
int mpx_args_read_group(struct mpx_args *as, const struct mpx_arg_range *range,
			unsigned int *ret, const char **reason);

/* ASCII case-insensitive equality, as the kernel target matches words. */
bool mpx_word_eq(const char *a, const char *b);

#endif
