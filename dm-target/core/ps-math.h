/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Selector comparisons, kept free of kernel types so they are unit-tested
 * exactly as the module runs them.
 */
#ifndef MPX_CORE_PS_MATH_H
#define MPX_CORE_PS_MATH_H

#include "core-types.h"

/*
 * service-time: < 0 when path 1 (sz1 bytes in flight, relative throughput
 * rt1) would finish an extra I/O of "incoming" bytes sooner than path 2,
 * > 0 when path 2 would, 0 on a tie. The estimate is (sz + incoming) / rt;
 * it is compared as (sz1 + incoming) * rt2 against (sz2 + incoming) * rt1
 * so no division is needed. A path with rt 0 is used only when every other
 * has rt 0 too.
 */
int mpx_st_compare(u64 sz1, u32 rt1, u64 sz2, u32 rt2, u64 incoming);

#endif
