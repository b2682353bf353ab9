// SPDX-License-Identifier: GPL-2.0-only
/* Tenants during a failover: the map's state and who goes ahead (tenant-failover.h). */
#include "tenant-failover.h"

static const char *const names[MPX_FO_NR] = { "none", "retry", "activation", "nopath" };

enum mpx_failover mpx_failover_of(const struct mpx_fo_map *m)
{
	if (!m->valid_paths)
		return m->held ? MPX_FO_NOPATH : MPX_FO_NONE;
	if (m->activating)
		return MPX_FO_ACTIVATION;
	return m->held ? MPX_FO_RETRY : MPX_FO_NONE;
}

const char *mpx_failover_name(unsigned int f)
{
	return f < MPX_FO_NR ? names[f] : names[MPX_FO_NONE];
}

int mpx_failover_parse(const char *word)
{
	unsigned int f;

	for (f = 0; f < MPX_FO_NR; f++)
		if (!strcmp(word, names[f]))
			return (int)f;
	return -EINVAL;
}

bool mpx_fo_goes_ahead(const struct mpx_fo_bio *b)
{
	/* its own held I/O goes first: a tenant's order is its own */
	if (!b->affinity || b->own_held || !b->path)
		return false;
	return !(b->activating && b->path_activating);
}

u64 mpx_fo_held_ms(unsigned int nr_held, u64 since_ns, u64 now_ns)
{
	if (!nr_held || now_ns <= since_ns)
		return 0;
	return div64_u64(now_ns - since_ns, 1000000);
}
