// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "maps/map-build.h"

/* What groups paths together under each policy; NULL key: by prio. */
static const char *group_key(const struct mpx_path_attrs *a, int pgp, char *buf,
			     size_t len)
{
	switch (pgp) {
	case MPX_PGP_GROUP_BY_SERIAL:
		return a->serial;
	case MPX_PGP_GROUP_BY_NODE_NAME:
		return a->node_name;
	case MPX_PGP_GROUP_BY_TPG:
		if (!a->have_tpg)
			return "";
		snprintf(buf, len, "%u", a->tpg);
		return buf;
	default:
		return NULL;
	}
}

static bool same_group(const struct mpx_build_path *p, const struct mpx_build_path *q,
		       int pgp)
{
	char b1[16], b2[16];

	switch (pgp) {
	case MPX_PGP_MULTIBUS:
		return true;
	case MPX_PGP_FAILOVER:
		return false;
	case MPX_PGP_GROUP_BY_PRIO:
		return p->prio == q->prio;
	default:
		return !strcmp(group_key(p->a, pgp, b1, sizeof(b1)),
			       group_key(q->a, pgp, b2, sizeof(b2)));
	}
}

static int pg_prio(const struct mpx_build_path *paths, const size_t *idx, size_t n)
{
	long long sum = 0;
	size_t i, up = 0;

	for (i = 0; i < n; i++) {
		if (!paths[idx[i]].usable)
			continue;
		sum += paths[idx[i]].prio;
		up++;
	}
	return up ? (int)(sum / (long long)up) : 0;
}

int mpx_plan_groups(const struct mpx_build_path *paths, size_t n, int pgp,
		    struct mpx_map_plan *ret)
{
	bool placed[MPX_PLAN_MAX_PATHS] = { false };
	size_t i, j, k, pos = 0;

	if (n > MPX_PLAN_MAX_PATHS)
		return -E2BIG;
	ret->nr_pgs = 0;
	ret->nr_paths = n;
	/* collect groups in first-seen order */
	for (i = 0; i < n; i++) {
		struct mpx_pg_plan *pg;

		if (placed[i])
			continue;
		pg = &ret->pgs[ret->nr_pgs++];
		pg->first = pos;
		for (j = i; j < n; j++) {
			if (placed[j] || (j != i && !same_group(&paths[i], &paths[j], pgp)))
				continue;
			placed[j] = true;
			ret->order[pos++] = j;
		}
		pg->nr = pos - pg->first;
		pg->prio = pg_prio(paths, &ret->order[pg->first], pg->nr);
	}
	/* highest priority first; stable, so equal groups keep path order */
	for (i = 1; i < ret->nr_pgs; i++) {
		for (j = i; j > 0 && ret->pgs[j].prio > ret->pgs[j - 1].prio; j--) {
			struct mpx_pg_plan tmp = ret->pgs[j];

			ret->pgs[j] = ret->pgs[j - 1];
			ret->pgs[j - 1] = tmp;
		}
	}
	/* renumber the order array to follow the sorted groups */
	{
		size_t *order = malloc(n * sizeof(*order) + 1);

		if (!order)
			return -ENOMEM;
		for (i = 0, pos = 0; i < ret->nr_pgs; i++) {
			for (k = 0; k < ret->pgs[i].nr; k++)
				order[pos + k] = ret->order[ret->pgs[i].first + k];
			ret->pgs[i].first = pos;
			pos += ret->pgs[i].nr;
		}
		memcpy(ret->order, order, n * sizeof(*order));
		free(order);
	}
	ret->initial_pg = ret->nr_pgs ? 1 : 0;
	for (i = 0; i < ret->nr_pgs; i++) {
		for (k = 0; k < ret->pgs[i].nr; k++) {
			if (paths[ret->order[ret->pgs[i].first + k]].usable) {
				ret->initial_pg = (unsigned int)i + 1;
				return 0;
			}
		}
	}
	return 0;
}

int mpx_plan_assigned(const struct mpx_build_path *paths, size_t n, const int *group,
		      struct mpx_map_plan *ret)
{
	size_t i, pos = 0;
	int g, max = -1;

	if (n > MPX_PLAN_MAX_PATHS)
		return -E2BIG;
	for (i = 0; i < n; i++) {
		if (group[i] < -1 || group[i] >= (int)n)
			return -EINVAL;
		if (group[i] > max)
			max = group[i];
	}
	if (max < 0)
		return -EINVAL;
	ret->nr_pgs = 0;
	ret->nr_paths = n;
	ret->initial_pg = 0;
	for (g = 0; g <= max; g++) {
		struct mpx_pg_plan *pg = &ret->pgs[ret->nr_pgs];

		pg->first = pos;
		for (i = 0; i < n; i++)
			if (group[i] == g)
				ret->order[pos++] = i;
		pg->nr = pos - pg->first;
		if (!pg->nr)
			continue;	/* numbers may have gaps: skip empty groups */
		pg->prio = pg_prio(paths, &ret->order[pg->first], pg->nr);
		ret->nr_pgs++;
		for (i = pg->first; i < pos && !ret->initial_pg; i++)
			if (paths[ret->order[i]].usable)
				ret->initial_pg = (unsigned int)ret->nr_pgs;
	}
	if (!ret->initial_pg)
		ret->initial_pg = 1;
	return 0;
}

unsigned int mpx_plan_group_of(const struct mpx_map_plan *plan, size_t path)
{
	size_t g, k;

	for (g = 0; g < plan->nr_pgs; g++)
		for (k = 0; k < plan->pgs[g].nr; k++)
			if (plan->order[plan->pgs[g].first + k] == path)
				return (unsigned int)g + 1;
	return 0;
}

