// SPDX-License-Identifier: GPL-2.0-only
/*
 * alua: a policy for any LUN that reports target port groups (SPC-3
 * ALUA). It asks the array which state each port group is in (REPORT
 * TARGET PORT GROUPS) and groups the paths by it: active/optimized first,
 * then active/non-optimized, then standby, then the rest. It knows which
 * SCSI outcomes are ALUA at work, not broken paths: a port group in
 * transition is waited for, a "state changed" unit attention regroups the
 * map. When nothing better is left, it activates a standby group with
 * SET TARGET PORT GROUPS (explicit ALUA). After an I/O error the kernel
 * reported, a port group in transition or unavailable switches the map to
 * another group at once.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <mpx/policy.h>

#define RTPG_LEN 4096
#define TIMEOUT_MS 10000

struct alua {
	const struct mpx_host *host;
};

static int alua_init(const struct mpx_host *host, void **ret_priv)
{
	struct alua *a = calloc(1, sizeof(*a));

	if (!a)
		return -ENOMEM;
	a->host = host;
	*ret_priv = a;
	return 0;
}

static void alua_fini(void *priv)
{
	free(priv);
}

static int alua_match(void *priv, const struct mpx_pol_device *dev, int *ret_score)
{
	/* generic: a vendor's own module should score higher */
	*ret_score = !strcmp(dev->array_type, "alua") ? 10 : 0;
	return 0;
}

/* REPORT TARGET PORT GROUPS through one path into buf; its length or -errno. */
static int rtpg(struct alua *a, const char *devnode, uint8_t *buf, size_t len)
{
	const uint8_t cdb[12] = { 0xa3, 0x0a, 0, 0, 0, 0, (uint8_t)(len >> 24),
				  (uint8_t)(len >> 16), (uint8_t)(len >> 8), (uint8_t)len, 0, 0 };
	struct mpx_pol_sense s;
	int r, tries;

	for (tries = 0; tries < 3; tries++) {
		r = a->host->scsi_cmd(a->host, devnode, cdb, sizeof(cdb), MPX_POL_DIR_FROM_DEV,
				      buf, len, TIMEOUT_MS, &s);
		if (r)
			return r;
		if (!s.status && !s.transport_error && !s.timed_out)
			break;
		if (s.status != 2 || s.sense_key != 6)	/* only a unit attention is retried */
			return -EIO;
	}
	if (tries == 3)
		return -EIO;
	r = (int)((uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3]);
	return r + 4 > (int)len ? (int)len : r + 4;
}

/* The access state of port group tpg in an RTPG answer, or -1. */
static int state_in(const uint8_t *buf, int len, uint32_t tpg, bool *preferred)
{
	int off = 4;

	while (off + 8 <= len) {
		const uint8_t *d = buf + off;
		uint32_t id = (uint32_t)d[2] << 8 | d[3];

		if (id == tpg) {
			*preferred = d[0] & 0x80;
			return d[0] & 0x0f;
		}
		off += 8 + 4 * d[7];
	}
	return -1;
}

/* Rank of an access state: the order groups are used in. */
static int rank(int state)
{
	switch (state) {
	case MPX_POL_ALUA_OPTIMIZED: return 0;
	case MPX_POL_ALUA_NON_OPTIMIZED: return 1;
	case MPX_POL_ALUA_STANDBY: return 2;
	default: return 3;
	}
}

static int prio_of(int state, bool preferred)
{
	static const int prio[] = { 50, 10, 1, 0 };

	return prio[rank(state)] + (preferred ? 80 : 0);
}

/* Every path's access state: from the array, or the kernel's last view. */
static void states(struct alua *a, const struct mpx_pol_device *dev, int *state, bool *pref)
{
	uint8_t *buf = malloc(RTPG_LEN);
	int len = -1;
	uint32_t i;

	for (i = 0; buf && i < dev->nr_paths && len < 0; i++)
		if (dev->paths[i].state != MPX_POL_PATH_DOWN)
			len = rtpg(a, dev->paths[i].devnode, buf, RTPG_LEN);
	for (i = 0; i < dev->nr_paths; i++) {
		const struct mpx_pol_path *p = &dev->paths[i];

		state[i] = -1;
		pref[i] = p->alua_preferred;
		if (len > 0 && p->have_tpg)
			state[i] = state_in(buf, len, p->tpg, &pref[i]);
		if (state[i] < 0)
			state[i] = p->alua_state;
	}
	free(buf);
}

static int alua_group_paths(void *priv, const struct mpx_pol_device *dev,
			    struct mpx_pol_grouping *ret)
{
	int state[64], used[4] = { 0 }, order[4], n = 0, r;
	bool pref[64];
	uint32_t i;

	if (dev->nr_paths > 64)
		return -E2BIG;
	states(priv, dev, state, pref);
	for (i = 0; i < dev->nr_paths; i++)
		used[rank(state[i])] = 1;
	/* group numbers without gaps, in rank order */
	for (r = 0; r < 4; r++)
		order[r] = used[r] ? n++ : -1;
	for (i = 0; i < dev->nr_paths; i++) {
		ret->group[i] = order[rank(state[i])];
		ret->prio[i] = prio_of(state[i], pref[i]);
	}
	strcpy(ret->selector, "service-time 0");
	return 0;
}

