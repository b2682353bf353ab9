/* SPDX-License-Identifier: GPL-2.0-only */
/* The daemon's one clock: monotonic milliseconds, for every timer and deadline. */
#ifndef MPX_BASE_CLOCK_H
#define MPX_BASE_CLOCK_H

#include <stdint.h>

uint64_t mpxd_now(void);

#endif
