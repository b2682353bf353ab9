/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading a whole table line with the target's own parser, whatever its
 * selectors: what mpxd compares before a reload and what "show topology"
 * prints. Built-in selectors are read with their grammar; a selector that
 * lives in a kernel module has a grammar only the kernel knows, so its
 * group and per-path words are kept as written (the line counts them).
 */
#ifndef MPX_CONF_TABLE_READ_H
#define MPX_CONF_TABLE_READ_H

#include <stdbool.h>
#include "table-parse.h"

#define MPX_TABLE_READ_MAX_MODULES 8	/* distinct module selectors in one line */

struct mpx_table_read {
	struct mpx_table t;		/* strings point into words */
	char *words;			/* the line, split in place */
	char **argv;
	/* one word-keeping grammar per module selector the line names */
	struct mpx_ps_grammar modules[MPX_TABLE_READ_MAX_MODULES];
	unsigned int nr_modules;
};

/*
 * Parse params into *r (which must not move until freed): 0, or -EINVAL
 * with *reason (the target's words), -E2BIG, -ENOMEM.
 */
int mpx_table_read(const char *params, struct mpx_table_read *r, const char **reason);
void mpx_table_read_free(struct mpx_table_read *r);

/* Whether a selector of a read table kept its words (a module's). */
bool mpx_table_read_is_module(const struct mpx_table_read *r, const struct mpx_ps_grammar *g);

/* The features as the table has them, "1 queue_if_no_path". */
void mpx_table_read_features(const struct mpx_table_read *r, char *buf, size_t len);
/* Group g's (0-based) selector and its words, "service-time 0". */
void mpx_table_read_selector(const struct mpx_table_read *r, unsigned int g, char *buf, size_t len);

/*
 * Whether two read tables load the same into the target: features,
 * handler (unless ignore_hw: the kernel may have attached its own),
 * groups, selectors and their values, paths. The initial group is not
 * compared: it only says where I/O starts.
 */
bool mpx_tables_same(const struct mpx_table_read *a, const struct mpx_table_read *b,
		     bool ignore_hw);

#endif
