/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one logging API of mpx's programs. Messages go to stderr; under
 * systemd (JOURNAL_STREAM set) each line carries the "<N>" priority prefix
 * the journal understands. The level is checked before anything is
 * formatted. The *_errno variants append the error text and return the
 * (negative) error, so callers can write: return log_err_errno(l, r, ...);
 */
#ifndef MPX_LOG_H
#define MPX_LOG_H

#include <stdbool.h>
#include <syslog.h>

struct mpx_log {
	const char *ident;	/* program name, printed when not on the journal */
	int max_prio;		/* LOG_ERR .. LOG_DEBUG */
	bool journal;		/* stderr is connected to the journal */
};

void mpx_log_init(struct mpx_log *l, const char *ident, int max_prio);

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
