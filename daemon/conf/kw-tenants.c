// SPDX-License-Identifier: GPL-2.0-only
/*
 * Keywords of a "tenant" entry of the tenants section: which cgroups the
 * entry is about and what the target and mpxd do for their I/O. The
 * numbers' ranges are the target's (dm-target/core/tenant-parse.h), so a
 * value mpxd accepts is one the kernel accepts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "kw.h"
#include "tenant-bucket.h"
#include "tenant-parse.h"

_Static_assert(MPX_AFFINITY_MAX_PATHS == MPX_TENANT_MAX_PATHS,
	       "path_affinity takes as many paths as the target");
_Static_assert(NR_OPTS <= 64, "struct mpx_optset's set is a 64-bit mask");

static const struct kw_word on_failover_words[] = {
	{ "none", MPX_ON_FAILOVER_NONE, NULL },
	{ "suspend", MPX_ON_FAILOVER_SUSPEND, NULL },
	{ NULL, 0, NULL },
};

static const struct kw_word on_no_path_words[] = {
	{ "queue", MPX_ON_NO_PATH_QUEUE, NULL },
	{ "fail", MPX_ON_NO_PATH_FAIL, NULL },
	{ "migrate", MPX_ON_NO_PATH_MIGRATE, NULL },
	{ NULL, 0, NULL },
};

/* Names go into logs, "mpxctl show tenants" and the hook's environment. */
static const char *check_name(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 63 ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:@+-") != n)
		return "must be 1 to 63 of [A-Za-z0-9_.:@+-]";
	return NULL;
}

/*
 * A path under the cgroup v2 root, glob characters allowed in any
 * component. "." and ".." would leave the tree or name the same cgroup
 * twice; the root itself cannot be frozen and holds every process.
 */
static const char *check_cgroup(const char *s)
{
	const char *p, *end;
	size_t n;

	while (*s == '/')
		s++;
	if (!*s)
		return "must name a cgroup below /sys/fs/cgroup, not the root";
	if (strlen(s) > 1023)
		return "longer than 1023 characters";
	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			return "contains a control character";
	for (p = s; *p; p = *end ? end + 1 : end) {
		end = strchr(p, '/');
		if (!end)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (!n)
			return "has an empty component (\"//\" or a trailing '/')";
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return "\".\" and \"..\" are not allowed";
	}
	return NULL;
}

static int parse_number(const char *s, unsigned long max, unsigned int *ret)
{
	unsigned long v;
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 0);	/* tpg ids are often written in hex */
	if (errno || *end || v > max)
		return -EINVAL;
	*ret = (unsigned int)v;
	return 0;
}

