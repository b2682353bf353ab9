// SPDX-License-Identifier: GPL-2.0-only
/*
 * Control commands: the table of what mpxctl may ask and the handlers.
 * Output columns follow multipath-tools' where they mean the same.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mpx/ctl.h>
#include "checkers/checker.h"
#include "ctl/ctl.h"
#include "maps/map-load.h"
#include "maps/map-policy.h"
#include "maps/maps.h"
#include "maps/paths.h"
#include "maps/selector-modules.h"
#include "maps/target.h"
#include "mpxd.h"

#define MAX_WORDS 8

struct req {
	char *w[MAX_WORDS];
	int n;
	bool json;
};

static const char *pstate(enum mpx_path_state s)
{
	static const char *const names[] = { "unchecked", "ready", "faulty", "ghost" };

	return names[s];
}

static void path_json(FILE *f, const struct mpxd_path *p)
{
	fprintf(f, "{\"dev\":");
	mpxd_json_str(f, p->a.devnode);
	fprintf(f, ",\"dev_t\":\"%s\",\"hctl\":\"%s\",\"map\":", p->a.devno, p->a.hctl);
	mpxd_json_str(f, p->map ? p->map->name : "");
	fprintf(f, ",\"group\":%u,\"prio\":%d,\"dm_state\":\"%s\",\"checker\":\"%s\","
		   "\"checker_state\":\"%s\",\"checker_msg\":",
		p->pg, p->prio, p->map ? (p->kernel_active ? "active" : "failed") : "",
		mpx_checker_name(p->checker), pstate(p->state));
	mpxd_json_str(f, p->check_msg);
	fprintf(f, ",\"wwid\":");
	mpxd_json_str(f, p->a.wwid);
	fprintf(f, ",\"vendor\":");
	mpxd_json_str(f, p->a.vendor);
	fprintf(f, ",\"product\":");
	mpxd_json_str(f, p->a.product);
	fprintf(f, ",\"alua\":\"%s\",\"tpg\":%d,\"why_not\":", mpx_alua_name(p->a.alua),
		p->a.have_tpg ? p->a.tpg : -1);
	mpxd_json_str(f, p->why_not);
	fputc('}', f);
}

static int show_paths(struct mpxd *d, struct req *q, FILE *f)
{
	size_t i;

	if (q->json) {
		fprintf(f, "{\"paths\":[");
		for (i = 0; i < d->nr_paths; i++) {
			if (i)
				fputc(',', f);
			path_json(f, d->paths[i]);
		}
		fprintf(f, "]}\n");
		return 0;
	}
	fprintf(f, "%-12s %-8s %-8s %4s %-8s %-9s %-16s %5s %s\n", "hctl", "dev", "dev_t",
		"prio", "dm_st", "chk_st", "map", "group", "notes");
	for (i = 0; i < d->nr_paths; i++) {
		const struct mpxd_path *p = d->paths[i];

		fprintf(f, "%-12s %-8s %-8s %4d %-8s %-9s %-16s %5u %s\n", p->a.hctl,
			p->a.devnode, p->a.devno, p->prio,
			p->map ? (p->kernel_active ? "active" : "failed") : "-",
			pstate(p->state), p->map ? p->map->name : "-", p->pg,
			p->map ? p->check_msg : p->why_not);
	}
	return 0;
}

static void map_counts(const struct mpxd_map *m, size_t *active)
{
	size_t i;

	*active = 0;
	for (i = 0; i < m->nr_paths; i++)
		*active += m->paths[i]->kernel_active;
}

static int show_maps(struct mpxd *d, struct req *q, FILE *f)
{
	size_t i, k, active;

	if (q->json)
		fprintf(f, "{\"maps\":[");
	else
		fprintf(f, "%-16s %-34s %6s %6s %5s %s\n", "name", "wwid", "paths", "active",
			"group", "table");
	for (i = 0; i < d->nr_maps; i++) {
		const struct mpxd_map *m = d->maps[i];

		map_counts(m, &active);
		if (!q->json) {
			fprintf(f, "%-16s %-34s %6zu %6zu %5u %s\n", m->name, m->wwid,
				m->nr_paths, active, m->kernel_pg, m->live ? m->table : "(not created)");
			continue;
		}
		fprintf(f, "%s{\"name\":", i ? "," : "");
		mpxd_json_str(f, m->name);
		fprintf(f, ",\"wwid\":");
		mpxd_json_str(f, m->wwid);
		fprintf(f, ",\"live\":%s,\"sectors\":%llu,\"group\":%u,\"table\":",
			m->live ? "true" : "false", (unsigned long long)m->sectors, m->kernel_pg);
		mpxd_json_str(f, m->table);
		fprintf(f, ",\"queueing_disabled\":%s,\"paths\":[",
			m->queue_disabled_by_npr ? "true" : "false");
		for (k = 0; k < m->nr_paths; k++) {
			if (k)
				fputc(',', f);
			path_json(f, m->paths[k]);
		}
		fprintf(f, "]}");
	}
	if (q->json)
		fprintf(f, "]}\n");
	return 0;
}

/* multipath -ll's shape, which admins read at a glance. */
static int show_topology(struct mpxd *d, struct req *q, FILE *f)
{
	size_t i, k;
	unsigned int g, groups;

	if (q->json)
		return show_maps(d, q, f);
	for (i = 0; i < d->nr_maps; i++) {
		const struct mpxd_map *m = d->maps[i];
		const struct mpx_path_attrs *a = m->nr_paths ? &m->paths[0]->a : NULL;

		fprintf(f, "%s (%s) %s,%s\n", m->name, m->wwid, a ? a->vendor : "?",
			a ? a->product : "?");
		char features[512] = "";

		if (m->opts.features)
			mpx_build_features(&m->opts, features, sizeof(features));
		fprintf(f, "size=%lluM features='%s' hwhandler='%s'\n",
			(unsigned long long)m->sectors / 2048, features,
			m->opts.hw_handler ? m->opts.hw_handler : "");
		for (k = 0, groups = 0; k < m->nr_paths; k++)
			if (m->paths[k]->pg > groups)
				groups = m->paths[k]->pg;
		for (g = 1; g <= groups; g++) {
			bool last_group = g == groups;
			size_t left = 0;

			for (k = 0; k < m->nr_paths; k++)
				left += m->paths[k]->pg == g;
			fprintf(f, "%s-+- policy='%s' status=%s\n", last_group ? "`" : "|",
				m->opts.selector ? m->opts.selector : "",
				g == m->kernel_pg ? "active" : "enabled");
			for (k = 0; k < m->nr_paths; k++) {
				const struct mpxd_path *p = m->paths[k];

				if (p->pg != g)
					continue;
				fprintf(f, "%s %s- %s %s %s %s %s prio=%d\n", last_group ? " " : "|",
					--left ? "|" : "`", p->a.hctl, p->a.devnode, p->a.devno,
					p->kernel_active ? "active" : "failed", pstate(p->state),
					p->prio);
			}
		}
	}
	return 0;
}

