/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A path's error record as the target shows it: the class of its last
 * error and how many I/Os ended in error on it. The glue maps a block
 * status onto a class (the numbers are the kernel's); the words, their
 * parsing and the rule of which classes fail a path live here.
 */
#ifndef MPX_CORE_PATH_ERROR_H
#define MPX_CORE_PATH_ERROR_H

#include "core-types.h"
#include <mpx/ps-grammar.h>
#include <mpx/table.h>

/* The word of class c ("other" for a number out of range). */
const char *mpx_err_name(unsigned int c);
/* The class a word names, or -EINVAL. */
int mpx_err_parse(const char *word);
/*
 * Whether an I/O error of class c fails the path (and is retried on
 * another): the block layer's blk_path_error() rule. The LUN's own errors
 * (target, nexus, medium, protection, space, notsupp) go back up instead.
 */
bool mpx_err_fails_path(unsigned int c);
/* A path's last two status words: "<class> <errors> ". */
void mpx_emit_path_err(struct mpx_buf *b, unsigned int c, u64 errors);

#endif
