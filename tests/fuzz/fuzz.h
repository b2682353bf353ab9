/* SPDX-License-Identifier: GPL-2.0-only */
/* What the harnesses share: a property check, and the known-findings switch. */
#ifndef MPX_FUZZ_H
#define MPX_FUZZ_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* A property of the code under test: on failure, say which and abort. */
#define check(cond, ...)                                                     \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s:%d: check failed: %s: ",          \
				__FILE__, __LINE__, #cond);                  \
			fprintf(stderr, __VA_ARGS__);                        \
			fputc('\n', stderr);                                 \
			abort();                                             \
		}                                                            \
	} while (0)

/*
 * Findings that are reported and not fixed yet (their reproducers wait in
 * tests/fuzz/pending/) are checked only with MPX_FUZZ_STRICT=1 in the
 * environment, so that CI fails on new findings. Each use names its finding;
 * when it is fixed, drop the use and move the reproducer to regressions/.
 */
static inline bool fuzz_strict(void)
{
	static int strict = -1;

	if (strict < 0)
		strict = getenv("MPX_FUZZ_STRICT") != NULL;
	return strict;
}

#endif
