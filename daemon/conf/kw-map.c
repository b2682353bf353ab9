// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-map keywords: valid in defaults, devices, multipaths and overrides.
 * The features, hardware_handler and path_selector strings are checked
 * with the target's own table parser, so a value mpxd accepts is one the
 * kernel will accept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kw.h"
#include "prkeys.h"
#include "table-check.h"

static const struct kw_word pgp_words[] = {
	{ "failover", MPX_PGP_FAILOVER, NULL },
	{ "multibus", MPX_PGP_MULTIBUS, NULL },
	{ "group_by_serial", MPX_PGP_GROUP_BY_SERIAL, NULL },
	{ "group_by_prio", MPX_PGP_GROUP_BY_PRIO, NULL },
	{ "group_by_node_name", MPX_PGP_GROUP_BY_NODE_NAME, NULL },
	{ "group_by_tpg", MPX_PGP_GROUP_BY_TPG, NULL },
	{ NULL, 0, NULL },
};

static const struct kw_word checker_words[] = {
	{ "tur", MPX_CHECKER_TUR, NULL },
	{ "directio", MPX_CHECKER_DIRECTIO, NULL },
	{ "readsector0", MPX_CHECKER_READSECTOR0, NULL },
	{ "none", MPX_CHECKER_NONE, NULL },
	/* array-specific checkers of multipath-tools: TUR answers the same question */
	{ "emc_clariion", MPX_CHECKER_TUR, "checker not implemented, using tur" },
	{ "hp_sw", MPX_CHECKER_TUR, "checker not implemented, using tur" },
	{ "rdac", MPX_CHECKER_TUR, "checker not implemented, using tur" },
	{ "cciss_tur", MPX_CHECKER_TUR, "checker not implemented, using tur" },
	{ NULL, 0, NULL },
};

/* prio: enum mpx_prio_kind; multipath-tools' others are served by const. */
static const struct kw_word prio_words[] = {
	{ "const", MPX_PRIO_CONST, NULL },
	{ "alua", MPX_PRIO_ALUA, NULL },
	{ "sysfs", MPX_PRIO_SYSFS, NULL },
	{ "weightedpath", MPX_PRIO_WEIGHTEDPATH, NULL },
	{ "path_latency", MPX_PRIO_PATH_LATENCY, NULL },
	{ "random", MPX_PRIO_RANDOM, NULL },
	{ "emc", MPX_PRIO_CONST, "prioritizer not implemented, using const" },
	{ "hp_sw", MPX_PRIO_CONST, "prioritizer not implemented, using const" },
	{ "rdac", MPX_PRIO_CONST, "prioritizer not implemented, using const" },
	{ "ontap", MPX_PRIO_CONST, "prioritizer not implemented, using const" },
	{ "hds", MPX_PRIO_CONST, "prioritizer not implemented, using const" },
	{ "iet", MPX_PRIO_CONST, "prioritizer not implemented, using const" },
	{ "datacore", MPX_PRIO_CONST, "prioritizer not implemented, using const" },
	{ "ana", MPX_PRIO_CONST, "prioritizer not implemented, using const" },
	{ NULL, 0, NULL },
};

static const struct kw_word failback_words[] = {
	{ "immediate", MPX_FAILBACK_IMMEDIATE, NULL },
	{ "manual", MPX_FAILBACK_MANUAL, NULL },
	{ "followover", MPX_FAILBACK_FOLLOWOVER, NULL },
	{ NULL, 0, NULL },
};

static const struct kw_word rr_weight_words[] = {
	{ "uniform", MPX_RR_WEIGHT_UNIFORM, NULL },
	{ "priorities", MPX_RR_WEIGHT_PRIORITIES, NULL },
	{ NULL, 0, NULL },
};

static const struct kw_word npr_words[] = {
	{ "fail", MPX_NO_PATH_RETRY_FAIL, NULL },
	{ "queue", MPX_NO_PATH_RETRY_QUEUE, NULL },
	{ NULL, 0, NULL },
};

static const struct kw_word flush_words[] = {
	{ "no", MPX_FLUSH_NEVER, NULL },
	{ "never", MPX_FLUSH_NEVER, NULL },
	{ "unused", MPX_FLUSH_UNUSED, NULL },
	{ "yes", MPX_FLUSH_ALWAYS, NULL },
	{ "always", MPX_FLUSH_ALWAYS, NULL },
	{ "0", MPX_FLUSH_NEVER, NULL }, /* multipath-tools' no and yes */
	{ "1", MPX_FLUSH_ALWAYS, NULL },
	{ NULL, 0, NULL },
};

static const char *check_policy_name(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 31 || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-_") != n)
		return "must be 1 to 31 of [a-z0-9_-]";
	return NULL;
}

static const char *check_reservation_key(const char *s)
{
	struct mpx_prkey k;
	const char *reason;

	return mpx_prkey_parse(s, &k, &reason) ? reason : NULL;
}

/* The arguments' meaning depends on the prio beside them: apply.c checks that. */
static const char *check_prio_args(const char *s)
{
	return strlen(s) > 1024 ? "longer than 1024 characters" : NULL;
}

static const char *check_alias_prefix(const char *s)
{
	if (!*s || strchr(s, '/') || strchr(s, ' '))
		return "must be a non-empty name without '/' or spaces";
	return NULL;
}

