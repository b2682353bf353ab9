// SPDX-License-Identifier: GPL-2.0-only
#include "tenant-heap.h"

void mpx_heap_init(struct mpx_heap *h, struct mpx_heap_node **v, unsigned int cap,
		   bool (*before)(const struct mpx_heap_node *, const struct mpx_heap_node *))
{
	h->v = v;
	h->nr = 0;
	h->cap = cap;
	h->before = before;
}

static void place(struct mpx_heap *h, struct mpx_heap_node *n, unsigned int i)
{
	h->v[i] = n;
	n->index = i;
}

static void sift_up(struct mpx_heap *h, unsigned int i)
{
	struct mpx_heap_node *n = h->v[i];

	while (i) {
		unsigned int parent = (i - 1) / 2;

		if (!h->before(n, h->v[parent]))
			break;
		place(h, h->v[parent], i);
		i = parent;
	}
	place(h, n, i);
}

static void sift_down(struct mpx_heap *h, unsigned int i)
{
	struct mpx_heap_node *n = h->v[i];

	for (;;) {
		unsigned int c = 2 * i + 1;

		if (c >= h->nr)
			break;
		if (c + 1 < h->nr && h->before(h->v[c + 1], h->v[c]))
			c++;
		if (!h->before(h->v[c], n))
			break;
		place(h, h->v[c], i);
		i = c;
	}
	place(h, n, i);
}

void mpx_heap_push(struct mpx_heap *h, struct mpx_heap_node *n)
{
	place(h, n, h->nr++);
	sift_up(h, n->index);
}

void mpx_heap_remove(struct mpx_heap *h, struct mpx_heap_node *n)
{
	unsigned int i = n->index;
	struct mpx_heap_node *last = h->v[--h->nr];

	n->index = MPX_HEAP_NONE;
	if (last == n)
		return;
	place(h, last, i);
	mpx_heap_fix(h, last);
}

void mpx_heap_fix(struct mpx_heap *h, struct mpx_heap_node *n)
{
	unsigned int i = n->index;

	if (i && h->before(n, h->v[(i - 1) / 2]))
		sift_up(h, i);
	else
		sift_down(h, i);
}

struct mpx_heap_node **mpx_heap_move(struct mpx_heap *h, struct mpx_heap_node **v, unsigned int cap)
{
	struct mpx_heap_node **old = h->v;
	unsigned int i;

	for (i = 0; i < h->nr; i++)
		v[i] = old[i];
	h->v = v;
	h->cap = cap;
	return old;
}
