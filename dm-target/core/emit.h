/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bounded text output with DMEMIT's behaviour: appends while there is room,
 * never overruns, and remembers that output was cut. struct mpx_buf,
 * mpx_buf_init() and mpx_emit() are declared in <mpx/ps-grammar.h>, which
 * selector modules also use.
 */
#ifndef MPX_CORE_EMIT_H
#define MPX_CORE_EMIT_H

#include "core-types.h"
#include <mpx/ps-grammar.h>

#endif