const struct mpx_kw mpx_kw_map[] = {
	{ OPT_PATH_SELECTOR, "path_selector", KW_STRING, S_MAP, 0, 0, 0, "service-time 0", NULL,
	  mpx_check_selector,
	  "selector and its group arguments: \"round-robin 0\", \"queue-length 0\", \"service-time 0\"" },
	{ OPT_PATH_GROUPING_POLICY, "path_grouping_policy", KW_ENUM, S_MAP, 0, 0, MPX_PGP_FAILOVER,
	  NULL, pgp_words, NULL,
	  "how paths form priority groups: failover, multibus, group_by_serial, group_by_prio, group_by_node_name, group_by_tpg" },
	{ OPT_PATH_CHECKER, "path_checker", KW_ENUM, S_MAP, 0, 0, MPX_CHECKER_TUR, NULL,
	  checker_words, NULL, "how paths are checked: tur, directio, readsector0, none" },
	{ OPT_PRIO, "prio", KW_ENUM, S_MAP, 0, 0, MPX_PRIO_CONST, NULL, prio_words, NULL,
	  "path priority: const, alua, sysfs, weightedpath, path_latency or random" },
	{ OPT_PRIO_ARGS, "prio_args", KW_STRING, S_MAP, 0, 0, 0, NULL, NULL, check_prio_args,
	  "arguments of the prio set in the same section (weightedpath, path_latency, alua, sysfs)" },
	{ OPT_FEATURES, "features", KW_STRING, S_MAP, 0, 0, 0, "0", NULL, mpx_check_features,
	  "the table's feature words, counted: \"1 queue_if_no_path\"" },
	{ OPT_HARDWARE_HANDLER, "hardware_handler", KW_STRING, S_MAP, 0, 0, 0, "0", NULL,
	  mpx_check_hw_handler, "SCSI device handler, counted: \"1 alua\"" },
	{ OPT_FAILBACK, "failback", KW_FAILBACK, S_MAP, 0, 86400, MPX_FAILBACK_MANUAL, NULL,
	  failback_words, NULL,
	  "return to a better group when it recovers: immediate, manual, followover, or after N seconds" },
	{ OPT_RR_WEIGHT, "rr_weight", KW_ENUM, S_MAP, 0, 0, 0, NULL, rr_weight_words, NULL,
	  "uniform, or priorities: each path's repeat count in the table is rr_min_io_rq times its priority" },
	{ OPT_RR_MIN_IO_RQ, "rr_min_io_rq", KW_UINT, S_MAP, 1, 1000, 1, NULL, NULL, NULL,
	  "per-path repeat count written in the table (the target takes more than 1 as 1)" },
	{ OPT_NO_PATH_RETRY, "no_path_retry", KW_NO_PATH_RETRY, S_MAP, 0, 1000000,
	  MPX_NO_PATH_RETRY_FAIL, NULL, npr_words, NULL,
	  "with no usable path: fail, queue, or queue for N checks then fail" },
	{ OPT_USER_FRIENDLY_NAMES, "user_friendly_names", KW_BOOL, S_MAP, 0, 0, 0, NULL, NULL, NULL,
	  "name maps mpathN (bindings_file) instead of by WWID" },
	{ OPT_ALIAS_PREFIX, "alias_prefix", KW_STRING, S_MAP, 0, 0, 0, "mpath", NULL,
	  check_alias_prefix, "prefix of user-friendly names" },
	{ OPT_FLUSH_ON_LAST_DEL, "flush_on_last_del", KW_ENUM, S_MAP, 0, 0, MPX_FLUSH_UNUSED, NULL,
	  flush_words, NULL,
	  "when the last path goes: never remove the map, remove it if unused, or always (failing held I/O)" },
	{ OPT_RETAIN_HW_HANDLER, "retain_attached_hw_handler", KW_BOOL, S_MAP, 0, 0, 1, NULL, NULL,
	  NULL, "keep a device handler the kernel already attached" },
	{ OPT_RESERVATION_KEY, "reservation_key", KW_STRING, S_MAP, 0, 0, 0, NULL, NULL,
	  check_reservation_key,
	  "SCSI-3 PR key (0x..., optionally :aptpl), or file (the key prkeys_file holds for the LUN)" },
	{ OPT_DETECT_PRIO, "detect_prio", KW_BOOL, S_DEFAULTS | S_DEVICE | S_OVERRIDES, 0, 0, 1,
	  NULL, NULL, NULL, "an ALUA LUN whose prio the config does not set gets prio alua" },
	{ OPT_DETECT_PGPOLICY, "detect_pgpolicy", KW_BOOL, S_DEFAULTS | S_DEVICE | S_OVERRIDES, 0,
	  0, 1, NULL, NULL, NULL,
	  "a LUN with prio alua or sysfs whose path_grouping_policy the config does not set gets group_by_prio" },
	{ OPT_DETECT_PGPOLICY_USE_TPG, "detect_pgpolicy_use_tpg", KW_BOOL,
	  S_DEFAULTS | S_DEVICE | S_OVERRIDES, 0, 0, 0, NULL, NULL, NULL,
	  "detect_pgpolicy chooses group_by_tpg instead of group_by_prio" },
	{ OPT_DETECT_CHECKER, "detect_checker", KW_BOOL, S_DEFAULTS | S_DEVICE | S_OVERRIDES, 0, 0,
	  1, NULL, NULL, NULL, "an ALUA LUN whose path_checker the config does not set gets tur" },
	{ OPT_POLICY, "policy", KW_STRING, S_MAP, 0, 0, 0, NULL, NULL, check_policy_name,
	  "use this policy module (plugin) by name, instead of the best match" },
	{ 0, NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};
