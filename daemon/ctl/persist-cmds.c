// SPDX-License-Identifier: GPL-2.0-only
/*
 * "mpxctl persist ...": a thin alias of mpxpersist. Each command is turned
 * into the mpathpersist request it stands for and run by the same code
 * (pr/pr-run.c) on the map's paths as mpxd knows them, with the map's key
 * kept by maps/persist.c. Also "persist set-key", by which mpxpersist
 * hands mpxd the key it registered, and "persist key".
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/cleanup.h"
#include "conf/prkeys.h"
#include "ctl/cmd-table.h"
#include "ctl/ctl.h"
#include "maps/maps.h"
#include "maps/persist.h"
#include "mpxd.h"
#include "pr/pr-args.h"
#include "pr/pr-run.h"
#include "pr/pr-scsi.h"

/* The request a command stands for: its action, and which arguments are keys. */
static const struct {
	enum mpx_cmd_id id;
	bool in;
	int sa;
	bool victim; /* KEY VICTIM-KEY: rk and sark; else KEY is the sark of a register */
} alias[] = {
	{ MPX_CMD_PERSIST_REGISTER, false, MPX_PROUT_REGISTER_IGNORE, false },
	{ MPX_CMD_PERSIST_UNREGISTER, false, MPX_PROUT_REGISTER_IGNORE, false },
	{ MPX_CMD_PERSIST_CLEAR, false, MPX_PROUT_CLEAR, false },
	{ MPX_CMD_PERSIST_RESERVE, false, MPX_PROUT_RESERVE, false },
	{ MPX_CMD_PERSIST_RELEASE, false, MPX_PROUT_RELEASE, false },
	{ MPX_CMD_PERSIST_PREEMPT, false, MPX_PROUT_PREEMPT, true },
	{ MPX_CMD_PERSIST_PREEMPT_ABORT, false, MPX_PROUT_PREEMPT_ABORT, true },
	{ MPX_CMD_PERSIST_READ_KEYS, true, MPX_PRIN_READ_KEYS, false },
	{ MPX_CMD_PERSIST_READ_RESERVATION, true, MPX_PRIN_READ_RESERVATION, false },
	{ MPX_CMD_PERSIST_READ_FULL_STATUS, true, MPX_PRIN_READ_FULL_STATUS, false },
	{ MPX_CMD_PERSIST_REPORT_CAPABILITIES, true, MPX_PRIN_REPORT_CAPABILITIES, false },
};

/* The command's words as a request: MAP [KEY [VICTIM-KEY] [TYPE]]. */
static int to_request(const struct mpx_cmd_req *cq, size_t a, struct mpx_pr_req *q, FILE *out)
{
	uint64_t key = 0;
	int type = 1, r;

	*q = (struct mpx_pr_req){ .in = alias[a].in, .sa = alias[a].sa, .verbosity = 2 };
	if (q->in)
		return 0;
	r = mpx_cmd_key(cq->arg[1], &key, out);
	if (r)
		return r;
	if (cq->cmd->id == MPX_CMD_PERSIST_REGISTER)
		q->sark = key;
	else if (cq->cmd->id != MPX_CMD_PERSIST_UNREGISTER)
		q->rk = key;
	if (alias[a].victim && (r = mpx_cmd_key(cq->arg[2], &q->sark, out)))
		return r;
	if (!mpx_pr_sa_typed(q->sa))
		return 0;
	/* the optional type is the last argument: write exclusive when left out */
	if (cq->arg[cq->nr_args - 1] && (r = mpx_cmd_type(cq->arg[cq->nr_args - 1], &type, out)))
		return r;
	q->type = (unsigned int)type;
	return 0;
}

struct keeper {
	struct mpxd *d;
	struct mpxd_map *m;
};

static int set_key(void *data, uint64_t key, bool aptpl, char *why, size_t len)
{
	struct keeper *k = data;

	return mpxd_persist_set_key(k->d, k->m, key, aptpl, why, len);
}

