// SPDX-License-Identifier: GPL-2.0-only
/*
 * "show paths|maps|topology|status|config|selectors": what mpxd knows, as
 * text whose columns follow multipath-tools' where they mean the same, or
 * as JSON named by the command table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checkers/checker.h"
#include "conf/kw.h"
#include "conf/map-opts.h"
#include "ctl/cmd-table.h"
#include "ctl/ctl.h"
#include "maps/map-build.h"
#include "maps/selector-modules.h"
#include "mpxd.h"

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

int mpxd_show_maps(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
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

/* One group of a map and its paths, as multipath -ll draws them. */
static void topology_group(FILE *f, const struct mpxd_map *m, unsigned int g, bool last)
{
	const char *selector = m->opts.v[OPT_PATH_SELECTOR].s;
	size_t k, left = 0;

	for (k = 0; k < m->nr_paths; k++)
		left += m->paths[k]->pg == g;
	fprintf(f, "%s-+- policy='%s' status=%s\n", last ? "`" : "|", selector ? selector : "",
		g == m->kernel_pg ? "active" : "enabled");
	for (k = 0; k < m->nr_paths; k++) {
		const struct mpxd_path *p = m->paths[k];

		if (p->pg != g)
			continue;
		fprintf(f, "%s %s- %s %s %s %s %s prio=%d\n", last ? " " : "|", --left ? "|" : "`",
			p->a.hctl, p->a.devnode, p->a.devno, p->kernel_active ? "active" : "failed",
			pstate(p->state), p->prio);
	}
}

/* multipath -ll's shape, which admins read at a glance. */
int mpxd_show_topology(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	size_t i, k;
	unsigned int g, groups;

	if (q->json)
		return mpxd_show_maps(d, q, f);
	for (i = 0; i < d->nr_maps; i++) {
		const struct mpxd_map *m = d->maps[i];
		const struct mpx_path_attrs *a = m->nr_paths ? &m->paths[0]->a : NULL;
		const char *hw = m->opts.v[OPT_HARDWARE_HANDLER].s;
		char features[512] = "";

		fprintf(f, "%s (%s) %s,%s\n", m->name, m->wwid, a ? a->vendor : "?",
			a ? a->product : "?");
		if (m->opts.v[OPT_FEATURES].s)
			mpx_build_features(&m->opts, features, sizeof(features));
		fprintf(f, "size=%lluM features='%s' hwhandler='%s'\n",
			(unsigned long long)m->sectors / 2048, features, hw ? hw : "");
		origins_line(f, m);
		for (k = 0, groups = 0; k < m->nr_paths; k++)
			if (m->paths[k]->pg > groups)
				groups = m->paths[k]->pg;
		for (g = 1; g <= groups; g++)
			topology_group(f, m, g, g == groups);
	}
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
