// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tenant lines of the target's "stats" output (dm-mpx(4)):
 *   tenants <count> budget <n> in_flight <n> waiting <n>
 *           failover <none|retry|activation|nopath>
 *   tenant <id|default> weight <n> prio <n> iops <n> bps <n>
 *          affinity <none|group:N|paths:M:m,...> nopath <queue|fail>
 *          ios <n> bytes <n> deferred <n> deferred_us <n> in_flight <n>
 *          waiting <n> held <n> held_ms <n> served <M:m>=<ios>,...
 * (a target before 1.3.0 has no failover, held and held_ms: none held).
 * Lines of other kinds (group, path) are skipped. Within a line the
 * key-value pairs may come in any order and unknown keys are skipped, so
 * a target that reports more still parses. No logging.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "tenant-failover.h"
#include "tenants/tenants.h"

#define MAX_WORDS 64

static int parse_u64(const char *s, uint64_t *ret)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	*ret = v;
	return 0;
}

static int parse_uint(const char *s, unsigned int *ret)
{
	uint64_t v;

	if (parse_u64(s, &v) || v > ~0U)
		return -EINVAL;
	*ret = (unsigned int)v;
	return 0;
}

/* Split line (modified) into words; -EINVAL if there are too many. */
static int split(char *line, char **w, unsigned int *n)
{
	char *save = NULL, *t;

	*n = 0;
	for (t = strtok_r(line, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (*n == MAX_WORDS)
			return -EINVAL;
		w[(*n)++] = t;
	}
	return 0;
}

static int parse_served(char *v, struct mpx_tenant_stats *t)
{
	char *save = NULL, *item, *eq;
	struct mpx_tenant_served *tmp;

	for (item = strtok_r(v, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		eq = strchr(item, '=');
		if (!eq || eq == item || (size_t)(eq - item) >= sizeof(t->served[0].dev))
			return -EINVAL;
		tmp = realloc(t->served, (t->nr_served + 1) * sizeof(*tmp));
		if (!tmp)
			return -ENOMEM;
		t->served = tmp;
		tmp = &t->served[t->nr_served];
		memcpy(tmp->dev, item, (size_t)(eq - item));
		tmp->dev[eq - item] = '\0';
		if (parse_u64(eq + 1, &tmp->ios))
			return -EINVAL;
		t->nr_served++;
	}
	return 0;
}

static int tenant_pair(const char *k, char *v, struct mpx_tenant_stats *t)
{
	static const struct { const char *key; size_t off; } nums[] = {
		{ "iops", offsetof(struct mpx_tenant_stats, iops) },
		{ "bps", offsetof(struct mpx_tenant_stats, bps) },
		{ "ios", offsetof(struct mpx_tenant_stats, ios) },
		{ "bytes", offsetof(struct mpx_tenant_stats, bytes) },
		{ "deferred", offsetof(struct mpx_tenant_stats, deferred) },
		{ "deferred_us", offsetof(struct mpx_tenant_stats, deferred_us) },
		{ "in_flight", offsetof(struct mpx_tenant_stats, in_flight) },
		{ "waiting", offsetof(struct mpx_tenant_stats, waiting) },
	};
	size_t i;

	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (!strcmp(k, nums[i].key))
			return parse_u64(v, (uint64_t *)((char *)t + nums[i].off));
	if (!strcmp(k, "held"))
		return parse_u64(v, &t->held);
	if (!strcmp(k, "held_ms"))
		return parse_u64(v, &t->held_ms);
	if (!strcmp(k, "weight"))
		return parse_uint(v, &t->weight);
	if (!strcmp(k, "prio"))
		return parse_uint(v, &t->prio);
	if (!strcmp(k, "affinity")) {
		if (strlen(v) >= sizeof(t->affinity))
			return -EINVAL;
		strcpy(t->affinity, v);
		return 0;
	}
	if (!strcmp(k, "nopath")) {
		if (strcmp(v, "queue") && strcmp(v, "fail"))
			return -EINVAL;
		t->nopath_fail = !strcmp(v, "fail");
		return 0;
	}
	if (!strcmp(k, "served"))
		return parse_served(v, t);
	return 0;	/* a newer target's counter */
}

static int tenant_line(char **w, unsigned int n, struct mpx_tenants_report *r)
{
	struct mpx_tenant_stats *tmp, *t;
	char empty[1] = "";
	unsigned int i;
	int e;

	if (n < 2)
		return -EINVAL;
	tmp = realloc(r->t, (r->nr + 1) * sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	r->t = tmp;
	t = &r->t[r->nr++];
	memset(t, 0, sizeof(*t));
	strcpy(t->affinity, "none");
	if (strcmp(w[1], "default") && (parse_u64(w[1], &t->id) || !t->id))
		return -EINVAL;
	for (i = 2; i < n; i += 2) {
		/* a map whose paths served nothing yet may print "served" bare */
		e = tenant_pair(w[i], i + 1 < n ? w[i + 1] : empty, t);
		if (e || (i + 1 >= n && strcmp(w[i], "served")))
			return e ? e : -EINVAL;
	}
	return 0;
}

static int tenants_line(char **w, unsigned int n, struct mpx_tenants_report *r)
{
	unsigned int i;

	for (i = 2; i + 1 < n; i += 2) {
		if (!strcmp(w[i], "budget") && parse_uint(w[i + 1], &r->budget))
			return -EINVAL;
		if (!strcmp(w[i], "in_flight") && parse_u64(w[i + 1], &r->in_flight))
			return -EINVAL;
		if (!strcmp(w[i], "waiting") && parse_u64(w[i + 1], &r->waiting))
			return -EINVAL;
		if (!strcmp(w[i], "failover") && (r->failover = mpx_failover_parse(w[i + 1])) < 0)
			return -EINVAL;
	}
	if (n < 2 || parse_uint(w[1], &r->count) || n % 2)
		return -EINVAL;
	return 0;
}

int mpx_tenant_stats_parse(const char *text, struct mpx_tenants_report *ret)
{
	struct mpx_tenants_report r = { 0 };
	char *copy = strdup(text), *line, *save = NULL, *w[MAX_WORDS];
	bool seen = false;
	unsigned int n;
	int e = 0;

	if (!copy)
		return -ENOMEM;
	for (line = strtok_r(copy, "\n", &save); line && !e;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "tenant", 6))
			continue;	/* group and path lines */
		e = split(line, w, &n);
		if (e || !n)
			break;
		if (!strcmp(w[0], "tenants")) {
			e = seen ? -EINVAL : tenants_line(w, n, &r);
			seen = true;
		} else if (!strcmp(w[0], "tenant")) {
			e = seen ? tenant_line(w, n, &r) : -EINVAL;
		}
	}
	free(copy);
	if (!e && !seen)
		e = -ENOENT;
	if (e) {
		mpx_tenants_report_free(&r);
		return e;
	}
	*ret = r;
	return 0;
}

void mpx_tenants_report_free(struct mpx_tenants_report *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		free(r->t[i].served);
	free(r->t);
	memset(r, 0, sizeof(*r));
}

const struct mpx_tenant_stats *mpx_tenants_report_find(const struct mpx_tenants_report *r,
							uint64_t id)
{
	size_t i;

	for (i = 0; i < r->nr; i++)
		if (r->t[i].id == id)
			return &r->t[i];
	return NULL;
}

bool mpx_tenant_stats_active(const struct mpx_tenant_stats *s)
{
	return s && (s->ios || s->in_flight || s->waiting || s->held);
}
