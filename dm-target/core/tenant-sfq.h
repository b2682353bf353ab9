/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Proportional sharing between tenants when the paths are saturated:
 * start-time fair queueing. A tenant that begins to wait gets a start tag,
 * the larger of the system's virtual time and its last finish tag; each I/O
 * it sends moves its finish tag on by cost / weight, and the next one
 * starts there. The waiting tenant with the smallest start tag goes next
 * (within the highest priority that has I/O waiting; among equal tags, the
 * one waiting longest), and the virtual time moves to that tag. Over a busy
 * period each tenant gets service in proportion to its weight, and an idle
 * tenant cannot bank credit.
 *
 * The waiting tenants are kept in a heap (tenant-heap.h) in that order:
 * the next one is found in O(1), and serving, joining or leaving costs
 * O(log n) in the number of waiting tenants, whatever their number. The
 * caller serialises all calls and owns the heap's array.
 */
#ifndef MPX_CORE_TENANT_SFQ_H
#define MPX_CORE_TENANT_SFQ_H

#include "core-types.h"
#include "tenant-heap.h"

#define MPX_SFQ_SCALE 1024	/* tags in cost units * 1024 / weight */

struct mpx_sfq_tenant {
	struct mpx_heap_node node;	/* in mpx_sfq.waiting while it has I/O waiting */
	u64 finish;		/* finish tag of its last dispatched I/O */
	u64 start;		/* while waiting: its next I/O's start tag */
	u64 seq;		/* while waiting: since when, to order equal tags */
	u32 weight;		/* 1..1000 */
	u32 prio;		/* higher first */
};

struct mpx_sfq {
	struct mpx_heap waiting;
	u64 vtime;		/* start tag of the last I/O served */
	u64 seq;
};

void mpx_sfq_init(struct mpx_sfq *q, struct mpx_heap_node **v, unsigned int cap);
void mpx_sfq_tenant_init(struct mpx_sfq_tenant *t, u32 weight, u32 prio);

/* t (not waiting) has I/O waiting now. */
void mpx_sfq_join(struct mpx_sfq *q, struct mpx_sfq_tenant *t);

/* The tenant to serve next, or NULL when none waits. */
static inline struct mpx_sfq_tenant *mpx_sfq_first(const struct mpx_sfq *q)
{
	struct mpx_heap_node *n = mpx_heap_first(&q->waiting);

	return n ? container_of(n, struct mpx_sfq_tenant, node) : NULL;
}

/* The first tenant sent an I/O of cost; more: it still has I/O waiting. */
void mpx_sfq_charge(struct mpx_sfq *q, struct mpx_sfq_tenant *t, u64 cost, bool more);

/* t stops waiting without being served (its I/O went elsewhere). */
void mpx_sfq_leave(struct mpx_sfq *q, struct mpx_sfq_tenant *t);

/* t's weight or priority changed (under the same serialisation). */
void mpx_sfq_set(struct mpx_sfq *q, struct mpx_sfq_tenant *t, u32 weight, u32 prio);

/* Whether a goes before b: higher prio, then the smaller start tag, then seq. */
bool mpx_sfq_before(const struct mpx_sfq_tenant *a, const struct mpx_sfq_tenant *b);

#endif
