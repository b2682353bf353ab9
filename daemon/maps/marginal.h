/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Marginal paths: a path whose checks pass while the I/O through it keeps
 * failing. The kernel fails such a path on I/O, the checker says it is up,
 * and without this mpxd would reinstate it and see it fail again for ever.
 * This file is the decision only, with no I/O and no daemon state: what
 * the kernel's failures, the checks and the test reads mean, given the
 * multipath-tools keywords (see mpx.conf(5)):
 *
 * - san_path_err_threshold / _forget_rate / _recovery_time: more than
 *   threshold failures, one forgotten every forget_rate good checks, hold
 *   the path out for recovery_time;
 * - marginal_path_double_failed_time / _err_sample_time /
 *   _err_rate_threshold / _err_recheck_gap_time: two failures within
 *   double_failed_time start a sample of test reads lasting sample_time;
 *   an error rate (per thousand) above rate_threshold holds the path out
 *   for recheck_gap_time, then it is sampled again.
 *
 * Either way a held path comes back only after a sample of test reads at
 * or under the rate threshold (0 errors when only san_path_err_* is set).
 * Every bad sample doubles the next hold, up to 8 times; every clean one
 * halves it again (backoff). A zeroed struct mpx_marginal is a normal path.
 */
#ifndef MPXD_MAPS_MARGINAL_H
#define MPXD_MAPS_MARGINAL_H

#include <stdbool.h>
#include <stdint.h>

/* The sample's length when only san_path_err_* is set. */
#define MPX_MARGINAL_DEFAULT_SAMPLE_MS 10000
#define MPX_MARGINAL_MAX_BACKOFF 3	/* holds grow up to 2^3 times */

struct mpx_marginal_conf {
	unsigned int san_threshold;	/* 0: san_path_err_* off */
	unsigned int san_forget_rate;	/* good checks per failure forgotten */
	uint64_t san_recovery_ms;
	uint64_t double_failed_ms;	/* 0: marginal_path_* off */
	uint64_t sample_ms;
	int rate_threshold;		/* per thousand; -1: not set */
	uint64_t recheck_gap_ms;
};

enum mpx_marginal_state {
	MPX_MARGINAL_NO,		/* a normal path */
	MPX_MARGINAL_HELD,		/* held out until .until */
	MPX_MARGINAL_SAMPLING,		/* held out, carrying test reads until .until */
};

struct mpx_marginal {
	enum mpx_marginal_state state;
	uint64_t until;			/* monotonic ms: end of the hold or of the sample */
	uint64_t last_failure;		/* 0: none yet */
	unsigned int failures;		/* san_path_err_*: not yet forgotten */
	unsigned int good_checks;	/* toward forgetting one */
	unsigned int ios, errors;	/* the current sample */
	unsigned int backoff;		/* the next hold is the base << backoff */
	unsigned int episodes;		/* times held out so far */
	unsigned int last_rate;		/* per thousand, of the last sample, if .sampled */
	bool sampled;
};

bool mpx_marginal_san_on(const struct mpx_marginal_conf *c);
bool mpx_marginal_mp_on(const struct mpx_marginal_conf *c);
/* The kernel failed the path on I/O while its checker said up: true if it is now held. */
bool mpx_marginal_io_failed(struct mpx_marginal *m, const struct mpx_marginal_conf *c,
			    uint64_t now);
/* A check said the path is up (what forgets san_path_err_* failures). */
void mpx_marginal_check_ok(struct mpx_marginal *m, const struct mpx_marginal_conf *c);
/* One test read's outcome, counted while sampling. */
void mpx_marginal_test_io(struct mpx_marginal *m, bool ok);
/* Move on with time: a hold ends in a sample, a sample in a verdict. True if state changed. */
bool mpx_marginal_tick(struct mpx_marginal *m, const struct mpx_marginal_conf *c, uint64_t now);
static inline bool mpx_marginal_holds(const struct mpx_marginal *m)
{
	return m->state != MPX_MARGINAL_NO;
}
static inline const char *mpx_marginal_name(enum mpx_marginal_state s)
{
	return s == MPX_MARGINAL_HELD ? "held" : s == MPX_MARGINAL_SAMPLING ? "sampling" : "no";
}

#endif
