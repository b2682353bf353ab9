// SPDX-License-Identifier: GPL-2.0-only
#include "tenant-sfq.h"

u64 mpx_sfq_start(const struct mpx_sfq_tenant *t, u64 vtime)
{
	return t->finish > vtime ? t->finish : vtime;
}

void mpx_sfq_charge(struct mpx_sfq_tenant *t, u64 *vtime, u64 cost)
{
	u64 start = mpx_sfq_start(t, *vtime);

	*vtime = start;
	t->finish = start + div64_u64(cost * MPX_SFQ_SCALE, t->weight ? t->weight : 1);
}

bool mpx_sfq_before(const struct mpx_sfq_tenant *a, const struct mpx_sfq_tenant *b,
		    u64 vtime)
{
	if (a->prio != b->prio)
		return a->prio > b->prio;
	return mpx_sfq_start(a, vtime) < mpx_sfq_start(b, vtime);
}

int mpx_sfq_pick(const struct mpx_sfq_tenant *ts, const bool *waiting, unsigned int n,
		 u64 vtime)
{
	unsigned int i;
	int best = -1;

	for (i = 0; i < n; i++)
		if (waiting[i] && (best < 0 || mpx_sfq_before(&ts[i], &ts[best], vtime)))
			best = (int)i;
	return best;
}
