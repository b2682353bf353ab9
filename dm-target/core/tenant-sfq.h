/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Proportional sharing between tenants when the paths are saturated:
 * start-time fair queueing. Each tenant's next I/O gets a start tag, the
 * larger of the system's virtual time and the tenant's last finish tag; its
 * finish tag adds cost / weight. The I/O with the smallest start tag goes
 * next (within the highest priority that has I/O waiting), and the virtual
 * time moves to that start tag. Over a busy period each tenant gets service
 * in proportion to its weight, and an idle tenant cannot bank credit.
 */
#ifndef MPX_CORE_TENANT_SFQ_H
#define MPX_CORE_TENANT_SFQ_H

#include "core-types.h"

#define MPX_SFQ_SCALE 1024	/* tags in cost units * 1024 / weight */

struct mpx_sfq_tenant {
	u64 finish;		/* finish tag of its last dispatched I/O */
	u32 weight;		/* 1..1000 */
	u32 prio;		/* higher first */
};

/* The start tag the tenant's next I/O would get at virtual time vtime. */
u64 mpx_sfq_start(const struct mpx_sfq_tenant *t, u64 vtime);

/* Record an I/O of cost dispatched for t; moves *vtime. */
void mpx_sfq_charge(struct mpx_sfq_tenant *t, u64 *vtime, u64 cost);

/* Whether a goes before b: higher prio, then the smaller start tag. */
bool mpx_sfq_before(const struct mpx_sfq_tenant *a, const struct mpx_sfq_tenant *b,
		    u64 vtime);

/*
 * Which waiting tenant goes next: among ts[i] with waiting[i], the highest
 * prio, then the smallest start tag, then the lowest index. -1 if none.
 */
int mpx_sfq_pick(const struct mpx_sfq_tenant *ts, const bool *waiting, unsigned int n,
		 u64 vtime);

#endif
