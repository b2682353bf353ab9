/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * DOC: mpx policy modules
 *
 * A policy module ("plugin") is a shared object that mpxd loads from its
 * policy directory to handle a family of arrays: how their paths form
 * groups and with which priority, how to check a path, what a SCSI error
 * from a path means, which other paths share a failed component, how to
 * activate a standby group, and what to do about persistent reservations.
 * See mpx-policy(7).
 *
 * A plugin exports exactly one symbol, ``mpx_policy``, a const struct
 * mpx_policy; build with -fvisibility=hidden (pkg-config mpx-policy gives
 * the flags). mpxd runs each plugin in a helper process of its own: a
 * plugin that crashes or hangs costs its hook, never the daemon. Hooks are
 * called one at a time, each with a time budget; the plugin must not start
 * threads. Everything a hook gets is a const value struct that lives for
 * the call only; everything it gives back goes into the out-parameters.
 * Hooks return 0 or a negative errno.
 *
 * ABI history (MPX_POLICY_ABI_MAJOR.MINOR):
 *   1.0  2026-11-22  first version
 *   1.1  2026-12-03  analyze_error also runs on errors the kernel target
 *                    reported: struct mpx_pol_sense grew cause,
 *                    kernel_failed, errors and alua_state (read them only
 *                    when struct_size covers them); verdicts SWITCH_GROUP,
 *                    FAIL_GROUP and FAIL_SIBLINGS
 */
#ifndef MPX_POLICY_H
#define MPX_POLICY_H

#include <stddef.h>
#include <stdint.h>

#define MPX_POLICY_ABI_MAJOR 1
#define MPX_POLICY_ABI_MINOR 1

/* Path states (checker verdicts). */
#define MPX_POL_PATH_UP 1
#define MPX_POL_PATH_DOWN 2
#define MPX_POL_PATH_GHOST 3		/* usable once its group is activated */

/* ALUA access states, as REPORT TARGET PORT GROUPS codes them. */
#define MPX_POL_ALUA_OPTIMIZED 0
#define MPX_POL_ALUA_NON_OPTIMIZED 1
#define MPX_POL_ALUA_STANDBY 2
#define MPX_POL_ALUA_UNAVAILABLE 3
#define MPX_POL_ALUA_OFFLINE 14		/* (1.1) */
#define MPX_POL_ALUA_UNKNOWN 15
#define MPX_POL_ALUA_TRANSITIONING 16	/* (1.1) RTPG's 15, which is UNKNOWN here */

/* analyze_error verdicts. */
#define MPX_POL_VERDICT_PATH_OK 1	/* the path is fine: count it up */
#define MPX_POL_VERDICT_PATH_FAILED 2	/* fail it */
#define MPX_POL_VERDICT_RETRY 3		/* transitioning: check again soon, do not fail */
#define MPX_POL_VERDICT_REGROUP 4	/* states changed: re-read and regroup the map */
#define MPX_POL_VERDICT_TARGET_ERROR 5	/* the LUN's problem, not the path's */
#define MPX_POL_VERDICT_SWITCH_GROUP 6	/* (1.1) its group cannot serve now: use another */
#define MPX_POL_VERDICT_FAIL_GROUP 7	/* (1.1) fail every path of its group */
#define MPX_POL_VERDICT_FAIL_SIBLINGS 8	/* (1.1) fail it and the paths sharing its component */

/*
 * (1.1) What the kernel target said of a path's last failed I/O: the block
 * layer's class of that error (the "last_error" word of dm-mpx(4)'s status).
 * The numbers are the target's (enum mpx_err_class in <mpx/table.h>).
 */
#define MPX_POL_CAUSE_NONE 0		/* no kernel error: mpxd's own check */
#define MPX_POL_CAUSE_IO 1		/* unspecified I/O error */
#define MPX_POL_CAUSE_TRANSPORT 2	/* link or port: the command did not get there */
#define MPX_POL_CAUSE_TIMEOUT 3
#define MPX_POL_CAUSE_TARGET 4		/* the LUN refused the command */
#define MPX_POL_CAUSE_NEXUS 5		/* reservation conflict */
#define MPX_POL_CAUSE_MEDIUM 6
#define MPX_POL_CAUSE_PROTECTION 7
#define MPX_POL_CAUSE_RESOURCE 8
#define MPX_POL_CAUSE_SPACE 9
#define MPX_POL_CAUSE_NOTSUPP 10
#define MPX_POL_CAUSE_OFFLINE 11	/* the SCSI device is offline */
#define MPX_POL_CAUSE_ACTIVATION 12	/* activating its group failed */
#define MPX_POL_CAUSE_OTHER 13

