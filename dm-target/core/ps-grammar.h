/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Table grammar of the built-in selectors. Their per-path words:
 *   round-robin, queue-length   [repeat_count]
 *   service-time                [repeat_count [relative_throughput]]
 * As in the kernel target, a repeat_count above 1 is deprecated: it is
 * stored (and printed back) as 1, with a warning. Group arguments are
 * accepted and ignored. conf.val[0] is the repeat count, val[1] the
 * relative throughput (0..100, default 1).
 */
#ifndef MPX_CORE_PS_GRAMMAR_H
#define MPX_CORE_PS_GRAMMAR_H

#include "table-parse.h"

#define MPX_ST_MAX_RELATIVE_THROUGHPUT 100

extern const struct mpx_ps_grammar mpx_ps_round_robin_grammar;
extern const struct mpx_ps_grammar mpx_ps_queue_length_grammar;
extern const struct mpx_ps_grammar mpx_ps_service_time_grammar;

/* The built-in grammars, for lookups by name (NULL-terminated). */
extern const struct mpx_ps_grammar *const mpx_ps_builtin_grammars[];

#endif
