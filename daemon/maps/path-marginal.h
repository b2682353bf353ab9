/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Marginal paths in the daemon: the kernel's I/O failures and the checks'
 * verdicts fed to the decisions of marginal.h with the map's keywords, and
 * what those decisions change (a path not reinstated, test reads instead
 * of the checker, the log).
 */
#ifndef MPXD_MAPS_PATH_MARGINAL_H
#define MPXD_MAPS_PATH_MARGINAL_H

#include <stdbool.h>
#include <stdint.h>
#include "checkers/checker.h"

struct mpxd;
struct mpxd_path;

/* How often a sampled path carries a test read (ms). */
#define MPXD_MARGINAL_TEST_IO_MS 200

/* The kernel target failed p on I/O (the one entry for the kernel's failure reports). */
void mpxd_marginal_io_failed(struct mpxd *d, struct mpxd_path *p, uint64_t now);
/*
 * A check of p ended with st (a test read if test_io): count it, let time
 * move the decision on. True if p must stay out of the map for now.
 */
bool mpxd_marginal_after_check(struct mpxd *d, struct mpxd_path *p, enum mpx_path_state st,
			       bool test_io, uint64_t now);
/* p's next check must be a test read. */
bool mpxd_marginal_wants_test_io(const struct mpxd_path *p);
/* When p is to be checked next, given next as its checker's turn. */
uint64_t mpxd_marginal_next_check(const struct mpxd_path *p, uint64_t now, uint64_t next);

#endif
