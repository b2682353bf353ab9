/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bounded text output with DMEMIT's behaviour: appends while there is room,
 * never overruns, and remembers that output was cut.
 */
#ifndef MPX_CORE_EMIT_H
#define MPX_CORE_EMIT_H

#include "core-types.h"

struct mpx_buf {
	char *p;
	size_t len;	/* size of p, including the terminating NUL */
	size_t pos;	/* bytes written so far */
	bool overflow;
};

static inline void mpx_buf_init(struct mpx_buf *b, char *p, size_t len)
{
	b->p = p;
	b->len = len;
	b->pos = 0;
	b->overflow = false;
	if (len)
		p[0] = '\0';
}

__attribute__((format(printf, 2, 3)))
void mpx_emit(struct mpx_buf *b, const char *fmt, ...);

#endif
