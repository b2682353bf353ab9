// SPDX-License-Identifier: GPL-2.0-only
/*
 * "show paths|maps|topology|status|config|selectors": what mpxd knows, as
 * text whose columns follow multipath-tools' where they mean the same, or
 * as JSON named by the command table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checkers/checker.h"
#include "conf/kw.h"
#include "conf/map-opts.h"
#include "conf/table-read.h"
#include "ctl/cmd-table.h"
#include "ctl/ctl.h"
#include "maps/selector-modules.h"
#include "mpxd.h"
#include "seams/dm-seam.h"

static const char *pstate(enum mpx_path_state s)
{
	static const char *const names[] = { "unchecked", "ready", "faulty", "ghost" };

	return names[s];
}

/* The options that decide the map's groups, and where each came from. */
static const enum mpx_opt topology_opts[] = {
	OPT_PATH_GROUPING_POLICY, OPT_PRIO, OPT_PATH_SELECTOR, OPT_HARDWARE_HANDLER, OPT_FAILBACK,
};

static bool module_groups(const struct mpxd_map *m)
{
	return mpxd_policy_has(m->policy, MPXW_GROUP_PATHS) &&
	       m->opts.at[OPT_PATH_GROUPING_POLICY].kind != MPX_ORIGIN_FILE;
}

static void origins_line(FILE *f, const struct mpxd_map *m)
{
	char val[256], origin[384];
	size_t i;

	fprintf(f, "origins:");
	for (i = 0; i < sizeof(topology_opts) / sizeof(topology_opts[0]); i++) {
		const struct mpx_kw *kw = mpx_kw_by_id(topology_opts[i]);

		mpx_kw_format(kw, &m->opts.v[kw->id], val, sizeof(val));
		mpx_origin_format(&m->opts.at[kw->id], origin, sizeof(origin));
		if (kw->id == OPT_PATH_GROUPING_POLICY && module_groups(m))
			snprintf(origin, sizeof(origin), "policy module \"%s\"", m->policy->name);
		fprintf(f, "%s %s %s: %s", i ? ";" : "", kw->name, val, origin);
	}
	fputc('\n', f);
}

static void origins_json(FILE *f, const struct mpxd_map *m)
{
	char val[256], origin[384];
	const struct mpx_kw *kw;
	bool first = true;

	fprintf(f, ",\"origins\":{");
	for (kw = mpx_kw_map; kw->name; kw++) {
		if (kw->type == KW_STRING && !m->opts.v[kw->id].s)
			continue;
		mpx_kw_format(kw, &m->opts.v[kw->id], val, sizeof(val));
		mpx_origin_format(&m->opts.at[kw->id], origin, sizeof(origin));
		fprintf(f, "%s\"%s\":{\"value\":", first ? "" : ",", kw->name);
		mpxd_json_str(f, val);
		fprintf(f, ",\"origin\":");
		mpxd_json_str(f, origin);
		fputc('}', f);
		first = false;
	}
	fputc('}', f);
}

