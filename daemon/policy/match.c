// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which loaded module suits a LUN: the one whose match hook scores it
 * highest. (A configured "policy" name, and the built-in grouping when no
 * module matches, are maps/map-policy.c's business.)
 */
#include <stdlib.h>
#include "policy/policy.h"

#define MATCH_BUDGET_MS 2000

struct mpxd_policy *mpxd_plugins_best_match(struct mpxd_plugins *pl, const struct mpxw_device *dev)
{
	struct mpxw_match_call *call = malloc(sizeof(*call));	/* too big for the stack */
	struct mpxw_match_reply rep;
	struct mpxd_policy *best = NULL;
	int best_score = 0;
	size_t i;

	if (!call)
		return NULL;
	call->dev = *dev;
	for (i = 0; i < pl->nr; i++) {
		struct mpxd_policy *p = pl->list[i];

		if (!mpxd_policy_has(p, MPXW_MATCH))
			continue;
		if (mpxd_policy_call(pl, p, MPXW_MATCH, call, sizeof(*call), &rep, sizeof(rep),
				     MATCH_BUDGET_MS))
			continue;
		if (rep.score > best_score) {
			best = p;
			best_score = rep.score;
		}
	}
	free(call);
	return best;
}
