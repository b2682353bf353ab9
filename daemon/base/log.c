// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/log.h"

void mpx_log_init(struct mpx_log *l, const char *ident, int max_prio)
{
	l->ident = ident;
	l->max_prio = max_prio;
	l->journal = getenv("JOURNAL_STREAM") != NULL;
}

int mpx_log_full(const struct mpx_log *l, int prio, int error, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int r = error > 0 ? -error : error;

	if (prio > l->max_prio)
		return r;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (l->journal)
		fprintf(stderr, "<%d>%s%s%s\n", prio, msg, r ? ": " : "",
			r ? strerror(-r) : "");
	else
		fprintf(stderr, "%s: %s%s%s\n", l->ident, msg, r ? ": " : "",
			r ? strerror(-r) : "");
	return r;
}
