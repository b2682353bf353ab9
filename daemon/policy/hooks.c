// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hooks mpxd calls while it runs, in the wire's terms: what each
 * needs as a call payload and what its reply means (policy.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mpx/policy.h>
#include "policy/policy.h"
#include "seams/sg-seam.h"

int mpxd_hook_check_path(struct mpxd_plugins *pl, struct mpxd_policy *p,
			 const struct mpxw_path *path, unsigned int timeout_ms,
			 enum mpx_path_state *ret, char *msg, size_t msg_len)
{
	struct mpxw_check_call call = { *path, timeout_ms };
	struct mpxw_check_reply rep;
	int r;

	r = mpxd_policy_call(pl, p, MPXW_CHECK_PATH, &call, sizeof(call), &rep, sizeof(rep),
			     timeout_ms + 1000);
	if (r)
		return r < 0 ? r : -EPROTO;
	if (rep.state < MPX_POL_PATH_UP || rep.state > MPX_POL_PATH_GHOST)
		return -EPROTO;
	snprintf(msg, msg_len, "policy %s: %s", p->name,
		 rep.state == MPX_POL_PATH_UP    ? "up" :
		 rep.state == MPX_POL_PATH_GHOST ? "ghost" :
						   "down");
	*ret = rep.state == MPX_POL_PATH_UP    ? MPX_PATH_UP :
	       rep.state == MPX_POL_PATH_GHOST ? MPX_PATH_GHOST :
						 MPX_PATH_DOWN;
	return 0;
}

int mpxd_hook_analyze(struct mpxd_plugins *pl, struct mpxd_policy *p, const struct mpxw_path *path,
		      const struct mpx_sg_result *s, const struct mpxd_kernel_cause *kc)
{
	struct mpxw_analyze_call call;
	struct mpxw_analyze_reply rep;

	memset(&call, 0, sizeof(call));
	call.path = *path;
	call.sense.status = s->status;
	call.sense.transport_error = s->host_status || s->driver_status;
	call.sense.timed_out = s->timed_out;
	call.sense.sense_key = s->sense_key;
	call.sense.asc = s->asc;
	call.sense.ascq = s->ascq;
	memcpy(call.sense.sense, s->sense, sizeof(call.sense.sense));
	call.sense.sense_len = (uint32_t)s->sense_len;
	call.sense.alua_state = MPX_POL_ALUA_UNKNOWN;
	if (kc) {
		call.sense.cause = kc->cause;
		call.sense.kernel_failed = kc->kernel_failed;
		call.sense.errors = kc->errors;
		call.sense.alua_state = kc->alua_state;
	}
	if (mpxd_policy_call(pl, p, MPXW_ANALYZE_ERROR, &call, sizeof(call), &rep, sizeof(rep),
			     2000))
		return 0;
	return rep.verdict >= MPX_POL_VERDICT_PATH_OK &&
			       rep.verdict <= MPX_POL_VERDICT_FAIL_SIBLINGS ?
		       rep.verdict :
		       0;
}

int mpxd_hook_affected(struct mpxd_plugins *pl, struct mpxd_policy *p,
		       const struct mpxw_affected_call *call, bool *affected)
{
	struct mpxw_affected_reply rep;
	uint32_t i;
	int r;

	r = mpxd_policy_call(pl, p, MPXW_AFFECTED_PATHS, call, sizeof(*call), &rep, sizeof(rep),
			     2000);
	if (r)
		return r;
	for (i = 0; i < call->nr_all && i < MPXW_MAX_ALL; i++)
		affected[i] = rep.affected[i];
	return 0;
}

int mpxd_hook_activate(struct mpxd_plugins *pl, struct mpxd_policy *p,
		       const struct mpxw_device *dev, unsigned int group)
{
	struct mpxw_activate_call *call;
	int r;

	call = calloc(1, sizeof(*call));
	if (!call)
		return -ENOMEM;
	call->dev = *dev;
	call->group = group;
	r = mpxd_policy_call(pl, p, MPXW_ACTIVATE_GROUP, call, sizeof(*call), NULL, 0, 30000);
	free(call);
	return r;
}
