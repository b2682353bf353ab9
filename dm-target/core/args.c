// SPDX-License-Identifier: GPL-2.0-only
/*
 * Argument cursor and strict unsigned parsing shared by the table parser,
 * the message parser and the selectors' argument parsers.
 */
#include "args.h"

const char *mpx_args_shift(struct mpx_args *as)
{
	if (!as->argc)
		return NULL;
	as->argc--;
	return *as->argv++;
}

void mpx_args_split(struct mpx_args *as, unsigned int n, struct mpx_args *group)
{
	if (n > as->argc)
		n = as->argc;
	group->argc = n;
	group->argv = as->argv;
	as->argc -= n;
	as->argv += n;
}

int mpx_parse_uint(const char *s, unsigned int *ret)
{
	u64 v = 0;

	if (!s || !*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (unsigned int)(*s - '0');
		if (v > 0xffffffffULL)
			return -EINVAL;
	}
	*ret = (unsigned int)v;
	return 0;
}

static int read_arg(struct mpx_args *as, const struct mpx_arg_range *range,
		    unsigned int *ret, const char **reason, bool grouped)
{
	unsigned int v;

	if (mpx_parse_uint(mpx_args_shift(as), &v) < 0 ||
	    v < range->min || v > range->max || (grouped && v > as->argc)) {
		*reason = range->reason;
		return -EINVAL;
	}
	*ret = v;
	return 0;
}

int mpx_args_read(struct mpx_args *as, const struct mpx_arg_range *range,
		  unsigned int *ret, const char **reason)
{
	return read_arg(as, range, ret, reason, false);
}

int mpx_args_read_group(struct mpx_args *as, const struct mpx_arg_range *range,
			unsigned int *ret, const char **reason)
{
	return read_arg(as, range, ret, reason, true);
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool mpx_word_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower(*a) != lower(*b))
			return false;
	return *a == *b;
}
