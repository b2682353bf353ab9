// SPDX-License-Identifier: GPL-2.0-only
#include "emit.h"
#ifdef __KERNEL__
#include <linux/stdarg.h>
#else
#include <stdarg.h>
#endif

void mpx_emit(struct mpx_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->overflow || b->pos + 1 >= b->len) {
		b->overflow = true;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->pos, b->len - b->pos, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->len - b->pos) {
		b->overflow = true;
		b->pos = b->len - 1;
		return;
	}
	b->pos += (size_t)n;
}
