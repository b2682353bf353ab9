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
 *   1.2.0  2026-12-03  each path's status ends with its last error class
 *                      and error count (two more per-path words); an I/O
 *                      error that does not fail the path raises an event
 *   1.3.0  2026-12-03  "stats": the tenants line ends with the map's
 *                      failover state, each tenant line has held and
 *                      held_ms before served; a tenant with affinity goes
 *                      ahead of I/O held for a failover where it can
 */
#define MPX_VERSION_MAJOR 1
#define MPX_VERSION_MINOR 3
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

/*
 * Error classes: what the last error on a path was, the last two words of
 * each path in "status" ("<class> <errors>") and "last_error" in "stats".
 * The I/O classes follow the block layer's status of the failed I/O; the
 * numbers are shared with the policy ABI's MPX_POL_CAUSE_* (policy.h).
 */
enum mpx_err_class {
	MPX_ERR_NONE,	/* no error since the table was loaded */
	MPX_ERR_IO,	/* unspecified I/O error (BLK_STS_IOERR) */
	MPX_ERR_TRANSPORT,	/* the link or the port: the command never got there */
	MPX_ERR_TIMEOUT,	/* no answer in time */
	MPX_ERR_TARGET,	/* the target refused it (critical target error) */
	MPX_ERR_NEXUS,	/* this I_T nexus: reservation conflict */
	MPX_ERR_MEDIUM,	/* the LUN's medium: read or write error */
	MPX_ERR_PROTECTION,	/* protection information (PI) check */
	MPX_ERR_RESOURCE,	/* out of resources, try later */
	MPX_ERR_SPACE,	/* out of space (thin provisioning) */
	MPX_ERR_NOTSUPP,	/* the operation is not supported */
	MPX_ERR_OFFLINE,	/* the device is offline */
	MPX_ERR_ACTIVATION,	/* activating its group (pg_init) failed */
	MPX_ERR_OTHER,	/* another block status */
	MPX_ERR_NR
};

/* Their words, indexed by enum mpx_err_class. */
#define MPX_ERR_NAMES                                                                            \
	{                                                                                        \
		"none", "io", "transport", "timeout", "target", "nexus", "medium", "protection", \
			"resource", "space", "notsupp", "offline", "activation", "other"         \
	}

#endif
