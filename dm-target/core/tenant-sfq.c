// SPDX-License-Identifier: GPL-2.0-only
#include "tenant-sfq.h"

bool mpx_sfq_before(const struct mpx_sfq_tenant *a, const struct mpx_sfq_tenant *b)
{
	if (a->prio != b->prio)
		return a->prio > b->prio;
	if (a->start != b->start)
		return a->start < b->start;
	return a->seq < b->seq;
}

static bool node_before(const struct mpx_heap_node *a, const struct mpx_heap_node *b)
{
	return mpx_sfq_before(container_of(a, struct mpx_sfq_tenant, node),
			      container_of(b, struct mpx_sfq_tenant, node));
}

void mpx_sfq_init(struct mpx_sfq *q, struct mpx_heap_node **v, unsigned int cap)
{
	mpx_heap_init(&q->waiting, v, cap, node_before);
	q->vtime = 0;
	q->seq = 0;
}

void mpx_sfq_tenant_init(struct mpx_sfq_tenant *t, u32 weight, u32 prio)
{
	mpx_heap_node_init(&t->node);
	t->finish = t->start = t->seq = 0;
	t->weight = weight;
	t->prio = prio;
}

void mpx_sfq_join(struct mpx_sfq *q, struct mpx_sfq_tenant *t)
{
	t->start = t->finish > q->vtime ? t->finish : q->vtime;
	t->seq = q->seq++;
	mpx_heap_push(&q->waiting, &t->node);
}

void mpx_sfq_charge(struct mpx_sfq *q, struct mpx_sfq_tenant *t, u64 cost, bool more)
{
	/* never backwards: a higher priority may have served a later tag */
	if (t->start > q->vtime)
		q->vtime = t->start;
	t->finish = t->start + div64_u64(cost * MPX_SFQ_SCALE, t->weight ? t->weight : 1);
	if (!more) {
		mpx_heap_remove(&q->waiting, &t->node);
		return;
	}
	t->start = t->finish > q->vtime ? t->finish : q->vtime;
	t->seq = q->seq++;
	mpx_heap_fix(&q->waiting, &t->node);
}

void mpx_sfq_leave(struct mpx_sfq *q, struct mpx_sfq_tenant *t)
{
	if (mpx_heap_contains(&t->node))
		mpx_heap_remove(&q->waiting, &t->node);
}

void mpx_sfq_set(struct mpx_sfq *q, struct mpx_sfq_tenant *t, u32 weight, u32 prio)
{
	t->weight = weight;
	t->prio = prio;
	if (mpx_heap_contains(&t->node))
		mpx_heap_fix(&q->waiting, &t->node);
}