static void path_json(FILE *f, const struct mpxd_path *p)
{
	fprintf(f, "{\"dev\":");
	mpxd_json_str(f, p->a.devnode);
	fprintf(f, ",\"dev_t\":\"%s\",\"hctl\":\"%s\",\"map\":", p->a.devno, p->a.hctl);
	mpxd_json_str(f, p->map ? p->map->name : "");
	fprintf(f,
		",\"group\":%u,\"prio\":%d,\"dm_state\":\"%s\",\"checker\":\"%s\","
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

int mpxd_show_paths(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	size_t i;

	if (q->json) {
		fprintf(f, "{\"%s\":[", q->cmd->json);
		for (i = 0; i < d->nr_paths; i++) {
			if (i)
				fputc(',', f);
			path_json(f, d->paths[i]);
		}
		fprintf(f, "]}\n");
		return 0;
	}
	fprintf(f, "%-12s %-8s %-8s %4s %-8s %-9s %-16s %5s %s\n", "hctl", "dev", "dev_t", "prio",
		"dm_st", "chk_st", "map", "group", "notes");
	for (i = 0; i < d->nr_paths; i++) {
		const struct mpxd_path *p = d->paths[i];

		fprintf(f, "%-12s %-8s %-8s %4d %-8s %-9s %-16s %5u %s\n", p->a.hctl, p->a.devnode,
			p->a.devno, p->prio,
			p->map ? (p->kernel_active ? "active" : "failed") : "-", pstate(p->state),
			p->map ? p->map->name : "-", p->pg, p->map ? p->check_msg : p->why_not);
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

/* kernel: each map's live table too, as "kernel_table" (show topology). */
static int show_maps(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f, bool kernel)
{
	size_t i, k, active;

	if (q->json)
		fprintf(f, "{\"%s\":[", q->cmd->json);
	else
		fprintf(f, "%-16s %-34s %6s %6s %5s %s\n", "name", "wwid", "paths", "active",
			"group", "table");
	for (i = 0; i < d->nr_maps; i++) {
		const struct mpxd_map *m = d->maps[i];

		map_counts(m, &active);
		if (!q->json) {
			fprintf(f, "%-16s %-34s %6zu %6zu %5u %s\n", m->name, m->wwid, m->nr_paths,
				active, m->kernel_pg, m->live ? m->table : "(not created)");
			continue;
		}
		fprintf(f, "%s{\"name\":", i ? "," : "");
		mpxd_json_str(f, m->name);
		fprintf(f, ",\"wwid\":");
		mpxd_json_str(f, m->wwid);
		fprintf(f, ",\"live\":%s,\"sectors\":%llu,\"group\":%u,\"table\":",
			m->live ? "true" : "false", (unsigned long long)m->sectors, m->kernel_pg);
		mpxd_json_str(f, m->table);
		if (kernel) {
			char *live = NULL;

			fprintf(f, ",\"kernel_table\":");
			if (m->live && !mpx_dm_table(m->name, &live))
				mpxd_json_str(f, live);
			else
				fputs("null", f);
			free(live);
		}
		fprintf(f, ",\"queueing_disabled\":%s",
			m->queue_disabled_by_npr ? "true" : "false");
		origins_json(f, m);
		fprintf(f, ",\"paths\":[");
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

int mpxd_show_maps(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	return show_maps(d, q, f, false);
}

static const struct mpxd_path *path_by_devno(const struct mpxd_map *m, const char *dev)
{
	size_t k;

	for (k = 0; k < m->nr_paths; k++)
		if (!strcmp(m->paths[k]->a.devno, dev))
			return m->paths[k];
	return NULL;
}

/*
 * One group of the kernel's table and its paths, as multipath -ll draws
 * them; a device mpxd does not know (loaded by hand) shows as such.
 */
static void topology_group(FILE *f, const struct mpxd_map *m, const struct mpx_table_read *rt,
			   unsigned int g)
{
	unsigned int first = rt->t.pgs[g].first_path, nr = rt->t.pgs[g].nr_paths, k;
	bool last = g + 1 == rt->t.nr_pgs;
	char selector[256];

	mpx_table_read_selector(rt, g, selector, sizeof(selector));
	fprintf(f, "%s-+- policy='%s' status=%s\n", last ? "`" : "|", selector,
		g + 1 == m->kernel_pg ? "active" : "enabled");
	for (k = 0; k < nr; k++) {
		const char *dev = rt->t.paths[first + k].dev;
		const struct mpxd_path *p = path_by_devno(m, dev);

		fprintf(f, "%s %s- ", last ? " " : "|", k + 1 < nr ? "|" : "`");
		if (!p) {
			fprintf(f, "? ? %s (not a path mpxd knows)\n", dev);
			continue;
		}
		fprintf(f, "%s %s %s %s %s prio=%d\n", p->a.hctl, p->a.devnode, dev,
			p->kernel_active ? "active" : "failed", pstate(p->state), p->prio);
	}
}

/* The map's table as the kernel has it, not as the config asks for it. */
static void topology_map(FILE *f, const struct mpxd_map *m)
{
	const struct mpx_path_attrs *a = m->nr_paths ? &m->paths[0]->a : NULL;
	struct mpx_table_read rt;
	char features[512];
	const char *reason = "";
	char *params = NULL;
	unsigned int g;
	int r;

	fprintf(f, "%s (%s) %s,%s\n", m->name, m->wwid, a ? a->vendor : "?", a ? a->product : "?");
	r = m->live ? mpx_dm_table(m->name, &params) : -ENXIO;
	if (!r)
		r = mpx_table_read(params, &rt, &reason);
	free(params);
	if (r) {
		fprintf(f, "size=%lluM (no table in the kernel: %s)\n",
			(unsigned long long)m->sectors / 2048, *reason ? reason : strerror(-r));
		return;
	}
	mpx_table_read_features(&rt, features, sizeof(features));
	fprintf(f, "size=%lluM features='%s' hwhandler='%s%s'\n",
		(unsigned long long)m->sectors / 2048, features, rt.t.hw_handler ? "1 " : "0",
		rt.t.hw_handler ? rt.t.hw_handler : "");
	origins_line(f, m);
	for (g = 0; g < rt.t.nr_pgs; g++)
		topology_group(f, m, &rt, g);
	mpx_table_read_free(&rt);
}

/* multipath -ll's shape, which admins read at a glance. */
int mpxd_show_topology(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	size_t i;

	if (q->json)
		return show_maps(d, q, f, true);
	for (i = 0; i < d->nr_maps; i++)
		topology_map(f, d->maps[i]);
	return 0;
}

int mpxd_show_status(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	size_t i, paths = 0, failed = 0, pending = 0;

	for (i = 0; i < d->nr_paths; i++) {
		paths += !!d->paths[i]->map;
		failed += d->paths[i]->map && !d->paths[i]->kernel_active;
		pending += !!d->paths[i]->check_started;
	}
	if (q->json) {
		fprintf(f,
			"{\"version\":\"%s\",\"maps\":%zu,\"paths\":%zu,\"failed\":%zu,"
			"\"checks_running\":%zu,\"known_disks\":%zu}\n",
			MPX_PROJECT_VERSION, d->nr_maps, paths, failed, pending, d->nr_paths);
		return 0;
	}
	fprintf(f,
		"mpxd %s: %zu maps, %zu paths (%zu failed), %zu checks running, %zu disks known\n",
		MPX_PROJECT_VERSION, d->nr_maps, paths, failed, pending, d->nr_paths);
	return 0;
}

int mpxd_show_config(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	size_t i;

	mpx_config_print(&d->config, f);
	if (d->nr_maps)
		fprintf(f, "# The options of each map, and where each value came from:\n");
	for (i = 0; i < d->nr_maps; i++) {
		const struct mpxd_map *m = d->maps[i];
		const struct mpx_path_attrs *a = m->nr_paths ? &m->paths[0]->a : NULL;

		fprintf(f, "# map \"%s\" (wwid %s, %s %s)%s%s%s:\n", m->name, m->wwid,
			a ? a->vendor : "?", a ? a->product : "?",
			module_groups(m) ? ", grouped by policy module \"" : "",
			module_groups(m) ? m->policy->name : "", module_groups(m) ? "\"" : "");
		mpx_map_opts_print(&m->opts, f, "#");
	}
	return 0;
}

int mpxd_show_selectors(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
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

		fprintf(f, "{\"%s\":[", q->cmd->json);
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

int mpxd_show_tenants_cmd(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	return mpxd_tenants_show(d, q->json, f);
}
