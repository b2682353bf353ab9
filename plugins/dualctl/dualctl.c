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
 * - analyze_error: the array's sense codes, read the array's way.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <mpx/policy.h>

#define VENDOR "MPXDEMO"
#define PRODUCT "DUALCTL"

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

MPX_POLICY_EXPORT const struct mpx_policy mpx_policy = {
	.abi_major = MPX_POLICY_ABI_MAJOR,
	.abi_minor = MPX_POLICY_ABI_MINOR,
	.struct_size = sizeof(struct mpx_policy),
	.name = "dualctl",
	.version = "1.1",
	.match = dualctl_match,
	.group_paths = dualctl_group_paths,
	.affected_paths = dualctl_affected_paths,
	.analyze_error = dualctl_analyze_error,
};