/* Words of a counted string ("2 a b") after the count, into words[]. */
static size_t split_counted(const char *s, char *copy, size_t len, char **words,
			    size_t max)
{
	char *save = NULL, *w;
	size_t n = 0;

	snprintf(copy, len, "%s", s);
	w = strtok_r(copy, " \t", &save);	/* the count */
	while (w && n < max && (w = strtok_r(NULL, " \t", &save)))
		words[n++] = w;
	return n;
}

int mpx_build_features(const struct mpx_map_opts *o, char *buf, size_t len)
{
	char copy[512], *words[32], out[512] = "";
	long long npr = o->v[OPT_NO_PATH_RETRY].i;
	bool queue = npr != MPX_NO_PATH_RETRY_FAIL && npr != 0;
	bool retain = false;
	size_t n, i, count = 0, pos = 0;

	n = split_counted(o->v[OPT_FEATURES].s, copy, sizeof(copy), words, 32);
	for (i = 0; i < n; i++) {
		/* no_path_retry decides queueing, as in multipath-tools */
		if (!strcmp(words[i], "queue_if_no_path"))
			continue;
		if (!strcmp(words[i], "retain_attached_hw_handler"))
			retain = true;
		pos += (size_t)snprintf(out + pos, sizeof(out) - pos, " %s", words[i]);
		count++;
	}
	if (queue) {
		pos += (size_t)snprintf(out + pos, sizeof(out) - pos, " queue_if_no_path");
		count++;
	}
	if (o->v[OPT_RETAIN_HW_HANDLER].i && !retain) {
		pos += (size_t)snprintf(out + pos, sizeof(out) - pos,
					" retain_attached_hw_handler");
		count++;
	}
	if (pos >= sizeof(out) ||
	    (size_t)snprintf(buf, len, "%zu%s", count, out) >= len)
		return -ENOSPC;
	return 0;
}

/*
 * A configured value as the kernel will split it, words joined by single
 * spaces: mpxd reads tables back word by word and compares them.
 */
static int words_of(const char *s, char *out, size_t len)
{
	size_t pos = 0;

	out[0] = '\0';
	while (*s) {
		size_t n;

		s += strspn(s, " \t");
		n = strcspn(s, " \t");
		if (!n)
			break;
		if (pos + n + 2 > len)
			return -ENOSPC;
		if (pos)
			out[pos++] = ' ';
		memcpy(out + pos, s, n);
		pos += n;
		out[pos] = '\0';
		s += n;
	}
	return 0;
}

/*
 * Per-path selector words: round-robin, queue-length and
 * historical-service-time take a repeat count, service-time a repeat count
 * and a relative throughput; latency and selectors mpxd does not know take
 * none.
 */
static unsigned int path_args(const char *selector)
{
	static const struct {
		const char *name;
		unsigned int args;
	} known[] = {
		{ "round-robin ", 1 },
		{ "queue-length ", 1 },
		{ "historical-service-time ", 1 },
		{ "service-time ", 2 },
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strncmp(selector, known[i].name, strlen(known[i].name)))
			return known[i].args;
	return 0;
}

/*
 * rr_weight priorities: a path's repeat count is rr_min_io_rq times its
 * priority (when it has one above 0), as multipath-tools writes it.
 */
static unsigned long long repeat_count(const struct mpx_build_path *p, const struct mpx_map_opts *o)
{
	unsigned long long n = (unsigned long long)o->v[OPT_RR_MIN_IO_RQ].i;

	if (o->v[OPT_RR_WEIGHT].i == MPX_RR_WEIGHT_PRIORITIES && p->prio > 0)
		n *= (unsigned long long)p->prio;
	return n > UINT32_MAX ? UINT32_MAX : n;	/* the target reads a 32-bit count */
}

int mpx_build_table(const struct mpx_build_path *paths, const struct mpx_map_plan *plan,
		    const struct mpx_map_opts *o, char *buf, size_t len)
{
	char features[512], selector[512], hw_handler[512];
	unsigned int nargs;
	size_t g, k, pos;
	int r;

	r = mpx_build_features(o, features, sizeof(features));
	if (r)
		return r;
	if (words_of(o->v[OPT_PATH_SELECTOR].s, selector, sizeof(selector)) ||
	    words_of(o->v[OPT_HARDWARE_HANDLER].s, hw_handler, sizeof(hw_handler)))
		return -ENOSPC;
	nargs = path_args(selector);
	pos = (size_t)snprintf(buf, len, "%s %s %zu %u", features, hw_handler,
			       plan->nr_pgs, plan->initial_pg);
	for (g = 0; g < plan->nr_pgs && pos < len; g++) {
		const struct mpx_pg_plan *pg = &plan->pgs[g];

		pos += (size_t)snprintf(buf + pos, len - pos, " %s %zu %u", selector,
					pg->nr, nargs);
		for (k = 0; k < pg->nr && pos < len; k++) {
			const struct mpx_build_path *p = &paths[plan->order[pg->first + k]];

			if (!nargs)
				pos += (size_t)snprintf(buf + pos, len - pos, " %s", p->a->devno);
			else
				pos += (size_t)snprintf(buf + pos, len - pos, " %s %llu%s",
							p->a->devno, repeat_count(p, o),
							nargs == 2 ? " 1" : "");
		}
	}
	return pos < len ? 0 : -ENOSPC;
}
