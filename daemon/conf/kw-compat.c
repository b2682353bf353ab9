// SPDX-License-Identifier: GPL-2.0-only
/*
 * The keywords of multipath-tools' multipath.conf that mpx has no row for,
 * and what a config that uses them gets: one warning naming the file and
 * line, and the line is ignored, as multipath-tools ignores what it does
 * not know.
 *
 * The lists were made by reading the keyword tables of multipath-tools
 * 0.9.0 to 0.9.9 (libmultipath/dict.c), of earlier releases for the
 * keywords 0.9 no longer has, and of the distributions' patched packages:
 * Red Hat Enterprise Linux 7 (device-mapper-multipath 0.4.9 and its RH
 * patches), 8 and 9 (whose additions are all upstream keywords), and SUSE
 * Linux Enterprise 10 to 15 (openSUSE/multipath-tools). No Ubuntu or
 * Debian package adds a keyword of its own.
 */
#include <string.h>
#include "kw.h"

static const struct mpx_kw_compat table[] = {
	/* multipath-tools 0.9 keywords whose jobs mpx does otherwise or not at all */
	{ "uid_attribute", MPX_KW_IGNORED, "mpx identifies LUNs by VPD page 0x83" },
	{ "uid_attrs", MPX_KW_IGNORED, "mpx identifies LUNs by VPD page 0x83" },
	{ "reassign_maps", MPX_KW_IGNORED, NULL },
	{ "rr_min_io", MPX_KW_IGNORED, "it is for bio-based maps: see rr_min_io_rq" },
	{ "max_fds", MPX_KW_IGNORED, NULL },
	{ "allow_usb_devices", MPX_KW_IGNORED, NULL },
	{ "mode", MPX_KW_IGNORED, NULL },
	{ "uid", MPX_KW_IGNORED, NULL },
	{ "gid", MPX_KW_IGNORED, NULL },
	{ "fast_io_fail_tmo", MPX_KW_IGNORED, NULL },
	{ "dev_loss_tmo", MPX_KW_IGNORED, NULL },
	{ "eh_deadline", MPX_KW_IGNORED, NULL },
	{ "log_checker_err", MPX_KW_IGNORED, NULL },
	{ "all_tg_pt", MPX_KW_IGNORED, NULL },
	{ "force_sync", MPX_KW_IGNORED, NULL },
	{ "strict_timing", MPX_KW_IGNORED, NULL },
	{ "deferred_remove", MPX_KW_IGNORED, NULL },
	{ "partition_delimiter", MPX_KW_IGNORED, NULL },
	{ "delay_watch_checks", MPX_KW_IGNORED, NULL },
	{ "delay_wait_checks", MPX_KW_IGNORED, NULL },
	{ "san_path_err_threshold", MPX_KW_IGNORED, NULL },
	{ "san_path_err_forget_rate", MPX_KW_IGNORED, NULL },
	{ "san_path_err_recovery_time", MPX_KW_IGNORED, NULL },
	{ "marginal_path_err_sample_time", MPX_KW_IGNORED, NULL },
	{ "marginal_path_err_rate_threshold", MPX_KW_IGNORED, NULL },
	{ "marginal_path_err_recheck_gap_time", MPX_KW_IGNORED, NULL },
	{ "marginal_path_double_failed_time", MPX_KW_IGNORED, NULL },
	{ "marginal_pathgroups", MPX_KW_IGNORED, NULL },
	{ "uxsock_timeout", MPX_KW_IGNORED, NULL },
	{ "retrigger_tries", MPX_KW_IGNORED, NULL },
	{ "retrigger_delay", MPX_KW_IGNORED, NULL },
	{ "missing_uev_wait_timeout", MPX_KW_IGNORED, NULL },
	{ "skip_kpartx", MPX_KW_IGNORED, NULL },
	{ "remove_retries", MPX_KW_IGNORED, NULL },
	{ "max_sectors_kb", MPX_KW_IGNORED, NULL },
	{ "ghost_delay", MPX_KW_IGNORED, NULL },
	{ "find_multipaths_timeout", MPX_KW_IGNORED, NULL },
	{ "enable_foreign", MPX_KW_IGNORED, NULL },
	{ "recheck_wwid", MPX_KW_IGNORED, NULL },
	{ "auto_resize", MPX_KW_IGNORED, NULL },
	{ "max_retries", MPX_KW_IGNORED, NULL },
	{ "vpd_vendor", MPX_KW_IGNORED, NULL },
	{ "protocol", MPX_KW_IGNORED, "per-transport timeouts are not set by mpx" },

	/* deprecated by multipath-tools 0.9 itself: it ignores them too */
	{ "multipath_dir", MPX_KW_DEPRECATED, NULL },
	{ "config_dir", MPX_KW_DEPRECATED, "the drop-in directory is fixed" },
	{ "pg_timeout", MPX_KW_DEPRECATED, NULL },
	{ "getuid_callout", MPX_KW_DEPRECATED, "mpx identifies LUNs by VPD page 0x83" },
	{ "disable_changed_wwids", MPX_KW_DEPRECATED, NULL },

	/* removed before 0.9; multipath-tools 0.9 calls them invalid */
	{ "udev_dir", MPX_KW_REMOVED, NULL },
	{ "selector", MPX_KW_REMOVED, "the keyword is path_selector" },
	{ "prio_callout", MPX_KW_REMOVED, "the keyword is prio" },
	{ "multipath_tool", MPX_KW_REMOVED, NULL },
	{ "default_selector", MPX_KW_REMOVED, "the keyword is path_selector" },
	{ "default_path_grouping_policy", MPX_KW_REMOVED, "the keyword is path_grouping_policy" },
	{ "default_getuid_callout", MPX_KW_REMOVED, NULL },
	{ "default_uid_attribute", MPX_KW_REMOVED, NULL },
	{ "default_prio_callout", MPX_KW_REMOVED, "the keyword is prio" },
	{ "default_features", MPX_KW_REMOVED, "the keyword is features" },
	{ "default_path_checker", MPX_KW_REMOVED, "the keyword is path_checker" },
	{ "devnode_blacklist", MPX_KW_REMOVED, "the section is blacklist" },

	/* distribution additions, in no multipath-tools release */
	{ "all_devs", MPX_KW_DISTRO, "Red Hat Enterprise Linux 7" },
	{ "detect_path_checker", MPX_KW_DISTRO, "Red Hat Enterprise Linux 7" },
	{ "hw_str_match", MPX_KW_DISTRO, "Red Hat Enterprise Linux 7" },
	{ "ignore_new_boot_devs", MPX_KW_DISTRO, "Red Hat Enterprise Linux 7" },
	{ "new_bindings_in_boot", MPX_KW_DISTRO, "Red Hat Enterprise Linux 7" },
	{ "unpriv_sgio", MPX_KW_DISTRO, "Red Hat Enterprise Linux 7" },
	{ "async_timeout", MPX_KW_DISTRO, "SUSE Linux Enterprise 10" },
	{ "flaky_path_threshold", MPX_KW_DISTRO, "SUSE Linux Enterprise 10" },
	{ NULL, 0, NULL },
};

