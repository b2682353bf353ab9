// SPDX-License-Identifier: GPL-2.0-only
#include "ps-math.h"

static int cmp_u64(u64 a, u64 b)
{
	return a < b ? -1 : a > b;
}

int mpx_st_compare(u64 sz1, u32 rt1, u64 sz2, u32 rt2, u64 incoming)
{
	if (rt1 == rt2)
		return cmp_u64(sz1, sz2);
	/* Same load, or a path that must not be preferred: higher rt wins. */
	if (sz1 == sz2 || !rt1 || !rt2)
		return cmp_u64(rt2, rt1);
	sz1 += incoming;
	sz2 += incoming;
	/* rt <= 100 < 2^7: scale down huge sizes so the products fit. */
	while (sz1 >= (1ULL << 56) || sz2 >= (1ULL << 56)) {
		sz1 >>= 7;
		sz2 >>= 7;
	}
	if (sz1 * rt2 != sz2 * rt1)
		return cmp_u64(sz1 * rt2, sz2 * rt1);
	return cmp_u64(rt2, rt1);
}
