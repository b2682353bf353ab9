// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "base/log.h"

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

void mpx_log_init(struct mpx_log *l, const char *ident, int max_prio)
{
	l->ident = ident;
	l->max_prio = max_prio;
	l->journal = getenv("JOURNAL_STREAM") != NULL;
	l->timestamps = false;
}

void mpx_log_timestamps(struct mpx_log *l)
{
	l->timestamps = !l->journal;
	l->t0_us = now_us();
}

static void stamp(const struct mpx_log *l, char *buf, size_t len)
{
	uint64_t t;

	buf[0] = '\0';
	if (!l->timestamps)
		return;
	t = now_us() - l->t0_us;
	snprintf(buf, len, "[%5llu.%06llu] ", (unsigned long long)(t / 1000000),
		 (unsigned long long)(t % 1000000));
}

int mpx_log_full(const struct mpx_log *l, int prio, int error, const char *fmt, ...)
{
	char msg[1024], ts[32];
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
	else {
		stamp(l, ts, sizeof(ts));
		fprintf(stderr, "%s%s: %s%s%s\n", ts, l->ident, msg, r ? ": " : "",
			r ? strerror(-r) : "");
	}
	return r;
}
