// SPDX-License-Identifier: GPL-2.0-only
/*
 * The map's reservation key, and carrying it over to paths that join or
 * come back (see persist.h). The commands are pr/pr-scsi.c's.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mpx/policy.h>
#include "conf/prkeys.h"
#include "maps/map-policy.h"
#include "maps/persist.h"
#include "mpxd.h"
#include "pr/pr-key.h"
#include "pr/pr-print.h"
#include "pr/pr-run.h"
#include "pr/pr-scsi.h"

#define PR_CONFLICT_GAP_MS 10000 /* a path's conflicts go to the policy at most this often */

static const char *prkeys_file(struct mpxd *d)
{
	return mpx_conf_get(&d->config, OPT_PRKEYS_FILE, NULL, NULL).s;
}

int mpxd_persist_map_key(struct mpxd *d, struct mpxd_map *m, struct mpx_pr_mapkey *ret)
{
	return mpx_pr_mapkey_get(m->opts.v[OPT_RESERVATION_KEY].s, prkeys_file(d), m->wwid, ret);
}

int mpxd_persist_set_key(struct mpxd *d, struct mpxd_map *m, uint64_t key, bool aptpl, char *why,
			 size_t len)
{
	struct mpx_pr_mapkey k;
	size_t i;
	int r;

	/* a malformed line for the LUN in the file is replaced */
	r = mpxd_persist_map_key(d, m, &k);
	if (!r && k.fixed && key && key != k.key) {
		snprintf(why, len, "map \"%s\" has reservation_key %s in the configuration",
			 m->name, m->opts.v[OPT_RESERVATION_KEY].s);
		return -EKEYREJECTED;
	}
	if (!r && (k.fixed || (k.key == key && k.aptpl == aptpl)))
		return 0; /* nothing to record */
	r = mpx_prkeys_set(prkeys_file(d), m->wwid, key, aptpl);
	if (r) {
		snprintf(why, len, "%s: %s", prkeys_file(d), strerror(-r));
		return log_warning_errno(&d->log, r,
					 "map \"%s\": cannot record key 0x%" PRIx64 " in %s",
					 m->name, key, prkeys_file(d));
	}
	/* a new key is not on any path through mpxd yet */
	for (i = 0; i < m->nr_paths; i++)
		m->paths[i]->pr_registered = false;
	if (key)
		log_notice(&d->log, "map \"%s\": reservation key 0x%" PRIx64 "%s recorded in %s",
			   m->name, key, aptpl ? " (APTPL)" : "", prkeys_file(d));
	else
		log_notice(&d->log, "map \"%s\": reservation key removed from %s", m->name,
			   prkeys_file(d));
	return 0;
}

size_t mpxd_pr_paths(struct mpxd_map *m, struct mpx_pr_path *out, size_t max)
{
	size_t i;

	for (i = 0; i < m->nr_paths && i < max; i++) {
		struct mpxd_path *p = m->paths[i];

		snprintf(out[i].name, sizeof(out[i].name), "%s", p->a.devnode);
		snprintf(out[i].devno, sizeof(out[i].devno), "%s", p->a.devno);
		out[i].usable = p->kernel_active && p->state != MPX_PATH_DOWN;
	}
	return i;
}

