// SPDX-License-Identifier: GPL-2.0-only
/*
 * dualctl: a vendor-style policy, the template for array vendors (see
 * README.md). It is for a dual-controller array that presents each LUN
 * through both controllers, one port group per controller, and owns each
 * LUN on one of them (the "primary"):
 *
 * - match: by vendor and product, so it wins over the generic alua module;
 * - group_paths: primary-controller paths first, round-robin within a
 *   controller; the primary is the lower port group id;
 * - affected_paths: a path fails because its controller port did, so every
 *   path through the same target port, of any LUN, fails over with it;
 * - analyze_error: the array's sense codes, read the array's way;
 * - check_path: the controller's own word on the path (its port group's
 *   state, read through the path), instead of a TUR.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <mpx/policy.h>

#define VENDOR "MPXDEMO"
#define PRODUCT "DUALCTL"
#define RTPG_LEN 1024

struct dualctl {
	const struct mpx_host *host;
};

static int dualctl_init(const struct mpx_host *host, void **ret_priv)
{
	struct dualctl *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->host = host;
	*ret_priv = c;
	return 0;
}

static void dualctl_fini(void *priv)
{
	free(priv);
}

static int dualctl_match(void *priv, const struct mpx_pol_device *dev, int *ret_score)
{
	*ret_score = !strcmp(dev->vendor, VENDOR) &&
		     !strncmp(dev->product, PRODUCT, strlen(PRODUCT)) ? 100 : 0;
	return 0;
}

static int dualctl_group_paths(void *priv, const struct mpx_pol_device *dev,
			       struct mpx_pol_grouping *ret)
{
	uint32_t i, primary = UINT32_MAX;

	for (i = 0; i < dev->nr_paths; i++)
		if (dev->paths[i].have_tpg && dev->paths[i].tpg < primary)
			primary = dev->paths[i].tpg;
	for (i = 0; i < dev->nr_paths; i++) {
		bool on_primary = dev->paths[i].have_tpg && dev->paths[i].tpg == primary;

		ret->group[i] = on_primary ? 0 : 1;
		ret->prio[i] = on_primary ? 50 : 10;
	}
	strcpy(ret->selector, "round-robin 0");
	return 0;
}

/* Two paths go through one target port when the array names it the same. */
static bool same_port(const struct mpx_pol_path *a, const struct mpx_pol_path *b)
{
	if (a->port_name[0] && b->port_name[0])
		return !strcmp(a->port_name, b->port_name);
	return a->have_rel_port && b->have_rel_port && a->rel_port == b->rel_port &&
	       a->host == b->host;
}

static int dualctl_affected_paths(void *priv, const struct mpx_pol_path *failed,
				  const struct mpx_pol_path *all, size_t nr_all,
				  uint8_t *ret_affected)
{
	size_t i;

	for (i = 0; i < nr_all; i++)
		ret_affected[i] = same_port(failed, &all[i]);
	return 0;
}

/*
 * An I/O error the kernel target reported, with the outcome of a TEST UNIT
 * READY sent through the path just after:
 * - the LUN's own errors (medium, reservation conflict, refused command):
 *   a target error, no failover;
 * - a link-level error (transport, timeout, offline, unspecified) and the
 *   TUR gets no answer either: the controller port is down, and every path
 *   through it, of any LUN, fails over now (fail siblings);
 * - otherwise the sense data decides as for mpxd's own checks.
 */
static bool link_error(uint32_t cause)
{
	return cause == MPX_POL_CAUSE_TRANSPORT || cause == MPX_POL_CAUSE_TIMEOUT ||
	       cause == MPX_POL_CAUSE_OFFLINE || cause == MPX_POL_CAUSE_IO;
}

static bool lun_error(uint32_t cause)
{
	return cause == MPX_POL_CAUSE_MEDIUM || cause == MPX_POL_CAUSE_NEXUS ||
	       cause == MPX_POL_CAUSE_TARGET;
}

static bool tur_unanswered(const struct mpx_pol_sense *s)
{
	return s->transport_error || s->timed_out;
}

