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
#include "ctl/ctl.h"
#include "maps/maps.h"
#include "maps/persist.h"
#include "mpxd.h"

static const struct {
	const char *name;
	int type;
} types[] = {
	{ "write-exclusive", 1 }, { "exclusive-access", 3 },
	{ "write-exclusive-registrants-only", 5 }, { "exclusive-access-registrants-only", 6 },
	{ "write-exclusive-all-registrants", 7 }, { "exclusive-access-all-registrants", 8 },
};

static int parse_type(const char *s, int *ret, FILE *out)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (!strcmp(s, types[i].name)) {
			*ret = types[i].type;
			return 0;
		}
	}
	fprintf(out, "unknown reservation type \"%s\" (write-exclusive, exclusive-access, "
		     "write-exclusive-registrants-only, exclusive-access-registrants-only, "
		     "write-exclusive-all-registrants, exclusive-access-all-registrants)", s);
	return -EINVAL;
}

/* Register (key) or unregister (key 0 as the new key) through every path. */
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

int mpxd_persist_cmd(struct mpxd *d, char **w, int n, FILE *out)
{
	struct mpxd_path *ps[MPX_PLAN_MAX_PATHS];
	struct mpxd_map *m = n >= 2 ? mpxd_map_find(d, w[1]) : NULL;
	uint64_t key = 0, key2 = 0;
	int type = 1, r;
	size_t np;

	if (!m || !m->live) {
		fprintf(out, "no such map: \"%s\"", n >= 2 ? w[1] : "");
		return -ENODEV;
	}
	np = mpxd_pr_paths(m, ps);
	if (!np) {
		fprintf(out, "map \"%s\" has no usable path", m->name);
		return -ENODEV;
	}
	if (n >= 3 && mpxd_parse_key(w[2], &key)) {
		fprintf(out, "bad key \"%s\"", w[2]);
		return -EINVAL;
	}
	if (!strcmp(w[0], "read-keys") && n == 2)
		return print_keys(ps[0], out);
	if (!strcmp(w[0], "read-reservation") && n == 2)
		return print_reservation(ps[0], out);
	if (!strcmp(w[0], "register") && n == 3)
		return on_every_path(ps, np, key, out);
	if (!strcmp(w[0], "unregister") && n == 3)
		return on_every_path(ps, np, 0, out);
	if (!strcmp(w[0], "clear") && n == 3)
		return through_one(ps, np, PR_CLEAR, 0, key, 0, out);
	if ((!strcmp(w[0], "reserve") || !strcmp(w[0], "release")) && (n == 3 || n == 4)) {
		if (n == 4 && (r = parse_type(w[3], &type, out)))
			return r;
		if (!strcmp(w[0], "reserve"))
			return through_one(ps, np, PR_RESERVE, type, key, 0, out);
		/* only the holder's nexus can release: the others answer GOOD */
		for (size_t i = 0; i < np; i++) {
			r = mpxd_pr_out(ps[i], PR_RELEASE, type, key, 0);
			if (r && r != -EBADE) {
				fprintf(out, "release through %s: %s", ps[i]->a.devnode, strerror(-r));
				return r;
			}
		}
		fprintf(out, "released\n");
		return 0;
	}
	if (!strcmp(w[0], "preempt") && (n == 4 || n == 5)) {
		if (mpxd_parse_key(w[3], &key2)) {
			fprintf(out, "bad key \"%s\"", w[3]);
			return -EINVAL;
		}
		if (n == 5 && (r = parse_type(w[4], &type, out)))
			return r;
		return through_one(ps, np, PR_PREEMPT, type, key, key2, out);
	}
	fprintf(out, "usage: persist register|unregister|clear MAP KEY, reserve|release MAP KEY [TYPE], "
		     "preempt MAP KEY VICTIM-KEY [TYPE], read-keys|read-reservation MAP");
	return -EINVAL;
}
