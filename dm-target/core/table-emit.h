/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The canonical table line ("dmsetup table"), in the kernel multipath
 * target's normalised form: features in a fixed order, the handler name
 * without its arguments, each group's selector status instead of its
 * arguments, devices as maj:min, and a trailing space after every word.
 */
#ifndef MPX_CORE_TABLE_EMIT_H
#define MPX_CORE_TABLE_EMIT_H

#include "table-parse.h"

/* "<#words> <words>... " for the features, with the live queue_if_no_path. */
void mpx_emit_features(struct mpx_buf *b, const struct mpx_features *f,
		       bool queue_if_no_path);

/* "0 " or "1 <name> " */
void mpx_emit_hw_handler(struct mpx_buf *b, const char *name);

/*
 * A whole parsed table; devs[i] names path i (NULL: as written). pg_num is
 * the group number status reports (see the target's pg_num rule).
 */
void mpx_emit_table(struct mpx_buf *b, const struct mpx_table *t,
		    const char *const *devs, unsigned int pg_num);

#endif
