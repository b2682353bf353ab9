// SPDX-License-Identifier: GPL-2.0-only
/*
 * SCSI-3 persistent reservation commands through one path, and carrying
 * the map's key over to paths that join or come back (see persist.h).
 * What "mpxctl persist" asks for is ctl/persist-cmds.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mpx/policy.h>
#include "maps/map-policy.h"
#include "maps/persist.h"
#include "mpxd.h"
#include "seams/sg-seam.h"

#define PR_TIMEOUT_MS 10000
#define PR_CONFLICT_GAP_MS 10000 /* a path's conflicts go to the policy at most this often */

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
static int pr_cmd(struct mpxd_path *p, const uint8_t *cdb, size_t cdb_len, int dir, uint8_t *buf,
		  size_t len, struct mpx_sg_result *r)
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

int mpxd_pr_out(struct mpxd_path *p, int sa, int type, uint64_t key, uint64_t sakey)
{
	uint8_t param[24] = { 0 };
	const uint8_t cdb[10] = {
		0x5f, (uint8_t)sa, (uint8_t)type, 0, 0, 0, 0, 0, sizeof(param), 0
	};
	struct mpx_sg_result r;

	put64(param, key);
	put64(param + 8, sakey);
	return pr_cmd(p, cdb, sizeof(cdb), MPX_SG_TO_DEV, param, sizeof(param), &r);
}

static int pr_in(struct mpxd_path *p, int sa, uint8_t *buf, size_t len)
{
	const uint8_t cdb[10] = {
		0x5e, (uint8_t)sa, 0, 0, 0, 0, 0, (uint8_t)(len >> 8), (uint8_t)len, 0
	};
	struct mpx_sg_result r;

	memset(buf, 0, len);
	return pr_cmd(p, cdb, sizeof(cdb), MPX_SG_FROM_DEV, buf, len, &r);
}

int mpxd_pr_read_keys(struct mpxd_path *p, uint32_t *gen, uint64_t *keys, int max)
{
	uint8_t buf[8 + 8 * 64];
	uint32_t len;
	int i, r;

	r = pr_in(p, PR_READ_KEYS, buf, sizeof(buf));
	if (r)
		return r;
	*gen = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3];
	len = (uint32_t)buf[4] << 24 | (uint32_t)buf[5] << 16 | (uint32_t)buf[6] << 8 | buf[7];
	for (i = 0; i < max && (uint32_t)(i + 1) * 8 <= len && 8 + (i + 1) * 8 <= (int)sizeof(buf);
	     i++)
		keys[i] = get64(buf + 8 + i * 8);
	return i;
}

int mpxd_pr_read_reservation(struct mpxd_path *p, bool *ret_held, uint64_t *ret_key,
			     unsigned int *ret_type)
{
	uint8_t buf[24];
	int r = pr_in(p, PR_READ_RESERVATION, buf, sizeof(buf));

	if (r)
		return r;
	*ret_held = buf[7] != 0;
	*ret_key = get64(buf + 8);
	*ret_type = buf[21] & 0x0f;
	return 0;
}

int mpxd_pr_register(struct mpxd_path *p, uint64_t key)
{
	int r = mpxd_pr_out(p, PR_REGISTER_IGNORE, 0, 0, key);

	if (!r)
		p->pr_registered = key != 0;
	return r;
}

size_t mpxd_pr_paths(struct mpxd_map *m, struct mpxd_path **out)
{
	size_t i, n = 0;

	for (i = 0; i < m->nr_paths; i++)
		if (m->paths[i]->state != MPX_PATH_DOWN)
			out[n++] = m->paths[i];
	return n;
}

/* The reservation hook's say, if the map's policy has one; dflt if not or if it fails. */
static int policy_action(struct mpxd *d, struct mpxd_path *p, uint64_t key, int dflt)
{
	struct mpxw_reservation_call *call;
	struct mpxw_reservation_reply rep;
	int r;

	if (!mpxd_policy_has(p->map->policy, MPXW_RESERVATION))
		return dflt;
	call = calloc(1, sizeof(*call));
	if (!call)
		return dflt;
	mpxd_wire_device(p->map, &call->dev);
	mpxd_wire_path(p, &call->path);
	call->key = key;
	r = mpxd_policy_call(&d->plugins, p->map->policy, MPXW_RESERVATION, call, sizeof(*call),
			     &rep, sizeof(rep), 10000);
	free(call);
	if (r || (rep.action != MPX_POL_RESV_NONE && rep.action != MPX_POL_RESV_REGISTER))
		return dflt;
	return rep.action;
}

/* The map's configured key, 0 if none. */
static uint64_t map_key(struct mpxd *d, struct mpxd_path *p)
{
	struct mpx_dev_id id = { p->a.vendor, p->a.product, p->a.revision, p->a.wwid };
	const char *conf = p->map ? mpx_conf_get(&d->config, OPT_RESERVATION_KEY, &id, NULL).s :
				    NULL;

	/* reservation_key was checked when the configuration loaded */
	return conf ? strtoull(conf, NULL, 0) : 0;
}

void mpxd_persist_path_back(struct mpxd *d, struct mpxd_path *p)
{
	uint64_t key = map_key(d, p), keys[64];
	uint32_t gen;
	int i, n, r;

	if (!key)
		return;
	/* only a LUN that still carries our key: after a fence it does not */
	n = mpxd_pr_read_keys(p, &gen, keys, 64);
	if (n < 0)
		return;
	for (i = 0; i < n && keys[i] != key; i++)
		;
	if (i == n) {
		p->pr_registered = false;
		return;
	}
	if (policy_action(d, p, key, MPX_POL_RESV_REGISTER) == MPX_POL_RESV_NONE)
		return;
	r = mpxd_pr_out(p, PR_REGISTER_IGNORE, 0, 0, key);
	if (r) {
		log_warning_errno(&d->log, r, "map \"%s\": cannot register key 0x%llx through %s",
				  p->map->name, (unsigned long long)key, p->a.devnode);
		return;
	}
	p->pr_registered = true;
	log_notice(&d->log, "map \"%s\": key 0x%llx registered through %s", p->map->name,
		   (unsigned long long)key, p->a.devnode);
}

void mpxd_persist_conflict(struct mpxd *d, struct mpxd_path *p, uint64_t now)
{
	uint64_t key = map_key(d, p);
	int r;

	if (!key || (p->resv_conflict_at && now - p->resv_conflict_at < PR_CONFLICT_GAP_MS))
		return;
	p->resv_conflict_at = now;
	/* without a policy that knows the array, the conflict is the LUN's owner's business */
	if (policy_action(d, p, key, MPX_POL_RESV_NONE) == MPX_POL_RESV_NONE) {
		log_notice(&d->log, "map \"%s\": reservation conflict through %s: path left alone",
			   p->map->name, p->a.devnode);
		return;
	}
	r = mpxd_pr_register(p, key);
	if (r) {
		log_warning_errno(
			&d->log, r,
			"map \"%s\": reservation conflict through %s: cannot register key 0x%llx",
			p->map->name, p->a.devnode, (unsigned long long)key);
		return;
	}
	log_notice(
		&d->log,
		"map \"%s\": reservation conflict through %s: key 0x%llx registered again (policy %s)",
		p->map->name, p->a.devnode, (unsigned long long)key, p->map->policy->name);
}