/*
 * An I/O error the kernel target reported: the port group's state, as the
 * array gave it just now, says whether ALUA is at work. A group in
 * transition or unavailable cannot serve: I/O goes to another group now
 * (the failed path comes back through the regular checks). A group gone to
 * standby means the states changed: regroup. Anything else is the kernel's
 * call.
 */
static int kernel_error(const struct mpx_pol_sense *s)
{
	int32_t st = s->alua_state;

	if (s->status == 2 && s->sense_key == 0x2 && s->asc == 0x04) {
		if (s->ascq == 0x0a)
			st = MPX_POL_ALUA_TRANSITIONING;
		else if (s->ascq == 0x0c)
			st = MPX_POL_ALUA_UNAVAILABLE;
	}
	switch (st) {
	case MPX_POL_ALUA_TRANSITIONING:
	case MPX_POL_ALUA_UNAVAILABLE:
		return MPX_POL_VERDICT_SWITCH_GROUP;
	case MPX_POL_ALUA_STANDBY:
		return MPX_POL_VERDICT_REGROUP;
	default:
		return 0;
	}
}

static int alua_analyze_error(void *priv, const struct mpx_pol_path *path,
			      const struct mpx_pol_sense *s, int *ret_verdict)
{
	*ret_verdict = 0;	/* no opinion */
	if (MPX_POL_SENSE_HAS(s, alua_state) && s->cause != MPX_POL_CAUSE_NONE) {
		*ret_verdict = kernel_error(s);
		return 0;
	}
	if (s->status == 0x18) {
		*ret_verdict = MPX_POL_VERDICT_TARGET_ERROR;	/* reservation conflict */
	} else if (s->status == 2 && s->sense_key == 0x2 && s->asc == 0x04) {
		if (s->ascq == 0x0a)
			*ret_verdict = MPX_POL_VERDICT_RETRY;	/* in transition */
		else if (s->ascq == 0x0b)
			*ret_verdict = MPX_POL_VERDICT_PATH_OK;	/* standby: a ghost */
		else if (s->ascq == 0x0c)
			*ret_verdict = MPX_POL_VERDICT_PATH_FAILED;	/* unavailable */
	} else if (s->status == 2 && s->sense_key == 0x6 &&
		   ((s->asc == 0x2a && (s->ascq == 0x06 || s->ascq == 0x07)) ||
		    (s->asc == 0x3f && s->ascq == 0x0e))) {
		/* access states, or the LUNs behind a port, changed */
		*ret_verdict = MPX_POL_VERDICT_REGROUP;
	}
	return 0;
}

/* SET TARGET PORT GROUPS: make the group of path @via active/optimized. */
static int alua_activate_group(void *priv, const struct mpx_pol_device *dev, uint32_t group)
{
	struct alua *a = priv;
	int state[64], rank_of[64], n = 0, r;
	bool pref[64];
	uint32_t i;

	if (dev->nr_paths > 64)
		return -E2BIG;
	states(a, dev, state, pref);
	/* group numbers follow the rank order of the states present */
	for (r = 0; r < 4; r++) {
		bool present = false;

		for (i = 0; i < dev->nr_paths; i++)
			present |= rank(state[i]) == r;
		rank_of[r] = present ? n++ : -1;
	}
	for (i = 0; i < dev->nr_paths; i++) {
		const struct mpx_pol_path *p = &dev->paths[i];
		uint8_t param[8] = { 0, 0, 0, 0, MPX_POL_ALUA_OPTIMIZED, 0,
				     (uint8_t)(p->tpg >> 8), (uint8_t)p->tpg };
		const uint8_t cdb[12] = { 0xa4, 0x0a, 0, 0, 0, 0, 0, 0, 0, sizeof(param), 0, 0 };
		struct mpx_pol_sense s;

		if (rank_of[rank(state[i])] != (int)group || !p->have_tpg)
			continue;
		if (p->state == MPX_POL_PATH_DOWN)
			continue;
		r = a->host->scsi_cmd(a->host, p->devnode, cdb, sizeof(cdb), MPX_POL_DIR_TO_DEV,
				      param, sizeof(param), TIMEOUT_MS, &s);
		if (!r && !s.status && !s.transport_error)
			return 0;
		a->host->log(a->host, "STPG through %s: status 0x%x sense %x/%02x/%02x",
			     p->devnode, s.status, s.sense_key, s.asc, s.ascq);
	}
	return -EIO;
}

MPX_POLICY_EXPORT const struct mpx_policy mpx_policy = {
	.abi_major = MPX_POLICY_ABI_MAJOR,
	.abi_minor = MPX_POLICY_ABI_MINOR,
	.struct_size = sizeof(struct mpx_policy),
	.name = "alua",
	.version = "1.1",
	.init = alua_init,
	.fini = alua_fini,
	.match = alua_match,
	.group_paths = alua_group_paths,
	.analyze_error = alua_analyze_error,
	.activate_group = alua_activate_group,
};