/*
 * Keywords mpx has rows for that multipath-tools 0.9 knows as well. A bad
 * value of one of these is what multipath-tools makes of it: a warning, and
 * the line is ignored (or a number capped). mpx's own keywords are strict:
 * no config written for multipath-tools has them, and a wrong one would
 * make mpx do something other than what its author meant.
 */
static const char *const shared[] = {
	"verbosity",
	"polling_interval",
	"max_polling_interval",
	"checker_timeout",
	"find_multipaths",
	"bindings_file",
	"prkeys_file",
	"queue_without_daemon",
	"path_selector",
	"path_grouping_policy",
	"path_checker",
	"checker",
	"prio",
	"features",
	"hardware_handler",
	"failback",
	"rr_weight",
	"rr_min_io_rq",
	"no_path_retry",
	"user_friendly_names",
	"alias_prefix",
	"flush_on_last_del",
	"retain_attached_hw_handler",
	"prio_args",
	"detect_prio",
	"detect_pgpolicy",
	"detect_pgpolicy_use_tpg",
	"detect_checker",
	"wwids_file",
	"vendor",
	"product",
	"revision",
	"product_blacklist",
	"wwid",
	"alias",
	NULL,
};

const struct mpx_kw_compat *mpx_kw_compat_find(const char *name)
{
	const struct mpx_kw_compat *k;

	for (k = table; k->name; k++)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}

bool mpx_kw_tolerant(const struct mpx_kw *kw)
{
	unsigned int i;

	/* an unusable key would make reservations go wrong: refused, as by multipath-tools */
	if (kw->id == OPT_RESERVATION_KEY)
		return false;
	for (i = 0; shared[i]; i++)
		if (!strcmp(shared[i], kw->name))
			return true;
	return false;
}
