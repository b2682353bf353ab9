// SPDX-License-Identifier: GPL-2.0-only
/*
 * "mpxctl persist ...": SCSI-3 persistent reservations on a map's paths,
 * as a cluster fencing agent expects: a key registered through every path
 * (each is its own I_T nexus), a reservation taken through one. The
 * commands themselves go through maps/persist.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ctl/cmd-table.h"
#include "ctl/ctl.h"
#include "maps/map-build.h"
#include "maps/maps.h"
#include "maps/persist.h"
#include "mpxd.h"

static int on_every_path(struct mpxd_path **ps, size_t n, uint64_t sakey, FILE *out)
{
	size_t i, ok = 0;
	int r, last = 0;

	for (i = 0; i < n; i++) {
		r = mpxd_pr_register(ps[i], sakey);
		if (r) {
			fprintf(out, "path %s: %s\n", ps[i]->a.devnode, strerror(-r));
			last = r;
			continue;
		}
		ok++;
	}
	fprintf(out, "%zu of %zu paths done\n", ok, n);
	return ok == n ? 0 : last;
}

/* Try the paths in order until one accepts: reserve, preempt, clear. */
static int through_one(struct mpxd_path **ps, size_t n, int sa, int type, uint64_t key,
		       uint64_t sakey, FILE *out)
{
	size_t i;
	int r = -ENODEV;

	for (i = 0; i < n; i++) {
		r = mpxd_pr_out(ps[i], sa, type, key, sakey);
		if (!r) {
			fprintf(out, "done through %s\n", ps[i]->a.devnode);
			return 0;
		}
		if (r == -EBADE)
			break;	/* the reservation says no: another path will say the same */
	}
	fprintf(out, "%s", r == -EBADE ? "reservation conflict" : strerror(-r));
	return r;
}

static int print_keys(struct mpxd_path *p, FILE *out)
{
	uint64_t keys[64];
	uint32_t gen;
	int i, n = mpxd_pr_read_keys(p, &gen, keys, 64);

	if (n < 0) {
		fprintf(out, "read keys through %s: %s", p->a.devnode, strerror(-n));
		return n;
	}
	fprintf(out, "generation 0x%x\n", gen);
	for (i = 0; i < n; i++)
		fprintf(out, "key 0x%llx\n", (unsigned long long)keys[i]);
	return 0;
}

static int print_reservation(struct mpxd_path *p, FILE *out)
{
	uint64_t key;
	unsigned int type;
	bool held;
	int r = mpxd_pr_read_reservation(p, &held, &key, &type);

	if (r) {
		fprintf(out, "read reservation through %s: %s", p->a.devnode, strerror(-r));
		return r;
	}
	if (!held) {
		fprintf(out, "no reservation\n");
		return 0;
	}
	fprintf(out, "key 0x%llx type %u\n", (unsigned long long)key, type);
	return 0;
}

/* Only the holder's nexus can release: the others answer GOOD. */
static int release(struct mpxd_path **ps, size_t np, int type, uint64_t key, FILE *out)
{
	size_t i;
	int r;

	for (i = 0; i < np; i++) {
		r = mpxd_pr_out(ps[i], PR_RELEASE, type, key, 0);
		if (r && r != -EBADE) {
			fprintf(out, "release through %s: %s", ps[i]->a.devnode, strerror(-r));
			return r;
		}
	}
	fprintf(out, "released\n");
	return 0;
}

/* Arguments: MAP [KEY [TYPE]] or MAP KEY VICTIM-KEY [TYPE] (preempt). */
int mpxd_persist_cmd(struct mpxd *d, const struct mpx_cmd_req *q, FILE *out)
{
	struct mpxd_path *ps[MPX_PLAN_MAX_PATHS];
	struct mpxd_map *m = mpxd_map_find(d, q->arg[0]);
	enum mpx_cmd_id id = q->cmd->id;
	uint64_t key = 0, key2 = 0;
	int type = 1, r;
	size_t np;

	if (!m || !m->live) {
		fprintf(out, "no such map: \"%s\"", q->arg[0]);
		return -ENODEV;
	}
	np = mpxd_pr_paths(m, ps);
	if (!np) {
		fprintf(out, "map \"%s\" has no usable path", m->name);
		return -ENODEV;
	}
	if (q->nr_args >= 2 && (r = mpx_cmd_key(q->arg[1], &key, out)))
		return r;
	if (id == MPX_CMD_PERSIST_PREEMPT && (r = mpx_cmd_key(q->arg[2], &key2, out)))
		return r;
	switch (id) {
	case MPX_CMD_PERSIST_READ_KEYS:
		return print_keys(ps[0], out);
	case MPX_CMD_PERSIST_READ_RESERVATION:
		return print_reservation(ps[0], out);
	case MPX_CMD_PERSIST_REGISTER:
		return on_every_path(ps, np, key, out);
	case MPX_CMD_PERSIST_UNREGISTER:
		return on_every_path(ps, np, 0, out);
	case MPX_CMD_PERSIST_CLEAR:
		return through_one(ps, np, PR_CLEAR, 0, key, 0, out);
	default:
		break;
	}
	/* reserve, release and preempt: their last argument, the optional type */
	if (q->arg[q->nr_args - 1] && (r = mpx_cmd_type(q->arg[q->nr_args - 1], &type, out)))
		return r;
	if (id == MPX_CMD_PERSIST_RESERVE)
		return through_one(ps, np, PR_RESERVE, type, key, 0, out);
	if (id == MPX_CMD_PERSIST_RELEASE)
		return release(ps, np, type, key, out);
	return through_one(ps, np, PR_PREEMPT, type, key, key2, out);
}