/* reservation actions. */
#define MPX_POL_RESV_NONE 1		/* leave the path alone */
#define MPX_POL_RESV_REGISTER 2		/* register the map's key through the path */

/* scsi_cmd directions. */
#define MPX_POL_DIR_NONE 0
#define MPX_POL_DIR_FROM_DEV 1
#define MPX_POL_DIR_TO_DEV 2

/**
 * struct mpx_pol_path - what mpxd knows of one path (read only)
 * @struct_size: sizeof as mpxd built it; fields beyond it are absent
 * @devnode: kernel name, e.g. "sdb"
 * @devno: "major:minor"
 * @hctl: "host:channel:target:lun"
 * @host: SCSI host number (paths through one HBA share it)
 * @state: MPX_POL_PATH_* from the last check (0: not checked yet)
 * @alua_state: MPX_POL_ALUA_* the kernel last saw, or MPX_POL_ALUA_UNKNOWN
 * @alua_preferred: the port is marked preferred
 * @tpg: target port group id (VPD 0x83), valid if @have_tpg
 * @rel_port: relative target port id, valid if @have_rel_port
 * @port_name: target port identifier (VPD 0x83), "" if none
 * @node_name: target node name of the transport, "" if none
 * @serial: unit serial number (VPD 0x80)
 * @protocol: "scsi:fcp", "scsi:iscsi", "scsi:sas", "scsi:unspec"
 * @wwid: the LUN's WWID
 */
struct mpx_pol_path {
	uint32_t struct_size;
	const char *devnode;
	const char *devno;
	const char *hctl;
	uint32_t host;
	int32_t state;
	int32_t alua_state;
	int32_t alua_preferred;
	int32_t have_tpg;
	uint32_t tpg;
	int32_t have_rel_port;
	uint32_t rel_port;
	const char *port_name;
	const char *node_name;
	const char *serial;
	const char *protocol;
	const char *wwid;
};

/**
 * struct mpx_pol_device - a LUN and its paths (read only)
 * @struct_size: sizeof as mpxd built it
 * @vendor, @product, @revision: SCSI inquiry strings, trimmed
 * @wwid: the LUN's WWID
 * @array_type: "alua" when the LUN reports target port groups, else ""
 * @nr_paths: entries in @paths
 * @paths: the LUN's paths, in discovery order
 */
struct mpx_pol_device {
	uint32_t struct_size;
	const char *vendor;
	const char *product;
	const char *revision;
	const char *wwid;
	const char *array_type;
	uint32_t nr_paths;
	const struct mpx_pol_path *paths;
};

/**
 * struct mpx_pol_grouping - group_paths' answer
 * @struct_size: sizeof as mpxd built it
 * @nr_paths: entries in @group and @prio (= the device's nr_paths)
 * @group: per path, its group: 0, 1, ... in the order groups should be
 *	   used; -1 leaves the path out of the map
 * @prio: per path, its priority (higher is better; shown by mpxctl)
 * @selector: the groups' path selector with its group arguments, e.g.
 *	      "service-time 0"; empty keeps the configured one
 */
struct mpx_pol_grouping {
	uint32_t struct_size;
	uint32_t nr_paths;
	int32_t *group;
	int32_t *prio;
	char selector[64];
};

/**
 * struct mpx_pol_sense - a SCSI command's outcome
 * @struct_size: sizeof as mpxd built it
 * @status: SCSI status byte (0 good, 2 check condition, 0x18 reservation conflict)
 * @transport_error: the command did not complete at the target (host/driver error)
 * @timed_out: no answer in time
 * @sense_key, @asc, @ascq: decoded sense data when @status is 2
 * @sense, @sense_len: the raw sense data
 * @cause: (1.1) MPX_POL_CAUSE_* of the I/O error the kernel target reported
 *	   on the path; MPX_POL_CAUSE_NONE when the outcome is mpxd's own check's
 * @kernel_failed: (1.1) the kernel target failed the path on that error
 * @errors: (1.1) I/O errors the target has counted on the path
 * @alua_state: (1.1) the path's port group state from a REPORT TARGET PORT
 *		GROUPS sent through it just now (MPX_POL_ALUA_*), or
 *		MPX_POL_ALUA_UNKNOWN
 *
 * With a kernel cause, the SCSI fields are the outcome of a diagnostic
 * TEST UNIT READY sent through the path after the error: status 0 means it
 * passed (the path answers, though the I/O failed).
 */
