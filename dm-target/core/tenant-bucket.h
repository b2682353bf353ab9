/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Token buckets for tenant limits (I/Os or bytes per second). Time is in
 * nanoseconds from the caller's clock; tokens are kept scaled by 1e9 so a
 * refill is one multiplication.
 *
 * An I/O needs a full cost's worth of tokens, or a full bucket if it costs
 * more than the bucket holds; it then takes its whole cost, leaving the
 * bucket owing, so large I/Os are not cheaper than small ones.
 *
 * The bucket holds 1/4 s of its rate: tokens that come while the
 * releasing worker is held up (a busy or emulated CPU stalls it for tens
 * of milliseconds) are kept for when it runs, yet a tenant starting from
 * idle overshoots a ten second measurement by 2.5% only.
 *
 * An iops bucket also keeps a share of its tokens taken ahead, fast: an
 * I/O under the limit takes one of those with a compare-and-swap, without
 * the caller's lock or clock. Whoever holds the lock refills the bucket and
 * moves the next share (1/16 of the burst) out of it when the share is
 * used up. The share counts as held by the bucket when it is refilled, so
 * the bucket and the share together never hold more than the burst: the
 * limit is exactly what it is without the share. A bucket of less than 16
 * tokens keeps none.
 */
#ifndef MPX_CORE_TENANT_BUCKET_H
#define MPX_CORE_TENANT_BUCKET_H

#include "core-types.h"

#define MPX_BUCKET_BURST_DIV 4
#define MPX_BUCKET_SHARE_DIV 16

struct mpx_bucket {
	u64 rate;		/* tokens per second; 0: unlimited */
	u64 burst;		/* most tokens kept, scaled */
	s64 tokens;		/* available, scaled (tokens * 1e9); below 0: owed */
	u64 last_ns;		/* time of the last refill */
	atomic64_t fast;	/* tokens taken ahead (not scaled): the share */
	u64 advance;		/* the share's size; 0: no share */
};

/* Bounds that keep scaled tokens within s64 (burst 4.3e18, debt 4.3e18). */
#define MPX_BUCKET_MAX_RATE (1ULL << 34)
#define MPX_BUCKET_MAX_COST (1ULL << 32)

/* A bucket of rate/s (at most MPX_BUCKET_MAX_RATE), full at now_ns. rate 0: no limit. */
void mpx_bucket_init(struct mpx_bucket *b, u64 rate, u64 now_ns);

/*
 * One token from the share, lock-free: true, else false (the share is
 * used up, or there is none). Only the lock holder adds to the share, so
 * a false means: refill under the lock.
 */
static inline bool mpx_bucket_take_fast(struct mpx_bucket *b)
{
	s64 n = atomic64_read(&b->fast);

	do {
		if (n <= 0)
			return false;
	} while (!atomic64_try_cmpxchg(&b->fast, &n, n - 1));
	return true;
}

/* What is left of the share goes back into the bucket (a rule changed). */
void mpx_bucket_drop_share(struct mpx_bucket *b);

/* Take cost tokens if there are enough at now_ns: true, else false. */
bool mpx_bucket_take(struct mpx_bucket *b, u64 cost, u64 now_ns);

/* Nanoseconds from now_ns until cost tokens are there (0: now). */
u64 mpx_bucket_wait(struct mpx_bucket *b, u64 cost, u64 now_ns);

/*
 * An I/O of nr_bytes against an iops and a bps bucket together: 0 when
 * both had enough (then both are charged), else the nanoseconds until they
 * will (then neither is).
 */
u64 mpx_limits_admit(struct mpx_bucket *iops, struct mpx_bucket *bps, u64 nr_bytes,
		     u64 now_ns);

/*
 * A new share out of the iops bucket, as far as it holds one, once the
 * last one is used up. None while bps limits too: a token of the share
 * skips the bps bucket, so bps-limited I/O keeps taking the lock.
 */
void mpx_limits_advance(struct mpx_bucket *iops, const struct mpx_bucket *bps);

#endif