static int show_status(struct mpxd *d, struct req *q, FILE *f)
{
	size_t i, paths = 0, failed = 0, pending = 0;

	for (i = 0; i < d->nr_paths; i++) {
		paths += !!d->paths[i]->map;
		failed += d->paths[i]->map && !d->paths[i]->kernel_active;
		pending += !!d->paths[i]->check_started;
	}
	if (q->json) {
		fprintf(f, "{\"version\":\"%s\",\"maps\":%zu,\"paths\":%zu,\"failed\":%zu,"
			   "\"checks_running\":%zu,\"known_disks\":%zu}\n",
			MPX_PROJECT_VERSION, d->nr_maps, paths, failed, pending, d->nr_paths);
		return 0;
	}
	fprintf(f, "mpxd %s: %zu maps, %zu paths (%zu failed), %zu checks running, %zu disks known\n",
		MPX_PROJECT_VERSION, d->nr_maps, paths, failed, pending, d->nr_paths);
	return 0;
}

static int show_config(struct mpxd *d, struct req *q, FILE *f)
{
	mpx_config_print(&d->config, f);
	return 0;
}

static int show_selectors(struct mpxd *d, struct req *q, FILE *f)
{
	char *list = NULL;
	size_t i;
	int r = mpxd_kernel_selectors(d, &list);

	if (r) {
		fprintf(f, "cannot ask the target");
		return r;
	}
	list[strcspn(list, "\n")] = '\0';
	if (q->json) {
		char *save = NULL, *w;
		bool first = true;

		fprintf(f, "{\"selectors\":[");
		for (w = strtok_r(list, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			fprintf(f, "%s{\"name\":", first ? "" : ",");
			mpxd_json_str(f, w);
			for (i = 0; i < d->nr_loaded && strcmp(d->loaded[i], w); i++)
				;
			fprintf(f, ",\"loaded_by_mpxd\":%s}", i < d->nr_loaded ? "true" : "false");
			first = false;
		}
		fprintf(f, "]}\n");
	} else {
		fprintf(f, "kernel selectors: %s\n", list);
		for (i = 0; i < d->nr_loaded; i++)
			fprintf(f, "loaded by mpxd: dm-mpx-ps-%s\n", d->loaded[i]);
	}
	free(list);
	return 0;
}

static size_t maps_using(struct mpxd *d, struct mpxd_policy *p, int pgp, FILE *f, bool json)
{
	size_t i, n = 0;

	for (i = 0; i < d->nr_maps; i++) {
		if (d->maps[i]->policy != p || (!p && d->maps[i]->opts.pgp != pgp))
			continue;
		if (json) {
			fputs(n ? "," : "", f);
			mpxd_json_str(f, d->maps[i]->name);
		} else {
			fprintf(f, "%s%s", n ? "," : "", d->maps[i]->name);
		}
		n++;
	}
	if (!n && !json)
		fputs("-", f);
	return n;
}

static void policy_json(struct mpxd *d, struct mpxd_policy *p, FILE *f)
{
	int h;

	fprintf(f, "{\"name\":");
	mpxd_json_str(f, p->name);
	fprintf(f, ",\"version\":");
	mpxd_json_str(f, p->version);
	fprintf(f, ",\"source\":");
	mpxd_json_str(f, p->file);
	fprintf(f, ",\"running\":%s,\"maps\":[", p->fd >= 0 ? "true" : "false");
	maps_using(d, p, -1, f, true);
	fprintf(f, "],\"hooks\":{");
	pthread_mutex_lock(&p->lock);
	for (h = 0; h < MPXW_NR_HOOKS; h++) {
		const struct mpxd_hook_stats *st = &p->stats[h];

		fprintf(f, "%s\"%s\":{\"present\":%s,\"disabled\":%s,\"calls\":%llu,"
			   "\"errors\":%llu,\"timeouts\":%llu,\"total_us\":%llu,\"max_us\":%llu}",
			h ? "," : "", mpxd_hook_name(h), p->hooks & (1u << h) ? "true" : "false",
			p->disabled & (1u << h) ? "true" : "false",
			(unsigned long long)st->calls, (unsigned long long)st->errors,
			(unsigned long long)st->timeouts, (unsigned long long)st->total_us,
			(unsigned long long)st->max_us);
	}
	pthread_mutex_unlock(&p->lock);
	fprintf(f, "}}");
}

static void policy_text(struct mpxd *d, struct mpxd_policy *p, FILE *f)
{
	int h;

	fprintf(f, "%s %s (%s) %s, maps: ", p->name, p->version, p->file,
		p->fd >= 0 ? "running" : "not running");
	maps_using(d, p, -1, f, false);
	fputc('\n', f);
	pthread_mutex_lock(&p->lock);
	for (h = 0; h < MPXW_NR_HOOKS; h++) {
		const struct mpxd_hook_stats *st = &p->stats[h];

		if (!(p->hooks & (1u << h)))
			continue;
		fprintf(f, "  %-15s %-8s calls %llu errors %llu timeouts %llu total %llu us max %llu us\n",
			mpxd_hook_name(h), p->disabled & (1u << h) ? "disabled" : "ok",
			(unsigned long long)st->calls, (unsigned long long)st->errors,
			(unsigned long long)st->timeouts, (unsigned long long)st->total_us,
			(unsigned long long)st->max_us);
	}
	pthread_mutex_unlock(&p->lock);
}

static int show_policies(struct mpxd *d, struct req *q, FILE *f)
{
	static const char *const builtin[] = { "failover", "multibus", "group_by_serial",
					       "group_by_prio", "group_by_node_name",
					       "group_by_tpg" };
	size_t i;

	if (q->json) {
		fprintf(f, "{\"policies\":[");
		for (i = 0; i < d->plugins.nr; i++) {
			fputs(i ? "," : "", f);
			policy_json(d, d->plugins.list[i], f);
		}
		fprintf(f, "],\"builtin\":[");
		for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
			fprintf(f, "%s{\"name\":\"%s\",\"maps\":[", i ? "," : "", builtin[i]);
			maps_using(d, NULL, (int)i, f, true);
			fprintf(f, "]}");
		}
		fprintf(f, "]}\n");
		return 0;
	}
	for (i = 0; i < d->plugins.nr; i++)
		policy_text(d, d->plugins.list[i], f);
	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		fprintf(f, "%s (built in), maps: ", builtin[i]);
		maps_using(d, NULL, (int)i, f, false);
		fputc('\n', f);
	}
	return 0;
}

