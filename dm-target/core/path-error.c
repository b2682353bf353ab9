// SPDX-License-Identifier: GPL-2.0-only
/* A path's error record: class words and the path-failure rule (path-error.h). */
#include "path-error.h"

static const char *const names[MPX_ERR_NR] = MPX_ERR_NAMES;

const char *mpx_err_name(unsigned int c)
{
	return c < MPX_ERR_NR ? names[c] : names[MPX_ERR_OTHER];
}

int mpx_err_parse(const char *word)
{
	unsigned int c;

	for (c = 0; c < MPX_ERR_NR; c++)
		if (!strcmp(word, names[c]))
			return (int)c;
	return -EINVAL;
}

bool mpx_err_fails_path(unsigned int c)
{
	switch (c) {
	case MPX_ERR_NONE:
	case MPX_ERR_TARGET:
	case MPX_ERR_NEXUS:
	case MPX_ERR_MEDIUM:
	case MPX_ERR_PROTECTION:
	case MPX_ERR_SPACE:
	case MPX_ERR_NOTSUPP:
		return false;
	default:
		return true;
	}
}

void mpx_emit_path_err(struct mpx_buf *b, unsigned int c, u64 errors)
{
	mpx_emit(b, "%s %llu ", mpx_err_name(c), (unsigned long long)errors);
}
