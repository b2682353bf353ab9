// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mpx/policy.h>
#include "mpxd.h"
#include "maps/persist.h"
#include "policy/policy.h"
#include "seams/sg-seam.h"

#define PR_TIMEOUT_MS 10000

enum { PR_REGISTER = 0, PR_RESERVE = 1, PR_RELEASE = 2, PR_CLEAR = 3, PR_PREEMPT = 4,
       PR_REGISTER_IGNORE = 6 };
enum { PR_READ_KEYS = 0, PR_READ_RESERVATION = 1 };

static const struct {
	const char *name;
	int type;
} types[] = {
	{ "write-exclusive", 1 }, { "exclusive-access", 3 },
	{ "write-exclusive-registrants-only", 5 }, { "exclusive-access-registrants-only", 6 },
	{ "write-exclusive-all-registrants", 7 }, { "exclusive-access-all-registrants", 8 },
};

int mpxd_parse_key(const char *s, uint64_t *ret)
{
	char *end;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	*ret = strtoull(s, &end, 0);
	return errno || *end ? -EINVAL : 0;
}

static void put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* One PR command through one path: 0 when it completed GOOD. */
static int pr_cmd(struct mpxd_path *p, const uint8_t *cdb, size_t cdb_len, int dir,
		  uint8_t *buf, size_t len, struct mpx_sg_result *r)
{
	char dev[64];
	int fd, res, tries;

	snprintf(dev, sizeof(dev), "/dev/%s", p->a.devnode);
	fd = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* the first command after a reservation change may meet a unit attention */
	for (tries = 0; tries < 3; tries++) {
		res = mpx_sg_cmd(fd, cdb, cdb_len, dir, buf, len, PR_TIMEOUT_MS, r);
		if (res || r->status != 2 || r->sense_key != 6)
			break;
	}
	close(fd);
	if (res)
		return res;
	if (r->status == 0x18)
		return -EBADE;		/* reservation conflict */
	return mpx_sg_good(r) ? 0 : -EIO;
}

static int pr_out(struct mpxd_path *p, int sa, int type, uint64_t key, uint64_t sakey)
{
	uint8_t param[24] = { 0 };
	const uint8_t cdb[10] = { 0x5f, (uint8_t)sa, (uint8_t)type, 0, 0, 0, 0, 0,
				  sizeof(param), 0 };
	struct mpx_sg_result r;

	put64(param, key);
	put64(param + 8, sakey);
	return pr_cmd(p, cdb, sizeof(cdb), MPX_SG_TO_DEV, param, sizeof(param), &r);
}

static int pr_in(struct mpxd_path *p, int sa, uint8_t *buf, size_t len)
{
	const uint8_t cdb[10] = { 0x5e, (uint8_t)sa, 0, 0, 0, 0, 0, (uint8_t)(len >> 8),
				  (uint8_t)len, 0 };
	struct mpx_sg_result r;

	memset(buf, 0, len);
	return pr_cmd(p, cdb, sizeof(cdb), MPX_SG_FROM_DEV, buf, len, &r);
}

/* The LUN's registered keys (through path p); the count, or -errno. */
static int read_keys(struct mpxd_path *p, uint32_t *gen, uint64_t *keys, int max)
{
	uint8_t buf[8 + 8 * 64];
	uint32_t len;
	int i, r;

	r = pr_in(p, PR_READ_KEYS, buf, sizeof(buf));
	if (r)
		return r;
	*gen = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3];
	len = (uint32_t)buf[4] << 24 | (uint32_t)buf[5] << 16 | (uint32_t)buf[6] << 8 | buf[7];
	for (i = 0; i < max && (uint32_t)(i + 1) * 8 <= len && 8 + (i + 1) * 8 <= (int)sizeof(buf); i++)
		keys[i] = get64(buf + 8 + i * 8);
	return i;
}

/* The paths to use: those not known to be down, in table order. */
static size_t usable(struct mpxd_map *m, struct mpxd_path **out)
{
	size_t i, n = 0;

	for (i = 0; i < m->nr_paths; i++)
		if (m->paths[i]->state != MPX_PATH_DOWN)
			out[n++] = m->paths[i];
	return n;
}

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
		r = pr_out(ps[i], PR_REGISTER_IGNORE, 0, 0, sakey);
		if (r) {
			fprintf(out, "path %s: %s\n", ps[i]->a.devnode, strerror(-r));
			last = r;
			continue;
		}
		ps[i]->pr_registered = sakey != 0;
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
		r = pr_out(ps[i], sa, type, key, sakey);
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
	int i, n = read_keys(p, &gen, keys, 64);

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
	uint8_t buf[24];
	int r = pr_in(p, PR_READ_RESERVATION, buf, sizeof(buf));

	if (r) {
		fprintf(out, "read reservation through %s: %s", p->a.devnode, strerror(-r));
		return r;
	}
	if (!buf[7]) {
		fprintf(out, "no reservation\n");
		return 0;
	}
	fprintf(out, "key 0x%llx type %u\n", (unsigned long long)get64(buf + 8), buf[21] & 0x0f);
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
	np = usable(m, ps);
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
			r = pr_out(ps[i], PR_RELEASE, type, key, 0);
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

/* The reservation hook's say, if the map's policy has one. */
static int policy_action(struct mpxd *d, struct mpxd_path *p, uint64_t key)
{
	struct mpxw_reservation_call *call;
	struct mpxw_reservation_reply rep;
	int r;

	if (!mpxd_policy_has(p->map->policy, MPXW_RESERVATION))
		return MPX_POL_RESV_REGISTER;
	call = calloc(1, sizeof(*call));
	if (!call)
		return MPX_POL_RESV_REGISTER;
	mpxd_wire_device(p->map, &call->dev);
	mpxd_wire_path(p, &call->path);
	call->key = key;
	r = mpxd_policy_call(d, p->map->policy, MPXW_RESERVATION, call, sizeof(*call), &rep,
			     sizeof(rep), 10000);
	free(call);
	return r || rep.action != MPX_POL_RESV_NONE ? MPX_POL_RESV_REGISTER : MPX_POL_RESV_NONE;
}

void mpxd_persist_path_back(struct mpxd *d, struct mpxd_path *p)
{
	struct mpx_dev_id id = { p->a.vendor, p->a.product, p->a.revision, p->a.wwid };
	const char *conf = p->map ? mpx_conf_get(&d->config, OPT_RESERVATION_KEY, &id, NULL).s :
			   NULL;
	uint64_t key, keys[64];
	uint32_t gen;
	int i, n, r;

	if (!conf || mpxd_parse_key(conf, &key) || !key)
		return;
	/* only a LUN that still carries our key: after a fence it does not */
	n = read_keys(p, &gen, keys, 64);
	if (n < 0)
		return;
	for (i = 0; i < n && keys[i] != key; i++)
		;
	if (i == n) {
		p->pr_registered = false;
		return;
	}
	if (policy_action(d, p, key) == MPX_POL_RESV_NONE)
		return;
	r = pr_out(p, PR_REGISTER_IGNORE, 0, 0, key);
	if (r) {
		log_warning_errno(&d->log, r, "map \"%s\": cannot register key 0x%llx through %s",
				  p->map->name, (unsigned long long)key, p->a.devnode);
		return;
	}
	p->pr_registered = true;
	log_notice(&d->log, "map \"%s\": key 0x%llx registered through %s", p->map->name,
		   (unsigned long long)key, p->a.devnode);
}