struct mpx_pol_sense {
	uint32_t struct_size;
	uint8_t status;
	uint8_t transport_error;
	uint8_t timed_out;
	uint8_t sense_key;
	uint8_t asc;
	uint8_t ascq;
	uint8_t sense[32];
	uint32_t sense_len;
	/* 1.1 */
	uint32_t cause;
	uint32_t kernel_failed;
	uint64_t errors;
	int32_t alua_state;
};

/* Whether sense s, as mpxd built it, has member m (a 1.1 plugin on a 1.0 mpxd). */
#define MPX_POL_SENSE_HAS(s, m) \
	((s)->struct_size >= offsetof(struct mpx_pol_sense, m) + sizeof((s)->m))

/**
 * struct mpx_host - what mpxd offers a plugin (valid from init to fini)
 * @struct_size: sizeof as mpxd built it
 * @log: debug output, tagged with the plugin's name; failures are return
 *	 values, which mpxd logs itself
 * @scsi_cmd: issue a SCSI command on a path (by devnode) with a timeout;
 *	      returns 0 when the command reached the device (its outcome is
 *	      in *ret_sense) or a negative errno
 */
struct mpx_host {
	uint32_t struct_size;
	void (*log)(const struct mpx_host *host, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));
	int (*scsi_cmd)(const struct mpx_host *host, const char *devnode,
			const uint8_t *cdb, size_t cdb_len, int dir, void *buf,
			size_t len, uint32_t timeout_ms, struct mpx_pol_sense *ret_sense);
};

/**
 * struct mpx_policy - the one symbol a plugin exports, as "mpx_policy"
 * @abi_major: MPX_POLICY_ABI_MAJOR the plugin was built with (must match)
 * @abi_minor: MPX_POLICY_ABI_MINOR (at most mpxd's)
 * @struct_size: sizeof(struct mpx_policy) at build time
 * @name: unique, [a-z0-9_-]{1,31}
 * @version: the plugin's own version, free text
 * @init: set up; *ret_priv is handed to every hook (optional)
 * @fini: tear down (optional)
 * @match: how well the plugin fits a device: 0 not at all, higher better
 *	   (optional: without it the plugin is used only when configured)
 * @group_paths: put each path in a group with a priority (required)
 * @check_path: a vendor path check, used instead of the configured
 *		checker; *ret_state is MPX_POL_PATH_* (optional)
 * @analyze_error: what a SCSI outcome on a path means; *ret_verdict is
 *		   MPX_POL_VERDICT_*, or 0 for no opinion (optional). Called
 *		   with the outcome of a check that was not GOOD, and (1.1)
 *		   after the kernel target reported an I/O error on the path,
 *		   with its cause and fresh evidence (see struct mpx_pol_sense);
 *		   without an opinion the kernel's verdict stands
 * @affected_paths: when @failed fails, which of @all share the broken
 *		    component (port, controller, enclosure): set ret_affected[i]
 *		    to 1 for each (optional)
 * @activate_group: make group @group (as numbered by group_paths) usable,
 *		    e.g. with SET TARGET PORT GROUPS (optional)
 * @reservation: a path of a LUN with reservation key @key was added or
 *		 reinstated; *ret_action is MPX_POL_RESV_* (optional)
 */
struct mpx_policy {
	uint16_t abi_major;
	uint16_t abi_minor;
	uint32_t struct_size;
	const char *name;
	const char *version;
	int (*init)(const struct mpx_host *host, void **ret_priv);
	void (*fini)(void *priv);
	int (*match)(void *priv, const struct mpx_pol_device *dev, int *ret_score);
	int (*group_paths)(void *priv, const struct mpx_pol_device *dev,
			   struct mpx_pol_grouping *ret);
	int (*check_path)(void *priv, const struct mpx_pol_path *path,
			  uint32_t timeout_ms, int *ret_state);
	int (*analyze_error)(void *priv, const struct mpx_pol_path *path,
			     const struct mpx_pol_sense *sense, int *ret_verdict);
	int (*affected_paths)(void *priv, const struct mpx_pol_path *failed,
			      const struct mpx_pol_path *all, size_t nr_all,
			      uint8_t *ret_affected);
	int (*activate_group)(void *priv, const struct mpx_pol_device *dev,
			      uint32_t group);
	int (*reservation)(void *priv, const struct mpx_pol_device *dev,
			   const struct mpx_pol_path *path, uint64_t key,
			   int *ret_action);
};

/* The smallest struct_size accepted for ABI 1.0 (every 1.0 member present). */
#define MPX_POLICY_MIN_SIZE_1_0 \
	(offsetof(struct mpx_policy, reservation) + sizeof(void *))

#define MPX_POLICY_EXPORT __attribute__((visibility("default")))

#endif
