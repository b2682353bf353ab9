// SPDX-License-Identifier: GPL-2.0-only
/* prio weightedpath: the priority prio_args give the path by its names. */
#include <stdio.h>
#include "conf/prio-args.h"
#include "prio/prio.h"

int mpx_prio_weightedpath(const char *args, const struct mpx_prio_path *p, int *ret_prio, char *why,
			  size_t why_len)
{
	const struct mpx_weighted_ids ids = { p->hctl, p->devnode, p->serial, p->fc_wwn };
	int r = mpx_prio_args_weighted(args, &ids, ret_prio);

	if (r)
		snprintf(why, why_len, "prio_args \"%.64s\" cannot be used", args ? args : "");
	return r;
}