void mpxd_persist_registered(struct mpxd *d, struct mpxd_map *m, const struct mpx_pr_path *paths,
			     size_t nr, uint64_t key)
{
	struct mpx_pr_mapkey k;
	size_t i;

	if (mpxd_persist_map_key(d, m, &k))
		return;
	/* paths[i] is m->paths[i] (mpxd_pr_paths); one not usable was skipped */
	for (i = 0; i < nr && i < m->nr_paths; i++)
		if (paths[i].usable)
			m->paths[i]->pr_registered = key && key == k.key;
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

/* Register k through p (REGISTER AND IGNORE EXISTING KEY): 0 or -errno, logged. */
static int register_through(struct mpxd *d, struct mpxd_path *p, const struct mpx_pr_mapkey *k,
			    const char *why_now)
{
	struct mpx_pr_outcome o;
	char dev[64], why[160];

	snprintf(dev, sizeof(dev), "/dev/%s", p->a.devnode);
	if (mpx_pr_out(dev, MPX_PROUT_REGISTER_IGNORE, 0, 0, k->key, k->aptpl, &o)) {
		mpx_pr_outcome_str(&o, why, sizeof(why));
		log_warning(&d->log,
			    "map \"%s\": %scannot register key 0x%" PRIx64 " through %s: %s",
			    p->map->name, why_now, k->key, p->a.devnode, why);
		return -EIO;
	}
	p->pr_registered = true;
	return 0;
}

/* Whether the LUN carries key, read through p. */
static bool lun_has(struct mpxd *d, struct mpxd_path *p, const char *dev, uint64_t key)
{
	uint8_t buf[8 + 8 * 256];
	uint64_t keys[256];
	struct mpx_pr_outcome o;
	char why[160];
	size_t got, n, i;
	uint32_t gen;

	if (mpx_pr_in(dev, MPX_PRIN_READ_KEYS, buf, sizeof(buf), &got, &o)) {
		mpx_pr_outcome_str(&o, why, sizeof(why));
		log_warning(&d->log, "map \"%s\": cannot read the LUN's keys through %s: %s",
			    p->map->name, p->a.devnode, why);
		return false;
	}
	if (mpx_pr_parse_keys(buf, got, &gen, keys, 256, &n))
		return false;
	for (i = 0; i < n && i < 256; i++)
		if (keys[i] == key)
			return true;
	return false;
}

void mpxd_persist_path_back(struct mpxd *d, struct mpxd_path *p)
{
	struct mpx_pr_mapkey k;
	char dev[64];

	if (!p->map || mpxd_persist_map_key(d, p->map, &k) || !k.key)
		return;
	snprintf(dev, sizeof(dev), "/dev/%s", p->a.devnode);
	/* only a LUN that still carries our key: after a fence it does not */
	if (!lun_has(d, p, dev, k.key)) {
		p->pr_registered = false;
		return;
	}
	if (policy_action(d, p, k.key, MPX_POL_RESV_REGISTER) == MPX_POL_RESV_NONE)
		return;
	if (register_through(d, p, &k, ""))
		return;
	log_notice(&d->log, "map \"%s\": key 0x%" PRIx64 " registered through %s", p->map->name,
		   k.key, p->a.devnode);
}

void mpxd_persist_conflict(struct mpxd *d, struct mpxd_path *p, uint64_t now)
{
	struct mpx_pr_mapkey k;

	if (!p->map || mpxd_persist_map_key(d, p->map, &k) || !k.key)
		return;
	if (p->resv_conflict_at && now - p->resv_conflict_at < PR_CONFLICT_GAP_MS)
		return;
	p->resv_conflict_at = now;
	/* without a policy that knows the array, the conflict is the LUN's owner's business */
	if (policy_action(d, p, k.key, MPX_POL_RESV_NONE) == MPX_POL_RESV_NONE) {
		log_notice(&d->log, "map \"%s\": reservation conflict through %s: path left alone",
			   p->map->name, p->a.devnode);
		return;
	}
	if (register_through(d, p, &k, "reservation conflict: "))
		return;
	log_notice(&d->log,
		   "map \"%s\": reservation conflict through %s: key 0x%" PRIx64
		   " registered again (policy %s)",
		   p->map->name, p->a.devnode, k.key, p->map->policy->name);
}

void mpxd_persist_map_joined(struct mpxd *d, struct mpxd_map *m)
{
	struct mpx_pr_mapkey k;
	size_t i;

	/* most maps have no key: one look at the file, not one per path */
	if (mpxd_persist_map_key(d, m, &k) || !k.key)
		return;
	for (i = 0; i < m->nr_paths; i++) {
		struct mpxd_path *p = m->paths[i];

		if (p->kernel_active && p->state != MPX_PATH_DOWN && !p->pr_registered)
			mpxd_persist_path_back(d, p);
	}
}
