/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A binary min-heap of nodes embedded in the caller's objects, for the
 * tenant stages: O(1) to see the first, O(log n) to add, remove or
 * reposition one. The order is the caller's before(); each node keeps its
 * index, so a node can leave from anywhere. The caller owns the array (it
 * allocates, locks and grows it) and never adds more than cap nodes.
 */
#ifndef MPX_CORE_TENANT_HEAP_H
#define MPX_CORE_TENANT_HEAP_H

#include "core-types.h"

#define MPX_HEAP_NONE (~0U)	/* index of a node not in a heap */

struct mpx_heap_node {
	unsigned int index;	/* in heap->v, or MPX_HEAP_NONE */
};

struct mpx_heap {
	struct mpx_heap_node **v;
	unsigned int nr, cap;
	bool (*before)(const struct mpx_heap_node *a, const struct mpx_heap_node *b);
};

static inline void mpx_heap_node_init(struct mpx_heap_node *n)
{
	n->index = MPX_HEAP_NONE;
}

static inline bool mpx_heap_contains(const struct mpx_heap_node *n)
{
	return n->index != MPX_HEAP_NONE;
}

static inline struct mpx_heap_node *mpx_heap_first(const struct mpx_heap *h)
{
	return h->nr ? h->v[0] : NULL;
}

void mpx_heap_init(struct mpx_heap *h, struct mpx_heap_node **v, unsigned int cap,
		   bool (*before)(const struct mpx_heap_node *, const struct mpx_heap_node *));
/* Add n (not in the heap; nr < cap). */
void mpx_heap_push(struct mpx_heap *h, struct mpx_heap_node *n);
/* Take n out (it is in the heap). */
void mpx_heap_remove(struct mpx_heap *h, struct mpx_heap_node *n);
/* n's key changed: move it to its place. */
void mpx_heap_fix(struct mpx_heap *h, struct mpx_heap_node *n);
/*
 * Move the heap to the array v of cap entries (cap >= nr); returns the old
 * array for the caller to free.
 */
struct mpx_heap_node **mpx_heap_move(struct mpx_heap *h, struct mpx_heap_node **v,
				     unsigned int cap);

#endif
