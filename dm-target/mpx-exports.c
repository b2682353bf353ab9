// SPDX-License-Identifier: GPL-2.0-only
/*
 * The core helpers selector modules parse and print with (<mpx/ps-grammar.h>).
 * They live in core/, which stays free of kernel macros, so they are
 * exported from here.
 */
#include <linux/module.h>
#include "core/args.h"
#include "core/emit.h"

EXPORT_SYMBOL_GPL(mpx_args_shift);
EXPORT_SYMBOL_GPL(mpx_args_split);
EXPORT_SYMBOL_GPL(mpx_parse_uint);
EXPORT_SYMBOL_GPL(mpx_emit);
