// SPDX-License-Identifier: GPL-2.0-only
#include "tenant-parse.h"
#include "tenant-bucket.h"

static int parse_u64(const char *s, u64 *ret)
{
	u64 v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		u64 d = (u64)(*s - '0');

		if (*s < '0' || *s > '9' || v > (~0ULL - d) / 10)
			return -EINVAL;
		v = v * 10 + d;
	}
	*ret = v;
	return 0;
}

/* "key=value": the value if s starts with key=, else NULL. */
static const char *value_of(const char *s, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(s, key, n) && s[n] == '=' ? s + n + 1 : NULL;
}

static int split_paths(char *v, struct mpx_tenant_spec *t, const char **reason)
{
	char *p = v;

	t->nr_paths = 0;
	for (;;) {
		if (t->nr_paths == MPX_TENANT_MAX_PATHS) {
			*reason = "tenant: at most 16 paths";
			return -EINVAL;
		}
		t->paths[t->nr_paths++] = p;
		while (*p && *p != ',')
			p++;
		if (p == t->paths[t->nr_paths - 1]) {
			*reason = "tenant: paths= needs devices, separated by commas";
			return -EINVAL;
		}
		if (!*p)
			return 0;
		*p++ = '\0';
	}
}

static int parse_option(char *w, struct mpx_tenant_spec *t, const char **reason)
{
	const char *v;
	u64 n;

	if ((v = value_of(w, "weight"))) {
		*reason = "tenant: weight= takes 1 to 1000";
		if (parse_u64(v, &n) || !n || n > MPX_TENANT_MAX_WEIGHT)
			return -EINVAL;
		t->weight = (u32)n;
	} else if ((v = value_of(w, "prio"))) {
		*reason = "tenant: prio= takes 0 to 7";
		if (parse_u64(v, &n) || n > MPX_TENANT_MAX_PRIO)
			return -EINVAL;
		t->prio = (u32)n;
	} else if ((v = value_of(w, "iops"))) {
		*reason = "tenant: iops= takes 0 (no limit) to 100000000";
		/* 1e8/s is beyond any device */
		if (parse_u64(v, &t->iops) || t->iops > 100000000ULL)
			return -EINVAL;
	} else if ((v = value_of(w, "bps"))) {
		*reason = "tenant: bps= takes 0 (no limit) to 17179869184";
		if (parse_u64(v, &t->bps) || t->bps > MPX_BUCKET_MAX_RATE)
			return -EINVAL;
	} else if ((v = value_of(w, "group"))) {
		*reason = "tenant: group= takes a group number, and not with paths=";
		if (parse_u64(v, &n) || !n || n > 1024 || t->nr_paths)
			return -EINVAL;
		t->group = (unsigned int)n;
	} else if ((v = value_of(w, "paths"))) {
		*reason = "tenant: paths= and group= exclude each other";
		if (t->group || t->nr_paths)
			return -EINVAL;
		return split_paths(w + strlen("paths="), t, reason);
	} else if ((v = value_of(w, "nopath"))) {
		*reason = "tenant: nopath= takes queue or fail";
		if (!strcmp(v, "queue"))
			t->fail_if_no_path = false;
		else if (!strcmp(v, "fail"))
			t->fail_if_no_path = true;
		else
			return -EINVAL;
	} else {
		*reason = "tenant: unknown option (weight, prio, iops, bps, group, paths, nopath)";
		return -EINVAL;
	}
	return 0;
}

int mpx_tenant_parse(unsigned int argc, char **argv, struct mpx_tenant_spec *ret,
		     const char **reason)
{
	struct mpx_tenant_spec t = { .weight = 100 };
	unsigned int i;
	int r;

	ret->bad_word = 0;
	if (argc < 3) {
		*reason = "tenant: expected set|del <cgroup-id> or budget <n>";
		return -EINVAL;
	}
	if (!strcmp(argv[1], "budget")) {
		if (argc != 3 || mpx_parse_uint(argv[2], &t.budget) || t.budget > 65536) {
			*reason = "tenant: budget takes one number, 0 (automatic) to 65536";
			return -EINVAL;
		}
		t.verb = MPX_TENANT_BUDGET;
		*ret = t;
		return 0;
	}
	if (strcmp(argv[1], "set") && strcmp(argv[1], "del")) {
		*reason = "tenant: expected set, del or budget";
		return -EINVAL;
	}
	t.verb = argv[1][0] == 's' ? MPX_TENANT_SET : MPX_TENANT_DEL;
	if (!strcmp(argv[2], "default")) {
		t.id = 0;	/* I/O of cgroups without a rule of their own */
	} else if (parse_u64(argv[2], &t.id) || !t.id) {
		*reason = "tenant: the cgroup id must be a positive number or \"default\"";
		return -EINVAL;
	}
	if (t.verb == MPX_TENANT_DEL && argc != 3) {
		*reason = "tenant: del takes only the cgroup id";
		return -EINVAL;
	}
	for (i = 3; i < argc; i++) {
		r = parse_option(argv[i], &t, reason);
		if (r) {
			ret->bad_word = i;
			return r;
		}
	}
	*ret = t;
	return 0;
}