static int dualctl_analyze_error(void *priv, const struct mpx_pol_path *path,
				 const struct mpx_pol_sense *s, int *ret_verdict)
{
	*ret_verdict = 0;
	if (MPX_POL_SENSE_HAS(s, cause) && lun_error(s->cause)) {
		*ret_verdict = MPX_POL_VERDICT_TARGET_ERROR;
		return 0;
	}
	if (MPX_POL_SENSE_HAS(s, cause) && link_error(s->cause) && s->kernel_failed &&
	    tur_unanswered(s)) {
		*ret_verdict = MPX_POL_VERDICT_FAIL_SIBLINGS;
		return 0;
	}
	if (s->status == 0x18)
		*ret_verdict = MPX_POL_VERDICT_TARGET_ERROR;
	else if (s->status != 2)
		return 0;
	else if (s->sense_key == 0x3)		/* medium error: the LUN's, not the path's */
		*ret_verdict = MPX_POL_VERDICT_TARGET_ERROR;
	else if (s->sense_key == 0x4 && s->asc == 0x44)	/* controller failure */
		*ret_verdict = MPX_POL_VERDICT_PATH_FAILED;
	else if (s->sense_key == 0x2 && s->asc == 0x04 && s->ascq == 0x0a)
		*ret_verdict = MPX_POL_VERDICT_RETRY;	/* ownership moving */
	else if (s->sense_key == 0x6 && s->asc == 0x2a && s->ascq == 0x06)
		*ret_verdict = MPX_POL_VERDICT_REGROUP;	/* ownership moved */
	return 0;
}

/* The access state of port group tpg in an RTPG answer, or -1. */
static int group_state(const uint8_t *buf, uint32_t len, uint32_t tpg)
{
	uint32_t off = 4;

	while (off + 8 <= len) {
		const uint8_t *d = buf + off;

		if (((uint32_t)d[2] << 8 | d[3]) == tpg)
			return d[0] & 0x0f;
		off += 8 + 4 * d[7];
	}
	return -1;
}

/* What a controller's port group state means for a path through it. */
static int state_of(int alua)
{
	switch (alua) {
	case MPX_POL_ALUA_OPTIMIZED:
	case MPX_POL_ALUA_NON_OPTIMIZED:
		return MPX_POL_PATH_UP;
	case MPX_POL_ALUA_STANDBY:
	case 0x0f: /* transitioning: ownership is moving, the path is not broken */
		return MPX_POL_PATH_GHOST;
	default: /* unavailable, offline: the controller is out of service */
		return MPX_POL_PATH_DOWN;
	}
}

/*
 * check_path: REPORT TARGET PORT GROUPS through the path. That it answers
 * shows the path reaches a controller; the path's port group state is what
 * that controller says of itself. Unlike a TUR's "not ready", an
 * unavailable controller is down, not a ghost: this array's controllers
 * report unavailable while they are serviced, and activating their group
 * would not help. An array that does not know RTPG gets -EOPNOTSUPP: mpxd
 * then asks the configured checker.
 */
static int dualctl_check_path(void *priv, const struct mpx_pol_path *path, uint32_t timeout_ms,
			      int *ret_state)
{
	const struct mpx_host *h = ((struct dualctl *)priv)->host;
	const uint8_t cdb[12] = {
		0xa3, 0x0a, 0, 0, 0, 0, 0, 0, RTPG_LEN >> 8, RTPG_LEN & 0xff, 0, 0
	};
	uint8_t buf[RTPG_LEN];
	struct mpx_pol_sense s;
	uint32_t len;
	int r, tries, st;

	for (tries = 0; tries < 3; tries++) {
		r = h->scsi_cmd(h, path->devnode, cdb, sizeof(cdb), MPX_POL_DIR_FROM_DEV, buf,
				sizeof(buf), timeout_ms, &s);
		if (r || s.status != 2 || s.sense_key != 6) /* a unit attention: again */
			break;
	}
	if (r || s.transport_error || s.timed_out || (s.status && s.status != 2)) {
		*ret_state = MPX_POL_PATH_DOWN; /* no controller answered */
		return 0;
	}
	if (s.status == 2 && s.sense_key == 0x5)
		return -EOPNOTSUPP; /* illegal request: no RTPG */
	if (s.status == 2) {
		*ret_state = MPX_POL_PATH_DOWN;
		return 0;
	}
	len = ((uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3]) +
	      4;
	st = path->have_tpg ? group_state(buf, len < sizeof(buf) ? len : sizeof(buf), path->tpg) :
			      -1;
	*ret_state = st < 0 ? MPX_POL_PATH_UP : state_of(st);
	return 0;
}

MPX_POLICY_EXPORT const struct mpx_policy mpx_policy = {
	.abi_major = MPX_POLICY_ABI_MAJOR,
	.abi_minor = MPX_POLICY_ABI_MINOR,
	.struct_size = sizeof(struct mpx_policy),
	.name = "dualctl",
	.version = "1.2",
	.init = dualctl_init,
	.fini = dualctl_fini,
	.match = dualctl_match,
	.group_paths = dualctl_group_paths,
	.affected_paths = dualctl_affected_paths,
	.analyze_error = dualctl_analyze_error,
	.check_path = dualctl_check_path,
};
