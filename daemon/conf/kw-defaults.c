// SPDX-License-Identifier: GPL-2.0-only
/* Keywords of the "defaults" section that are not per map. */
#include <string.h>
#include "kw.h"

/* Run without a shell, so a name with spaces or quotes is just a name. */
static const char *check_hook(const char *s)
{
	if (s[0] != '/' || strlen(s) > 4095)
		return "must be the absolute path of an executable";
	return NULL;
}

static const char *check_path(const char *s)
{
	return s[0] == '/' ? NULL : "must be an absolute path";
}

static const struct kw_word find_words[] = {
	{ "no", MPX_FIND_NO, NULL },
	{ "off", MPX_FIND_NO, NULL },
	{ "greedy", MPX_FIND_NO, NULL },
	{ "yes", MPX_FIND_YES, NULL },
	{ "on", MPX_FIND_YES, NULL },
	{ "strict", MPX_FIND_STRICT, NULL },
	{ "smart", MPX_FIND_SMART, NULL },
	/* multipath-tools' spellings of no and yes */
	{ "0", MPX_FIND_NO, NULL },
	{ "1", MPX_FIND_YES, NULL },
	{ NULL, 0, NULL },
};

const struct mpx_kw mpx_kw_defaults[] = {
	{ OPT_VERBOSITY, "verbosity", KW_UINT, S_DEFAULTS, 0, 6, 2, NULL, NULL, NULL,
	  "log level: 0 errors only .. 6 debug" },
	{ OPT_POLLING_INTERVAL, "polling_interval", KW_MSEC, S_DEFAULTS, 100, 3600000, 5000, NULL,
	  NULL, NULL, "seconds between checks of a path (decimals allowed, at least 0.1)" },
	{ OPT_MAX_POLLING_INTERVAL, "max_polling_interval", KW_MSEC, S_DEFAULTS, 0, 14400000, 0,
	  NULL, NULL, NULL,
	  "longest interval a healthy path backs off to; 0: 4 x polling_interval" },
	{ OPT_CHECKER_TIMEOUT, "checker_timeout", KW_MSEC, S_DEFAULTS, 100, 3600000, 30000, NULL,
	  NULL, NULL, "seconds a path check may take before the path counts as failed" },
	{ OPT_FIND_MULTIPATHS, "find_multipaths", KW_ENUM, S_DEFAULTS, 0, 0, MPX_FIND_YES, NULL,
	  find_words, NULL,
	  "which LUNs get a map: no (every one), yes (two paths or a known WWID), strict (WWIDs in multipaths only)" },
	{ OPT_BINDINGS_FILE, "bindings_file", KW_STRING, S_DEFAULTS, 0, 0, 0, "/etc/mpx/bindings",
	  NULL, check_path, "where user_friendly_names keeps its WWID-to-name bindings" },
	{ OPT_PRKEYS_FILE, "prkeys_file", KW_STRING, S_DEFAULTS, 0, 0, 0, "/etc/mpx/prkeys", NULL,
	  check_path, "where reservation_key file keeps each LUN's key (multipath-tools' format)" },
	{ OPT_WWIDS_FILE, "wwids_file", KW_STRING, S_DEFAULTS, 0, 0, 0, "/etc/multipath/wwids",
	  NULL, check_path,
	  "where mpxd records the WWIDs it made maps for (multipath-tools' file: its udev rule and LVM read it)" },
	{ OPT_QUEUE_WITHOUT_DAEMON, "queue_without_daemon", KW_BOOL, S_DEFAULTS, 0, 0, 0, NULL,
	  NULL, NULL, "keep queue_if_no_path on maps when mpxd stops" },
	{ OPT_POLICY_DIR, "policy_dir", KW_STRING, S_DEFAULTS, 0, 0, 0, MPX_POLICY_DIR_DEFAULT,
	  NULL, NULL, "directory of policy modules (plugins) mpxd loads" },
	{ OPT_TENANT_BUDGET, "tenant_budget", KW_UINT, S_DEFAULTS, 0, 65536, 0, NULL, NULL, NULL,
	  "I/Os in flight a map admits before tenants share it by weight; 0: the target chooses" },
	{ OPT_MIGRATE_HOOK, "migrate_hook", KW_STRING, S_DEFAULTS, 0, 0, 0, NULL, NULL, check_hook,
	  "program run (without a shell) for a tenant with on_no_path migrate, once per episode" },
	{ 0, NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};