/* "sdb", "/dev/sdb" or "8:16". */
static int parse_dev(const char *s, char *buf, size_t len)
{
	size_t n;

	if (!strncmp(s, "/dev/", 5))
		s += 5;
	n = strlen(s);
	if (!n || n >= len || n > 31 ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-") != n)
		return -EINVAL;
	memcpy(buf, s, n + 1);
	return 0;
}

int mpx_affinity_parse(const char *s, struct mpx_affinity *ret, const char **reason)
{
	static const char usage[] =
		"expected \"group N\", \"tpg N\" or \"paths DEV[,DEV...]\" (quoted: the value has spaces)";
	struct mpx_affinity a = { .kind = MPX_AFF_NONE };
	char copy[1024], *w[MPX_AFFINITY_MAX_PATHS + 1], *save = NULL, *t;	/* keyword, paths */
	unsigned int n = 0, i;

	*reason = NULL;
	if (!s || !*s) {
		*ret = a;
		return 0;
	}
	if (strlen(s) >= sizeof(copy)) {
		*reason = "too long";
		return -EINVAL;
	}
	strcpy(copy, s);
	for (t = strtok_r(copy, " \t,", &save); t; t = strtok_r(NULL, " \t,", &save)) {
		if (n == sizeof(w) / sizeof(w[0])) {
			*reason = "at most 16 paths (the target's limit)";
			return -EINVAL;
		}
		w[n++] = t;
	}
	if (n == 1 && !strcmp(w[0], "none")) {
		*ret = a;
		return 0;
	}
	if (n == 2 && !strcmp(w[0], "group")) {
		a.kind = MPX_AFF_GROUP;
		if (parse_number(w[1], 1024, &a.n) || !a.n) {
			*reason = "group: a group number, 1 to 1024";
			return -EINVAL;
		}
	} else if (n == 2 && !strcmp(w[0], "tpg")) {
		a.kind = MPX_AFF_TPG;
		if (parse_number(w[1], 65535, &a.n)) {
			*reason = "tpg: a target port group id, 0 to 65535 (or 0x...)";
			return -EINVAL;
		}
	} else if (n >= 2 && (!strcmp(w[0], "paths") || !strcmp(w[0], "path"))) {
		a.kind = MPX_AFF_PATHS;
		for (i = 1; i < n; i++) {
			if (parse_dev(w[i], a.paths[a.nr_paths], sizeof(a.paths[0]))) {
				*reason = "paths: devices are kernel names (sdb) or major:minor (8:16)";
				return -EINVAL;
			}
			a.nr_paths++;
		}
	} else {
		*reason = usage;
		return -EINVAL;
	}
	*ret = a;
	return 0;
}

static const char *check_affinity(const char *s)
{
	struct mpx_affinity a;
	const char *reason;

	return mpx_affinity_parse(s, &a, &reason) ? reason : NULL;
}

const struct mpx_kw mpx_kw_tenants[] = {
	{ OPT_TENANT_NAME, "name", KW_STRING, S_TENANT, 0, 0, 0, NULL, NULL, check_name,
	  "the tenant entry's name (required, unique)" },
	{ OPT_CGROUP, "cgroup", KW_STRING, S_TENANT, 0, 0, 0, NULL, NULL, check_cgroup,
	  "cgroup v2 path below /sys/fs/cgroup, glob allowed: machine.slice/machine-qemu*.scope (required)" },
	{ OPT_WEIGHT, "weight", KW_UINT, S_TENANT, 1, MPX_TENANT_MAX_WEIGHT, 100, NULL, NULL, NULL,
	  "share of a saturated map, relative to the other tenants' weights" },
	{ OPT_PRIORITY, "priority", KW_UINT, S_TENANT, 0, MPX_TENANT_MAX_PRIO, 0, NULL, NULL, NULL,
	  "0..7: higher priority tenants are served first" },
	{ OPT_IOPS_LIMIT, "iops_limit", KW_UINT, S_TENANT, 0, 100000000, 0, NULL, NULL, NULL,
	  "I/Os per second per map; more waits, nothing fails; 0: no limit" },
	{ OPT_BPS_LIMIT, "bps_limit", KW_UINT, S_TENANT, 0, MPX_BUCKET_MAX_RATE, 0, NULL, NULL,
	  NULL, "bytes per second per map; more waits, nothing fails; 0: no limit" },
	{ OPT_PATH_AFFINITY, "path_affinity", KW_STRING, S_TENANT, 0, 0, 0, NULL, NULL,
	  check_affinity,
	  "paths to use while any is usable: \"group N\", \"tpg N\" (ALUA port group) or \"paths sdb,8:32\"" },
	{ OPT_ON_FAILOVER, "on_failover", KW_ENUM, S_TENANT, 0, 0, MPX_ON_FAILOVER_NONE, NULL,
	  on_failover_words, NULL,
	  "while a failover holds the tenant's I/O: none, or suspend (freeze the cgroup)" },
	{ OPT_SUSPEND_TIMEOUT, "suspend_timeout", KW_MSEC, S_TENANT, 1000, 86400000, 60000, NULL,
	  NULL, NULL,
	  "seconds a suspended tenant stays frozen before it is thawed and on_no_path applies" },
	{ OPT_FAILOVER_FREEZE_DELAY, "failover_freeze_delay", KW_MSEC, S_TENANT, 0, 3600000, 1000,
	  NULL, NULL, NULL,
	  "seconds the tenant's I/O may be held by a failover (no path it may use, a group activation) before on_failover suspend freezes it" },
	{ OPT_ON_NO_PATH, "on_no_path", KW_ENUM, S_TENANT, 0, 0, MPX_ON_NO_PATH_QUEUE, NULL,
	  on_no_path_words, NULL,
	  "with no usable path: queue (as the map does), fail this tenant's I/O, or migrate (queue and run migrate_hook)" },
	{ 0, NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};
