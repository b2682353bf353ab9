/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Checks of config strings that end up in a table line, done with the
 * target's own parser (dm-target/core): NULL if fine, else the reason.
 */
#ifndef MPX_CONF_TABLE_CHECK_H
#define MPX_CONF_TABLE_CHECK_H

const char *mpx_check_selector(const char *value);	/* "round-robin 0" */
const char *mpx_check_features(const char *value);	/* "1 queue_if_no_path" */
const char *mpx_check_hw_handler(const char *value);	/* "1 alua" */

/*
 * The grammar of a selector built into dm-mpx, by name, or NULL: the
 * lookup mpx_table_parse() takes (data is unused), for every userspace
 * reader of table lines.
 */
struct mpx_ps_grammar;
const struct mpx_ps_grammar *mpx_builtin_grammar(const char *name, void *data);

#endif
