// SPDX-License-Identifier: GPL-2.0-only
#include "tenant-bucket.h"

#define NS 1000000000ULL

void mpx_bucket_init(struct mpx_bucket *b, u64 rate, u64 now_ns)
{
	if (rate > MPX_BUCKET_MAX_RATE)
		rate = MPX_BUCKET_MAX_RATE;
	b->rate = rate;
	b->burst = rate ? div64_u64(rate, MPX_BUCKET_BURST_DIV) * NS : 0;
	/* at least one token, so that a low rate lets anything through at all */
	if (rate && b->burst < NS)
		b->burst = NS;
	b->tokens = (s64)b->burst;
	b->last_ns = now_ns;
	b->advance = div64_u64(b->burst, NS * MPX_BUCKET_SHARE_DIV);
	atomic64_set(&b->fast, 0);
}

void mpx_bucket_drop_share(struct mpx_bucket *b)
{
	s64 n = atomic64_xchg(&b->fast, 0);

	/* taken from the bucket, and counted in its burst: it has the room */
	if (n > 0)
		b->tokens += n * (s64)NS;
}

static void refill(struct mpx_bucket *b, u64 now_ns)
{
	u64 dt, room;

	if (now_ns <= b->last_ns)
		return;
	dt = now_ns - b->last_ns;
	b->last_ns = now_ns;
	/* the share is the bucket's too; it only shrinks meanwhile */
	room = (u64)((s64)b->burst - b->tokens - atomic64_read(&b->fast) * (s64)NS);
	/* the usual refill, within a second: rate * dt < 2^34 * 2^30, no division */
	if (likely(dt < (1ULL << 30))) {
		u64 add = b->rate * dt;

		b->tokens += (s64)(add >= room ? room : add);
		return;
	}
	/* rate * dt < room < 1.2e19 whenever it is computed: no overflow */
	if (dt >= div64_u64(room, b->rate) + 1 || b->rate * dt >= room)
		b->tokens += (s64)room;
	else
		b->tokens += (s64)(b->rate * dt);
}

static u64 scaled_cost(u64 cost)
{
	return (cost > MPX_BUCKET_MAX_COST ? MPX_BUCKET_MAX_COST : cost) * NS;
}

/* What must be there before an I/O of cost may go. */
static s64 threshold(const struct mpx_bucket *b, u64 cost)
{
	u64 need = scaled_cost(cost);

	return (s64)(need < b->burst ? need : b->burst);
}

bool mpx_bucket_take(struct mpx_bucket *b, u64 cost, u64 now_ns)
{
	if (!b->rate)
		return true;
	refill(b, now_ns);
	if (b->tokens < threshold(b, cost))
		return false;
	b->tokens -= (s64)scaled_cost(cost);
	return true;
}

u64 mpx_bucket_wait(struct mpx_bucket *b, u64 cost, u64 now_ns)
{
	s64 need;

	if (!b->rate)
		return 0;
	refill(b, now_ns);
	need = threshold(b, cost);
	if (b->tokens >= need)
		return 0;
	return div64_u64((u64)(need - b->tokens) + b->rate - 1, b->rate);
}

/* One refill and one look at each bucket: it runs for every limited I/O. */
u64 mpx_limits_admit(struct mpx_bucket *iops, struct mpx_bucket *bps, u64 nr_bytes,
		     u64 now_ns)
{
	u64 w1 = mpx_bucket_wait(iops, 1, now_ns);
	u64 w2 = mpx_bucket_wait(bps, nr_bytes, now_ns);

	if (w1 || w2)
		return w1 > w2 ? w1 : w2;
	/* both refilled to now_ns and holding enough: take, no second look */
	if (iops->rate)
		iops->tokens -= (s64)scaled_cost(1);
	if (bps->rate)
		bps->tokens -= (s64)scaled_cost(nr_bytes);
	return 0;
}

void mpx_limits_advance(struct mpx_bucket *iops, const struct mpx_bucket *bps)
{
	u64 n;

	if (!iops->advance || bps->rate || iops->tokens < (s64)NS || atomic64_read(&iops->fast))
		return;
	n = div64_u64((u64)iops->tokens, NS);
	if (n > iops->advance)
		n = iops->advance;
	iops->tokens -= (s64)(n * NS);
	atomic64_add((s64)n, &iops->fast);
}