static int show_tenants(struct mpxd *d, struct req *q, FILE *f)
{
	return mpxd_tenants_show(d, q->json, f);
}

static int policy_load(struct mpxd *d, struct req *q, FILE *f)
{
	char why[512];
	int r = mpxd_policy_load(d, q->w[2], NULL, why, sizeof(why));

	if (r) {
		fprintf(f, "%s", why);
		return r;
	}
	mpxd_maps_sync(d);
	return 0;
}

static int policy_unload(struct mpxd *d, struct req *q, FILE *f)
{
	char why[512];
	int r = mpxd_policy_unload(d, q->w[2], why, sizeof(why));

	if (r) {
		fprintf(f, "%s", why);
		return r;
	}
	mpxd_maps_sync(d);
	return 0;
}

static int find_path(struct mpxd *d, const char *name, struct mpxd_path **ret, FILE *f)
{
	*ret = mpxd_path_find(d, name);
	if (!*ret) {
		fprintf(f, "no such path: \"%s\"", name);
		return -ENODEV;
	}
	return 0;
}

static int path_cmd(struct mpxd *d, struct req *q, FILE *f)
{
	struct mpxd_path *p;
	int r = find_path(d, q->w[2], &p, f);

	if (r)
		return r;
	if (!p->map) {
		fprintf(f, "path %s is not in a map (%s)", p->a.devnode, p->why_not);
		return -EINVAL;
	}
	if (!strcmp(q->w[0], "fail")) {
		p->kernel_active = true;	/* ask even if we think it failed */
		return mpxd_path_fail(d, p, "by the administrator");
	}
	p->kernel_active = false;
	return mpxd_path_reinstate(d, p, "by the administrator");
}

