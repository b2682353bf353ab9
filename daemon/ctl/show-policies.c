// SPDX-License-Identifier: GPL-2.0-only
/*
 * "show policies": the loaded modules, their maps and hooks; the modules
 * held unloaded; the built-in groupings.
 */
#include <stdio.h>
#include <unistd.h>
#include "ctl/cmd-table.h"
#include "ctl/ctl.h"
#include "mpxd.h"

static size_t maps_using(struct mpxd *d, struct mpxd_policy *p, int pgp, FILE *f, bool json)
{
	size_t i, n = 0;

	for (i = 0; i < d->nr_maps; i++) {
		if (d->maps[i]->policy != p ||
		    (!p && d->maps[i]->opts.v[OPT_PATH_GROUPING_POLICY].i != pgp))
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
	fprintf(f, ",\"loaded\":true,\"running\":%s,\"maps\":[", p->fd >= 0 ? "true" : "false");
	maps_using(d, p, -1, f, true);
	fprintf(f, "],\"hooks\":{");
	pthread_mutex_lock(&p->lock);
	for (h = 0; h < MPXW_NR_HOOKS; h++) {
		const struct mpxd_hook_stats *st = &p->stats[h];

		fprintf(f,
			"%s\"%s\":{\"present\":%s,\"disabled\":%s,\"calls\":%llu,"
			"\"errors\":%llu,\"timeouts\":%llu,\"total_us\":%llu,\"max_us\":%llu}",
			h ? "," : "", mpxd_hook_name(h), p->hooks & (1u << h) ? "true" : "false",
			p->disabled & (1u << h) ? "true" : "false", (unsigned long long)st->calls,
			(unsigned long long)st->errors, (unsigned long long)st->timeouts,
			(unsigned long long)st->total_us, (unsigned long long)st->max_us);
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
		fprintf(f,
			"  %-15s %-8s calls %llu errors %llu timeouts %llu total %llu us max %llu us\n",
			mpxd_hook_name(h), p->disabled & (1u << h) ? "disabled" : "ok",
			(unsigned long long)st->calls, (unsigned long long)st->errors,
			(unsigned long long)st->timeouts, (unsigned long long)st->total_us,
			(unsigned long long)st->max_us);
	}
	pthread_mutex_unlock(&p->lock);
}

/*
 * Modules unloaded by "policy unload" whose file is still there: present,
 * but not loaded again until "policy load", a change of the file or a
 * restart. A file changed since is loaded again at the next scan.
 */
static void held_text(struct mpxd *d, FILE *f)
{
	const struct mpxd_policy_held *h;
	size_t i;

	for (i = 0; i < d->plugins.nr_held; i++) {
		h = &d->plugins.held[i];
		if (access(h->file, F_OK))
			continue;
		fprintf(f, "%s %s (%s) unloaded, maps: -\n", h->name, h->version, h->file);
		if (mpxd_plugin_held_unchanged(h))
			fprintf(f,
				"  present, held unloaded until \"policy load\", a change of the file or a restart\n");
		else
			fprintf(f,
				"  present, changed since the unload: loaded again at the next scan\n");
	}
}

static void held_json(struct mpxd *d, FILE *f)
{
	const struct mpxd_policy_held *h;
	size_t i, n = 0;

	for (i = 0; i < d->plugins.nr_held; i++) {
		h = &d->plugins.held[i];
		if (access(h->file, F_OK))
			continue;
		fprintf(f, "%s{\"name\":", n++ ? "," : "");
		mpxd_json_str(f, h->name);
		fprintf(f, ",\"version\":");
		mpxd_json_str(f, h->version);
		fprintf(f, ",\"source\":");
		mpxd_json_str(f, h->file);
		fprintf(f, ",\"present\":true,\"loaded\":false,\"file_changed\":%s}",
			mpxd_plugin_held_unchanged(h) ? "false" : "true");
	}
}

int mpxd_show_policies(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	static const char *const builtin[] = {
		"failover",      "multibus",           "group_by_serial",
		"group_by_prio", "group_by_node_name", "group_by_tpg",
	};
	size_t i;

	if (q->json) {
		fprintf(f, "{\"%s\":[", q->cmd->json);
		for (i = 0; i < d->plugins.nr; i++) {
			fputs(i ? "," : "", f);
			policy_json(d, d->plugins.list[i], f);
		}
		fprintf(f, "],\"unloaded\":[");
		held_json(d, f);
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
	held_text(d, f);
	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		fprintf(f, "%s (built in), maps: ", builtin[i]);
		maps_using(d, NULL, (int)i, f, false);
		fputc('\n', f);
	}
	return 0;
}
