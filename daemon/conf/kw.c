// SPDX-License-Identifier: GPL-2.0-only
/* Lookups over the keyword tables. */
#include <string.h>
#include "kw.h"

static const struct mpx_kw *const tables[] = {
	mpx_kw_defaults, mpx_kw_map, mpx_kw_devices, mpx_kw_multipaths, mpx_kw_tenants,
	NULL,
};

/*
 * multipath-tools keywords that mpx accepts and does not act on: their
 * jobs are done differently (udev/uevent tuning, multipathd internals) or
 * not at all. A config using them loads, with one warning each.
 */
static const char *const ignored[] = {
	"uid_attribute", "getuid_callout", "udev_dir", "multipath_dir",
	"config_dir", "max_fds", "log_checker_err", "detect_prio",
	"detect_checker", "deferred_remove", "delay_watch_checks",
	"delay_wait_checks", "san_path_err_threshold", "san_path_err_forget_rate",
	"san_path_err_recovery_time", "marginal_path_err_sample_time",
	"marginal_path_err_rate_threshold", "marginal_path_err_recheck_gap_time",
	"marginal_path_double_failed_time", "marginal_pathgroups",
	"uxsock_timeout", "retrigger_tries", "retrigger_delay",
	"missing_uev_wait_timeout", "skip_kpartx", "disable_changed_wwids",
	"remove_retries", "ghost_delay", "find_multipaths_timeout",
	"enable_foreign", "recheck_wwid", "strict_timing", "wwids_file",
	"prkeys_file", "all_tg_pt", "auto_resize", "max_sectors_kb",
	"eh_deadline", "pg_timeout", "rr_min_io", "mode", "uid", "gid",
	"reload_readwrite", "force_sync", "partition_delimiter",
	"ignore_new_boot_devs", "hw_str_match", "checker", "selector",
	"prio_callout", "default_selector", "default_path_checker",
	"default_features", "default_hardware_handler", "default_prio",
	"default_getuid_callout", "default_path_grouping_policy",
	"user_friendly_name", "alias_prefix_new", "multipath_tool",
	"no_path_retry_deferred", "vpd_vendor", "dm_sync_event",
	/* not acted on yet by mpx */
	"prio_args", "fast_io_fail_tmo", "dev_loss_tmo",
	NULL,
};

const struct mpx_kw *mpx_kw_find(const char *name, unsigned int section)
{
	const struct mpx_kw *kw;
	unsigned int t;

	for (t = 0; tables[t]; t++)
		for (kw = tables[t]; kw->name; kw++)
			if ((kw->sections & section) && !strcmp(kw->name, name))
				return kw;
	return NULL;
}

const struct mpx_kw *mpx_kw_by_id(enum mpx_opt id)
{
	const struct mpx_kw *kw;
	unsigned int t;

	for (t = 0; tables[t]; t++)
		for (kw = tables[t]; kw->name; kw++)
			if (kw->id == id)
				return kw;
	return NULL;
}

bool mpx_kw_is_ignored(const char *name)
{
	unsigned int i;

	for (i = 0; ignored[i]; i++)
		if (!strcmp(ignored[i], name))
			return true;
	return false;
}

/* Edit distance, for "did you mean": small strings only. */
static unsigned int distance(const char *a, const char *b)
{
	unsigned int row[64], i, j, prev, tmp;
	size_t la = strlen(a), lb = strlen(b);

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j] > row[j - 1] + 1)
				row[j] = row[j - 1] + 1;
			if (row[j] > tmp + 1)
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[lb];
}

const char *mpx_kw_nearest(const char *name)
{
	const struct mpx_kw *kw;
	const char *best = NULL;
	unsigned int t, d, best_d = 4;	/* farther than 3 edits: no guess */

	for (t = 0; tables[t]; t++) {
		for (kw = tables[t]; kw->name; kw++) {
			d = distance(name, kw->name);
			if (d < best_d) {
				best_d = d;
				best = kw->name;
			}
		}
	}
	return best;
}
