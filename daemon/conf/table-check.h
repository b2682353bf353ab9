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

#endif
