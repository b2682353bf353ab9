// SPDX-License-Identifier: GPL-2.0-only
#include <time.h>
#include "base/clock.h"

uint64_t mpxd_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}
