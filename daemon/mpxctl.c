// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpxctl: inspect mpx maps. Reads the kernel target directly (status and
 * table through libdevmapper), so it works with or without mpxd running.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mpx/table.h>
#include "cleanup.h"
#include "dm-seam.h"
#include "dm-status.h"
#include "log.h"

struct ctl {
	struct mpx_log log;
	bool json;
	bool usage_error;	/* exit 2, as for bad options */
};

static void usage(FILE *f)
{
	fputs("Usage: mpxctl [--json] COMMAND\n"
	      "\n"
	      "Commands:\n"
	      "  show maps     every mpx map with its groups and paths\n"
	      "  show paths    one line per path of every mpx map\n"
	      "  stats MAP     the target's per-path counters for MAP\n"
	      "  version       print the version\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json    machine-readable output (show)\n"
	      "  -h, --help    this text\n", f);
}

static const char *state_word(const struct mpx_status_path *p)
{
	return p->active ? "active" : "failed";
}

static void print_map_text(const struct mpx_dm_map *m, const struct mpx_status *s)
{
	unsigned int i, usable = 0;

	for (i = 0; i < s->nr_paths; i++)
		usable += s->paths[i].active;
	printf("%s (%u:%u) %llu sectors, %u/%u paths usable, group %u, %s\n",
	       m->name, m->major, m->minor, (unsigned long long)m->sectors,
	       usable, s->nr_paths, s->pg_num,
	       s->queue_io ? "activating" : "ready");
	for (i = 0; i < s->nr_paths; i++) {
		const struct mpx_status_path *p = &s->paths[i];

		printf("  group %u [%c] %-8s %s, %u failures\n", p->pg,
		       s->pgs[p->pg - 1].state, p->dev, state_word(p),
		       p->fail_count);
	}
}

static void print_map_json(const struct mpx_dm_map *m, const struct mpx_status *s,
			   bool first)
{
	unsigned int g, i;

	printf("%s{\"name\":\"%s\",\"dev\":\"%u:%u\",\"sectors\":%llu,"
	       "\"pg_num\":%u,\"queue_io\":%u,\"groups\":[",
	       first ? "" : ",", m->name, m->major, m->minor,
	       (unsigned long long)m->sectors, s->pg_num, s->queue_io);
	for (g = 0; g < s->nr_pgs; g++) {
		bool first_path = true;

		printf("%s{\"num\":%u,\"state\":\"%c\",\"paths\":[", g ? "," : "",
		       g + 1, s->pgs[g].state);
		for (i = 0; i < s->nr_paths; i++) {
			if (s->paths[i].pg != g + 1)
				continue;
			printf("%s{\"dev\":\"%s\",\"state\":\"%s\",\"fail_count\":%u}",
			       first_path ? "" : ",", s->paths[i].dev,
			       state_word(&s->paths[i]), s->paths[i].fail_count);
			first_path = false;
		}
		printf("]}");
	}
	printf("]}");
}

static void print_paths_text(const struct mpx_dm_map *m, const struct mpx_status *s)
{
	unsigned int i;

	for (i = 0; i < s->nr_paths; i++)
		printf("%-16s %5u %-10s %-7s %u\n", m->name, s->paths[i].pg,
		       s->paths[i].dev, state_word(&s->paths[i]),
		       s->paths[i].fail_count);
}

static int cmd_show(struct ctl *c, bool paths)
{
	struct mpx_dm_map *maps = NULL;
	size_t n = 0, i;
	int r;

	r = mpx_dm_list_maps(&maps, &n);
	if (r)
		return log_err_errno(&c->log, r, "cannot list device-mapper maps");
	if (c->json)
		printf("{\"maps\":[");
	else if (paths)
		printf("%-16s %5s %-10s %-7s %s\n", "MAP", "GROUP", "PATH",
		       "STATE", "FAILURES");
	for (i = 0; i < n; i++) {
		struct mpx_status s;

		r = mpx_status_parse(maps[i].status, &s);
		if (r) {
			log_err_errno(&c->log, r, "map \"%s\": unexpected status \"%s\"",
				      maps[i].name, maps[i].status);
			goto out;
		}
		if (c->json)
			print_map_json(&maps[i], &s, i == 0);
		else if (paths)
			print_paths_text(&maps[i], &s);
		else
			print_map_text(&maps[i], &s);
		mpx_status_free(&s);
	}
	if (c->json)
		printf("]}\n");
	r = 0;
out:
	mpx_dm_maps_free(maps, n);
	return r;
}

static int cmd_stats(struct ctl *c, const char *map)
{
	_cleanup_free_ char *resp = NULL;
	int r;

	r = mpx_dm_message(map, MPX_MSG_STATS, &resp);
	if (r)
		return log_err_errno(&c->log, r, "map \"%s\": stats message failed", map);
	fputs(resp, stdout);
	return 0;
}

static int run(struct ctl *c, int argc, char **argv)
{
	if (argc < 1) {
		c->usage_error = true;
		log_err(&c->log, "no command given (try --help)");
		return -EINVAL;
	}
	if (!strcmp(argv[0], "show") && argc == 2 && !strcmp(argv[1], "maps"))
		return cmd_show(c, false);
	if (!strcmp(argv[0], "show") && argc == 2 && !strcmp(argv[1], "paths"))
		return cmd_show(c, true);
	if (!strcmp(argv[0], "stats") && argc == 2)
		return cmd_stats(c, argv[1]);
	if (!strcmp(argv[0], "version") && argc == 1) {
		printf("mpxctl %s (target %s %u.%u.%u)\n", MPX_PROJECT_VERSION,
		       MPX_TARGET_NAME, MPX_VERSION_MAJOR, MPX_VERSION_MINOR,
		       MPX_VERSION_PATCH);
		return 0;
	}
	c->usage_error = true;
	log_err(&c->log, "unknown command or wrong arguments: \"%s\"%s (try --help)",
		argv[0], argc > 1 ? " ..." : "");
	return -EINVAL;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl c = { 0 };
	int o, r;

	mpx_log_init(&c.log, "mpxctl", LOG_INFO);
	while ((o = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (o) {
		case 'j':
			c.json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	r = run(&c, argc - optind, argv + optind);
	if (c.usage_error)
		return 2;
	return r ? 1 : 0;
}