/* mpathpersist's codes as the errno the reply is framed with. */
static int errno_of(int code)
{
	switch (code) {
	case MPX_PR_OK:
		return 0;
	case MPX_PR_SYNTAX:
		return -EINVAL;
	case MPX_PR_CONFLICT:
		return -EBADE;
	case MPX_PR_DMMP:
		return -ENODEV;
	case MPX_PR_ILLEGAL:
	case MPX_PR_INVALID_OP:
		return -EOPNOTSUPP;
	default:
		return -EIO;
	}
}

static int run_alias(struct mpxd *d, struct mpxd_map *m, const struct mpx_cmd_req *cq, size_t a,
		     FILE *out)
{
	_cleanup_free_ struct mpx_pr_path *paths = calloc(m->nr_paths + 1, sizeof(*paths));
	struct keeper keeper = { d, m };
	struct mpx_pr_ctx c = { .out = out,
				.err = out,
				.mpxd_running = true,
				.set_key = set_key,
				.data = &keeper };
	struct mpx_pr_req q;
	struct mpx_pr_map pm = { m->name, paths, 0 };
	int r;

	if (!paths)
		return -ENOMEM;
	r = to_request(cq, a, &q, out);
	if (r)
		return r;
	pm.nr = mpxd_pr_paths(m, paths, m->nr_paths);
	r = mpxd_persist_map_key(d, m, &c.key);
	if (r && !q.in) {
		fprintf(out, "map \"%s\": cannot read its key: %s: nothing sent", m->name,
			strerror(-r));
		return r;
	}
	r = mpx_pr_execute(&q, &pm, &c);
	if (r == MPX_PR_OK && !q.in &&
	    (q.sa == MPX_PROUT_REGISTER || q.sa == MPX_PROUT_REGISTER_IGNORE))
		mpxd_persist_registered(d, m, paths, pm.nr, q.sark);
	return errno_of(r);
}

static int cmd_set_key(struct mpxd *d, struct mpxd_map *m, const char *arg, FILE *out)
{
	struct mpx_prkey k;
	const char *reason;
	char why[256];
	int r;

	if (mpx_prkey_parse(arg, &k, &reason) || k.from_file) {
		fprintf(out, "bad key \"%s\": hex, 1 to 16 digits, optionally with \":aptpl\"",
			arg);
		return -EINVAL;
	}
	r = mpxd_persist_set_key(d, m, k.key, k.aptpl, why, sizeof(why));
	if (r)
		fprintf(out, "%s", why);
	return r;
}

static int cmd_key(struct mpxd *d, struct mpxd_map *m, FILE *out)
{
	struct mpx_pr_mapkey k;
	int r = mpxd_persist_map_key(d, m, &k);

	if (r) {
		fprintf(out, "map \"%s\": cannot read its key: %s", m->name, strerror(-r));
		return r;
	}
	if (!k.key)
		fprintf(out, "none\n");
	else
		fprintf(out, "0x%" PRIx64 "%s (%s)\n", k.key, k.aptpl ? ":aptpl" : "",
			k.fixed ? "reservation_key" :
				  mpx_conf_get(&d->config, OPT_PRKEYS_FILE, NULL, NULL).s);
	return 0;
}

int mpxd_persist_cmd(struct mpxd *d, const struct mpx_cmd_req *q, FILE *out)
{
	struct mpxd_map *m = mpxd_map_find(d, q->arg[0]);
	size_t a;

	if (!m || !m->live) {
		fprintf(out, "no such map: \"%s\"", q->arg[0]);
		return -ENODEV;
	}
	if (q->cmd->id == MPX_CMD_PERSIST_SET_KEY)
		return cmd_set_key(d, m, q->arg[1], out);
	if (q->cmd->id == MPX_CMD_PERSIST_KEY)
		return cmd_key(d, m, out);
	for (a = 0; a < sizeof(alias) / sizeof(alias[0]); a++)
		if (alias[a].id == q->cmd->id)
			return run_alias(d, m, q, a, out);
	return -EINVAL;
}
