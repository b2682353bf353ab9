/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Names shared by the dm-mpx target and its userspace (mpxd, mpxctl,
 * tests): the target name and version, the feature words of a table line,
 * the message verbs. Plain C, no kernel or libc headers, so that the module,
 * the daemon and the unit tests all compile the same definitions.
 */
#ifndef MPX_TABLE_H
#define MPX_TABLE_H

#define MPX_TARGET_NAME "mpx"

/*
 * Target version, bumped with every grammar or behaviour change and kept in
 * lock-step with dm-target/dkms.conf.
 *   1.0.0  2026-11-22  first target: multipath grammar, bio dispatch
 *   1.1.0  2026-12-03  noflush suspends hand pathless I/O back under
 *                      fail_if_no_path too; no_path_timeout counts across
 *                      resumes; "stats" has a map line; tenants go by the
 *                      original bio's cgroup, exempt metadata/swap/flushes,
 *                      charge discards 512 bytes
 */
#define MPX_VERSION_MAJOR 1
#define MPX_VERSION_MINOR 1
#define MPX_VERSION_PATCH 0

/* Feature words (the leading "<#args> <args>..." group of a table line). */
#define MPX_FEAT_QUEUE_IF_NO_PATH "queue_if_no_path"
#define MPX_FEAT_PG_INIT_RETRIES "pg_init_retries"
#define MPX_FEAT_PG_INIT_DELAY "pg_init_delay_msecs"
#define MPX_FEAT_RETAIN_HW_HANDLER "retain_attached_hw_handler"
#define MPX_FEAT_QUEUE_MODE "queue_mode"
#define MPX_FEAT_NO_PATH_TIMEOUT "no_path_timeout"

/* Message verbs ("dmsetup message <dev> 0 <verb> [args]"). */
#define MPX_MSG_QUEUE_IF_NO_PATH "queue_if_no_path"
#define MPX_MSG_FAIL_IF_NO_PATH "fail_if_no_path"
#define MPX_MSG_DISABLE_GROUP "disable_group"
#define MPX_MSG_ENABLE_GROUP "enable_group"
#define MPX_MSG_SWITCH_GROUP "switch_group"
#define MPX_MSG_FAIL_PATH "fail_path"
#define MPX_MSG_REINSTATE_PATH "reinstate_path"
#define MPX_MSG_STATS "stats"
#define MPX_MSG_SELECTORS "selectors"

#endif