static int add_path(struct mpxd *d, struct req *q, FILE *f)
{
	char syspath[128];
	struct mpxd_path *p;
	const char *dev = q->w[2];
	int r;

	if (!strncmp(dev, "/dev/", 5))
		dev += 5;
	/* a name in /sys/class/block: ".." and friends would leave it */
	if (!*dev || !strcmp(dev, ".") || !strcmp(dev, "..") || strchr(dev, '/') ||
	    strlen(dev) > 32) {
		fprintf(f, "bad device name \"%s\"", q->w[2]);
		return -EINVAL;
	}
	snprintf(syspath, sizeof(syspath), "/sys/class/block/%s", dev);
	r = mpxd_path_add(d, syspath, &p);
	if (r) {
		fprintf(f, "cannot add %s", dev);
		return r;
	}
	mpxd_map_assign(d, p);
	mpxd_maps_sync(d);
	if (!p->map)
		fprintf(f, "%s added, not multipathed: %s\n", dev, p->why_not);
	return 0;
}

static int del_path(struct mpxd *d, struct req *q, FILE *f)
{
	struct mpxd_path *p;
	int r = find_path(d, q->w[2], &p, f);

	if (r)
		return r;
	mpxd_path_remove(d, p);
	mpxd_maps_sync(d);
	return 0;
}

static int find_map(struct mpxd *d, const char *name, struct mpxd_map **ret, FILE *f)
{
	*ret = mpxd_map_find(d, name);
	if (!*ret || !(*ret)->live) {
		fprintf(f, "no such map: \"%s\"", name);
		return -ENODEV;
	}
	return 0;
}

static int switch_map(struct mpxd *d, struct req *q, FILE *f)
{
	struct mpxd_map *m;
	char *end;
	unsigned long g = strtoul(q->w[4], &end, 10);
	unsigned int groups = 0;
	size_t k;
	int r = find_map(d, q->w[2], &m, f);

	if (r)
		return r;
	for (k = 0; k < m->nr_paths; k++)
		if (m->paths[k]->pg > groups)
			groups = m->paths[k]->pg;
	if (*end || !g || g > groups) {
		fprintf(f, "map \"%s\" has groups 1 to %u, not \"%s\"", m->name, groups, q->w[4]);
		return -EINVAL;
	}
	r = mpxd_map_switch(d, m, (unsigned int)g);
	if (!r)
		m->kernel_pg = (unsigned int)g;
	return r;
}

