// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpxctl: mpxd's command-line tool. Commands, as the table mpxd shares
 * names them (ctl/cmd-table.c), go to mpxd over its control socket; "show
 * maps" and "show paths" fall back to the kernel's view when mpxd is not
 * running, and "stats" always reads the target directly.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mpx/ctl.h>
#include <mpx/table.h>
#include "base/cleanup.h"
#include "ctl/client.h"
#include "ctl/cmd-table.h"
#include "seams/dm-seam.h"
#include "seams/dm-status.h"
#include "base/log.h"

struct ctl {
	struct mpx_log log;
	const char *socket;
	bool json;
	bool usage_error;	/* exit 2, as for bad options */
};

#define REPLY_TIMEOUT_MS 30000

static void usage(FILE *f)
{
	fputs("Usage: mpxctl [--json] [--socket PATH] COMMAND\n"
	      "\n"
	      "Commands:\n",
	      f);
	mpx_cmd_usage(f, NULL, NULL);
	fputs("\n"
	      "Options:\n"
	      "  -j, --json        machine-readable output (show)\n"
	      "  -s, --socket PATH mpxd's control socket (default " MPX_CTL_SOCKET ")\n"
	      "  -h, --help        this text\n",
	      f);
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

static int kernel_show(struct ctl *c, bool paths)
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

/* One request over the control socket; prints the reply's output. */
static int ask_mpxd(struct ctl *c, const char *request)
{
	_cleanup_free_ char *reply = NULL;
	int r;

	r = mpx_ctl_request(c->socket, request, REPLY_TIMEOUT_MS, &reply);
	if (r == -EACCES || r == -EPERM)
		return log_err_errno(&c->log, r, "cannot talk to mpxd at %s (it serves root only)",
				     c->socket);
	if (r == -ENOENT || r == -ECONNREFUSED)
		return r;	/* not running: the caller decides whether that is an error */
	if (r == -ETIMEDOUT)
		return log_err_errno(&c->log, r, "no reply from mpxd");
	if (r == -E2BIG)
		return log_err_errno(&c->log, r, "request too long");
	if (r)
		return r;
	if (!strncmp(reply, "ok\n", 3)) {
		fputs(reply + 3, stdout);
		return 0;
	}
	if (!strncmp(reply, "error ", 6)) {
		fprintf(stderr, "mpxctl: %s", reply + 6);
		return -EPROTO;	/* reported */
	}
	return log_err_errno(&c->log, -EPROTO, "unexpected reply from mpxd");
}

static bool not_running(int r)
{
	return r == -ENOENT || r == -ECONNREFUSED;
}

/* The command's words as one request line, with --json if it has a JSON form. */
static int request_of(struct ctl *c, const struct mpx_cmd_req *q, int argc, char **argv, char *req,
		      size_t len)
{
	size_t pos = 0;
	int k;

	for (k = 0; k < argc; k++) {
		if (strpbrk(argv[k], " \t\n"))
			return log_err_errno(&c->log, -EINVAL,
					     "argument \"%s\" contains white space", argv[k]);
		pos += (size_t)snprintf(req + pos, len - pos, "%s%s", k ? " " : "", argv[k]);
		if (pos >= len)
			return log_err_errno(&c->log, -E2BIG, "arguments too long");
	}
	if (c->json && q->cmd->json) {
		pos += (size_t)snprintf(req + pos, len - pos, " --json");
		if (pos >= len)
			return log_err_errno(&c->log, -E2BIG, "arguments too long");
	}
	return 0;
}

/* Ask mpxd; without it, "show maps" and "show paths" print the kernel's view. */
static int ask(struct ctl *c, const struct mpx_cmd_req *q, int argc, char **argv)
{
	char req[MPX_CTL_MAX_REQUEST];
	int r;

	r = request_of(c, q, argc, argv, req, sizeof(req));
	if (r)
		return r;
	r = ask_mpxd(c, req);
	if (!not_running(r))
		return r;	/* answered, or already reported */
	if (q->cmd->flags & MPX_CMD_KERNEL_VIEW) {
		if (!c->json)
			fprintf(stderr, "mpxctl: mpxd is not running; the kernel's view:\n");
		return kernel_show(c, q->cmd->id == MPX_CMD_SHOW_PATHS);
	}
	return log_err_errno(&c->log, r, "mpxd is not running (%s)", c->socket);
}

static int run(struct ctl *c, int argc, char **argv)
{
	struct mpx_cmd_req q;

	if (argc < 1) {
		c->usage_error = true;
		log_err(&c->log, "no command given (try --help)");
		return -EINVAL;
	}
	if (mpx_cmd_match(argv, argc, &q)) {
		c->usage_error = true;
		log_err(&c->log, "unknown command or wrong arguments: \"%s\"%s (try --help)",
			argv[0], argc > 1 ? " ..." : "");
		return -EINVAL;
	}
	switch (q.cmd->id) {
	case MPX_CMD_STATS:
		return cmd_stats(c, q.arg[0]);
	case MPX_CMD_VERSION:
		printf("mpxctl %s (target %s %u.%u.%u)\n", MPX_PROJECT_VERSION,
		       MPX_TARGET_NAME, MPX_VERSION_MAJOR, MPX_VERSION_MINOR,
		       MPX_VERSION_PATCH);
		return 0;
	default:
		return ask(c, &q, argc, argv);
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl c = { .socket = MPX_CTL_SOCKET };
	int o, r;

	mpx_log_init(&c.log, "mpxctl", LOG_INFO);
	while ((o = getopt_long(argc, argv, "js:h", opts, NULL)) != -1) {
		switch (o) {
		case 'j':
			c.json = true;
			break;
		case 's':
			c.socket = optarg;
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
