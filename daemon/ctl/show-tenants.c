// SPDX-License-Identifier: GPL-2.0-only
/*
 * "show tenants": each tenant entry, the cgroups it owns with their ids and
 * states, and per map what the target counts for them (from the stats
 * mpxd last read: at most a second old while tenants are configured).
 */
#include <stdio.h>
#include <string.h>
#include "ctl/ctl.h"
#include "mpxd.h"
#include "tenants/tenants.h"

static const char *state_name(enum mpxd_tenant_state s)
{
	static const char *const names[] = { "running", "frozen", "thawed-timeout" };

	return names[s];
}

static const struct mpx_tenant_stats *stats_of(const struct mpxd_map *m, uint64_t id)
{
	return m->live && m->tenants ? mpx_tenants_report_find(&m->tenants->last, id) : NULL;
}

/*
 * tenants/lookup.c's mpxd_tenant_use(), again: this file links without the rest
 * of the tenant code, as the control socket's fuzz harness needs.
 */
static const struct mpxd_tenant_use *use_of(const struct mpxd_map *m, uint64_t id)
{
	size_t i;

	for (i = 0; m->tenants && i < m->tenants->nr_uses; i++)
		if (m->tenants->uses[i].id == id)
			return &m->tenants->uses[i];
	return NULL;
}

static void served_text(FILE *f, const struct mpx_tenant_stats *s)
{
	size_t i;

	for (i = 0; i < s->nr_served; i++)
		fprintf(f, "%s%s=%llu", i ? "," : "", s->served[i].dev,
			(unsigned long long)s->served[i].ios);
	if (!s->nr_served)
		fputs("-", f);
}

static void maps_text(struct mpxd *d, const struct mpxd_cgroup *cg, FILE *f)
{
	const struct mpx_tenant_stats *s;
	size_t i;

	for (i = 0; i < d->nr_maps; i++) {
		s = stats_of(d->maps[i], cg->id);
		if (!s)
			continue;
		fprintf(f,
			"    map %s: weight %u prio %u iops %llu bps %llu affinity %s nopath %s ios %llu bytes %llu deferred %llu deferred_us %llu in_flight %llu waiting %llu held %llu held_ms %llu served ",
			d->maps[i]->name, s->weight, s->prio, (unsigned long long)s->iops,
			(unsigned long long)s->bps, s->affinity, s->nopath_fail ? "fail" : "queue",
			(unsigned long long)s->ios, (unsigned long long)s->bytes,
			(unsigned long long)s->deferred, (unsigned long long)s->deferred_us,
			(unsigned long long)s->in_flight, (unsigned long long)s->waiting,
			(unsigned long long)s->held, (unsigned long long)s->held_ms);
		served_text(f, s);
		fputc('\n', f);
	}
}

static void map_json(FILE *f, const struct mpxd_map *m, const struct mpx_tenant_stats *s,
		     const struct mpxd_tenant_use *u)
{
	size_t i;

	fprintf(f, "{\"map\":");
	mpxd_json_str(f, m->name);
	fprintf(f, ",\"no_path\":%s,\"weight\":%u,\"prio\":%u,\"iops\":%llu,\"bps\":%llu,\"affinity\":",
		u && u->episode ? "true" : "false", s->weight, s->prio,
		(unsigned long long)s->iops, (unsigned long long)s->bps);
	mpxd_json_str(f, s->affinity);
	fprintf(f,
		",\"nopath\":\"%s\",\"ios\":%llu,\"bytes\":%llu,\"deferred\":%llu,"
		"\"deferred_us\":%llu,\"in_flight\":%llu,\"waiting\":%llu,\"held\":%llu,"
		"\"held_ms\":%llu,\"served\":{",
		s->nopath_fail ? "fail" : "queue", (unsigned long long)s->ios,
		(unsigned long long)s->bytes, (unsigned long long)s->deferred,
		(unsigned long long)s->deferred_us, (unsigned long long)s->in_flight,
		(unsigned long long)s->waiting, (unsigned long long)s->held,
		(unsigned long long)s->held_ms);
	for (i = 0; i < s->nr_served; i++) {
		fputs(i ? "," : "", f);
		mpxd_json_str(f, s->served[i].dev);
		fprintf(f, ":%llu", (unsigned long long)s->served[i].ios);
	}
	fprintf(f, "}}");
}

static void cgroup_json(struct mpxd *d, const struct mpxd_cgroup *cg, FILE *f)
{
	const struct mpx_tenant_stats *s;
	bool first = true;
	size_t i;

	fprintf(f, "{\"path\":");
	mpxd_json_str(f, cg->path);
	fprintf(f, ",\"id\":%llu,\"state\":\"%s\",\"io_controller\":%s,\"maps\":[",
		(unsigned long long)cg->id, state_name(cg->state), cg->io_ok ? "true" : "false");
	for (i = 0; i < d->nr_maps; i++) {
		s = stats_of(d->maps[i], cg->id);
		if (!s)
			continue;
		fputs(first ? "" : ",", f);
		map_json(f, d->maps[i], s, use_of(d->maps[i], cg->id));
		first = false;
	}
	fprintf(f, "]}");
}

int mpxd_tenants_show(struct mpxd *d, bool json, FILE *f)
{
	const struct mpxd_tenants *t = &d->tenants;
	size_t i, k, n;

	if (json)
		fprintf(f, "{\"tenants\":[");
	for (i = 0; i < d->config.nr_tenants; i++) {
		const char *name = d->config.tenants[i].v[OPT_TENANT_NAME].s;
		const char *pattern = d->config.tenants[i].v[OPT_CGROUP].s;

		if (json) {
			fprintf(f, "%s{\"name\":", i ? "," : "");
			mpxd_json_str(f, name);
			fprintf(f, ",\"cgroup\":");
			mpxd_json_str(f, pattern);
			fprintf(f, ",\"cgroups\":[");
		}
		for (k = 0, n = 0; k < t->nr_cg; k++) {
			const struct mpxd_cgroup *cg = &t->cg[k];

			if (strcmp(cg->entry, name))
				continue;
			if (json) {
				fputs(n ? "," : "", f);
				cgroup_json(d, cg, f);
			} else {
				fprintf(f, "%-16s %-40s id %-10llu %s%s\n", name, cg->path,
					(unsigned long long)cg->id, state_name(cg->state),
					cg->io_ok ? "" : " (io controller not enabled)");
				maps_text(d, cg, f);
			}
			n++;
		}
		if (json)
			fprintf(f, "]}");
		else if (!n)
			fprintf(f, "%-16s (no cgroup matches \"%s\")\n", name, pattern);
	}
	if (json)
		fprintf(f, "]}\n");
	else if (!d->config.nr_tenants)
		fprintf(f, "no tenants configured\n");
	return 0;
}