static int resize_map(struct mpxd *d, struct req *q, FILE *f)
{
	struct mpxd_map *m;
	int r = find_map(d, q->w[2], &m, f);

	if (r)
		return r;
	r = mpxd_map_resize(d, m);
	if (!r)
		fprintf(f, "%s: %llu sectors\n", m->name, (unsigned long long)m->sectors);
	return r;
}

static int reconfigure(struct mpxd *d, struct req *q, FILE *f)
{
	int r = mpxd_reconfigure(d);

	if (r)
		fprintf(f, "the new configuration does not load; see mpxd's log");
	else
		mpxd_maps_sync(d);
	return r;
}

static const struct cmd {
	const char *words[5];	/* NULL: any word (an argument) */
	int n;
	int (*fn)(struct mpxd *d, struct req *q, FILE *f);
} cmds[] = {
	{ { "show", "paths" }, 2, show_paths },
	{ { "show", "maps" }, 2, show_maps },
	{ { "show", "topology" }, 2, show_topology },
	{ { "show", "status" }, 2, show_status },
	{ { "show", "config" }, 2, show_config },
	{ { "show", "selectors" }, 2, show_selectors },
	{ { "show", "policies" }, 2, show_policies },
	{ { "show", "tenants" }, 2, show_tenants },
	{ { "policy", "load", NULL }, 3, policy_load },
	{ { "policy", "unload", NULL }, 3, policy_unload },
	{ { "fail", "path", NULL }, 3, path_cmd },
	{ { "reinstate", "path", NULL }, 3, path_cmd },
	{ { "add", "path", NULL }, 3, add_path },
	{ { "del", "path", NULL }, 3, del_path },
	{ { "switch", "map", NULL, "group", NULL }, 5, switch_map },
	{ { "resize", "map", NULL }, 3, resize_map },
	{ { "reconfigure" }, 1, reconfigure },
};

static bool matches(const struct cmd *c, const struct req *q)
{
	int i;

	if (c->n != q->n)
		return false;
	for (i = 0; i < c->n; i++)
		if (c->words[i] && strcmp(c->words[i], q->w[i]))
			return false;
	return true;
}

static int split(char *line, struct req *q)
{
	char *save = NULL, *w;

	q->n = 0;
	q->json = false;
	for (w = strtok_r(line, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (!strcmp(w, "--json")) {
			q->json = true;
			continue;
		}
		if (q->n == MAX_WORDS)
			return -E2BIG;
		q->w[q->n++] = w;
	}
	return q->n ? 0 : -EINVAL;
}

char *mpxd_ctl_dispatch(struct mpxd *d, const char *request)
{
	char line[MPX_CTL_MAX_REQUEST + 1], *out = NULL, *reply = NULL;
	size_t len = 0;
	struct req q;
	FILE *f;
	size_t i;
	int r = -EINVAL;

	snprintf(line, sizeof(line), "%s", request);
	f = open_memstream(&out, &len);
	if (!f)
		return NULL;
	if (split(line, &q)) {
		fprintf(f, "empty or too long request");
	} else {
		for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
			if (matches(&cmds[i], &q))
				break;
		if (!strcmp(q.w[0], "persist"))
			r = mpxd_persist_cmd(d, q.w + 1, q.n - 1, f);
		else if (i == sizeof(cmds) / sizeof(cmds[0]))
			fprintf(f, "unknown command \"%s\"", request);
		else
			r = cmds[i].fn(d, &q, f);
	}
	fclose(f);
	if (r) {
		/* the handler's text is the message: one line */
		for (char *p = out; p && *p; p++)
			if (*p == '\n')
				*p = ' ';
		if (asprintf(&reply, "error %s: %s\n", strerrorname_np(-r) ? strerrorname_np(-r) : "EIO",
			     out && *out ? out : strerror(-r)) < 0)
			reply = NULL;
	} else if (asprintf(&reply, "ok\n%s", out ? out : "") < 0) {
		reply = NULL;
	}
	free(out);
	log_info(&d->log, "control: \"%s\": %s", request, r ? strerror(-r) : "ok");
	return reply;
}
