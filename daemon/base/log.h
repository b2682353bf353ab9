/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one logging API of mpx's programs. Messages go to stderr; under
 * systemd (JOURNAL_STREAM set) each line carries the "<N>" priority prefix
 * the journal understands. The level is checked before anything is
 * formatted. The *_errno variants append the error text and return the
 * (negative) error, so callers can write: return log_err_errno(l, r, ...);
 * Off the journal, lines may start with the seconds since
 * mpx_log_timestamps() was called ("[    1.234567] "), to see where a
 * start or a failover spends its time; the journal stamps lines itself.
 */
#ifndef MPX_LOG_H
#define MPX_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <syslog.h>

struct mpx_log {
	const char *ident;	/* program name, printed when not on the journal */
	int max_prio;		/* LOG_ERR .. LOG_DEBUG */
	bool journal;		/* stderr is connected to the journal */
	bool timestamps;	/* prefix lines with the time since t0_us */
	uint64_t t0_us;		/* CLOCK_MONOTONIC, microseconds */
};

void mpx_log_init(struct mpx_log *l, const char *ident, int max_prio);
/* Stamp each line from now on with the time since this call (not on the journal). */
void mpx_log_timestamps(struct mpx_log *l);

__attribute__((format(printf, 4, 5)))
int mpx_log_full(const struct mpx_log *l, int prio, int error, const char *fmt, ...);

#define log_full(l, prio, ...) mpx_log_full((l), (prio), 0, __VA_ARGS__)
#define log_err(l, ...) log_full((l), LOG_ERR, __VA_ARGS__)
#define log_warning(l, ...) log_full((l), LOG_WARNING, __VA_ARGS__)
#define log_notice(l, ...) log_full((l), LOG_NOTICE, __VA_ARGS__)
#define log_info(l, ...) log_full((l), LOG_INFO, __VA_ARGS__)
#define log_debug(l, ...) log_full((l), LOG_DEBUG, __VA_ARGS__)
#define log_err_errno(l, r, ...) mpx_log_full((l), LOG_ERR, (r), __VA_ARGS__)
#define log_warning_errno(l, r, ...) mpx_log_full((l), LOG_WARNING, (r), __VA_ARGS__)

#endif
