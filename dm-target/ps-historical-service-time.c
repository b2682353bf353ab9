// SPDX-License-Identifier: GPL-2.0-only
/*
 * historical-service-time: the path whose recent service times, weighed by
 * the I/Os it has outstanding, promise the soonest completion. Table
 * grammar and status as the kernel's selector of the same name:
 *
 *   historical-service-time <#args> [<base_weight> [<threshold_multiplier>]]
 *   per path: [<repeat_count>]   (accepted, printed as 0)
 *
 * Each path keeps an exponential moving average of its service time in
 * 10-bit fixed point. The weight of the old average shrinks with the age
 * of the sample: weights[n] = base_weight^(n+1), indexed by the service
 * time in ~16.7 ms buckets. A path whose average is stale (it has been
 * idle longer than its average says it needs) gets tried again.
 */
#include <linux/device-mapper.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <mpx/ps.h>

#define DM_MSG_PREFIX "mpx historical-service-time"
#define HST_FIXED_SHIFT 10
#define HST_FIXED_ONE (1ULL << HST_FIXED_SHIFT)
#define HST_FIXED_MAX (~0ULL >> HST_FIXED_SHIFT)
#define HST_WEIGHT_COUNT 64
#define HST_BUCKET_SHIFT 24		/* ns >> 24: ~16.7 ms per weight step */
#define HST_DEFAULT_BASE 972		/* ~0.95 */

struct hst_group {
	u64 weights[HST_WEIGHT_COUNT];
	u64 threshold;
	atomic_t valid_count;
	unsigned int __percpu *rotor;	/* where the scan starts: ties rotate */
};

struct hst_path {
	spinlock_t lock;		/* protects hst, last_finish, stale_after */
	u64 hst;			/* service time average, fixed point */
	u64 last_finish;
	u64 stale_after;
	atomic_t outstanding;
};

static int parse_group(struct mpx_args *as, struct mpx_ps_conf *conf,
		       const char **reason)
{
	conf->val[0] = HST_DEFAULT_BASE;
	conf->val[1] = 0;
	if (as->argc > 2 ||
	    (as->argc >= 1 && (mpx_parse_uint(mpx_args_shift(as), &conf->val[0]) ||
			       conf->val[0] >= HST_FIXED_ONE)) ||
	    (as->argc == 1 && mpx_parse_uint(mpx_args_shift(as), &conf->val[1]))) {
		*reason = "historical-service-time ps: invalid arguments";
		return -EINVAL;
	}
	return 0;
}

static int parse_path(struct mpx_args *as, struct mpx_ps_conf *conf,
		      const char **reason)
{
	if (as->argc > 1) {
		*reason = "historical-service-time ps: incorrect number of arguments";
		return -EINVAL;
	}
	if (as->argc == 1 && mpx_parse_uint(mpx_args_shift(as), &conf->val[0])) {
		*reason = "historical-service-time ps: invalid repeat count";
		return -EINVAL;
	}
	return 0;
}

static void emit_group(struct mpx_buf *b, const struct mpx_ps_conf *conf)
{
	mpx_emit(b, "2 %u %u ", conf->val[0], conf->val[1]);
}

static void emit_path(struct mpx_buf *b, const struct mpx_ps_conf *conf)
{
	mpx_emit(b, "0 ");
}

static const struct mpx_ps_grammar hst_grammar = {
	.name = "historical-service-time",
	.table_args = 1,
	.info_args = 3,
	.parse_group = parse_group,
	.parse_path = parse_path,
	.emit_group = emit_group,
	.emit_path = emit_path,
};

/* (a * b) in 10-bit fixed point, rounded. */
static u64 fixed_mul(u64 a, u64 b)
{
	return (a * b + (HST_FIXED_ONE >> 1)) >> HST_FIXED_SHIFT;
}

static u64 fixed_pow(u64 base, unsigned int n)
{
	u64 r = HST_FIXED_ONE;

	while (n--)
		r = fixed_mul(r, base);
	return r;
}

static int hst_create(struct mpx_pg *pg)
{
	struct hst_group *g = kzalloc(sizeof(*g), GFP_KERNEL);
	unsigned int i;

	if (!g)
		return -ENOMEM;
	g->rotor = alloc_percpu(unsigned int);
	if (!g->rotor) {
		kfree(g);
		return -ENOMEM;
	}
	for (i = 0; i < HST_WEIGHT_COUNT - 1; i++)
		g->weights[i] = fixed_pow(pg->ps_conf.val[0], i + 1);
	g->weights[HST_WEIGHT_COUNT - 1] = 0;
	g->threshold = pg->ps_conf.val[1];
	pg->ps_ctx = g;
	return 0;
}

static void hst_destroy(struct mpx_pg *pg)
{
	struct hst_group *g = pg->ps_ctx;
	unsigned int i;

	for (i = 0; i < pg->nr_paths; i++) {
		kfree(pg->paths[i].ps_ctx);
		pg->paths[i].ps_ctx = NULL;
	}
	if (g)
		free_percpu(g->rotor);
	kfree(g);
	pg->ps_ctx = NULL;
}

static int hst_add_path(struct mpx_pg *pg, struct mpx_path *p, unsigned int argc,
			char **argv, const char **reason)
{
	struct hst_group *g = pg->ps_ctx;
	struct hst_path *h = kzalloc(sizeof(*h), GFP_KERNEL);

	if (!h) {
		*reason = "historical-service-time ps: Error allocating path context";
		return -ENOMEM;
	}
	spin_lock_init(&h->lock);
	h->hst = HST_FIXED_ONE;
	p->ps_ctx = h;
	atomic_inc(&g->valid_count);
	return 0;
}

/* Whether the two averages differ by more than the threshold allows. */
static bool differ(const struct hst_group *g, u64 a, u64 b)
{
	u64 hi = max(a, b), lo = min(a, b);

	return hi > g->threshold * lo;
}

/* < 0: p1 is the better choice now, > 0: p2. */
static long hst_compare(const struct hst_group *g, struct hst_path *p1,
			struct hst_path *p2, u64 now)
{
	u64 hst1 = READ_ONCE(p1->hst), hst2 = READ_ONCE(p2->hst);
	u64 stale1 = READ_ONCE(p1->stale_after), stale2 = READ_ONCE(p2->stale_after);
	long out1 = atomic_read(&p1->outstanding), out2 = atomic_read(&p2->outstanding);
	bool p2_better;

	if (!differ(g, hst1, hst2))
		return out1 - out2;
	/* an idle path whose average has gone stale deserves a new sample */
	if ((!out1 && stale1 < now) || (!out2 && stale2 < now) || (!out1 && !out2))
		return (long)((!out2 ? stale1 : 0) - (!out1 ? stale2 : 0));
	if (out1 == out2) {
		p2_better = hst1 > hst2;
	} else {
		if (out1 >= 1024 || out2 >= 1024) {
			hst1 >>= HST_FIXED_SHIFT;
			hst2 >>= HST_FIXED_SHIFT;
		}
		p2_better = (1 + out1) * hst1 > (1 + out2) * hst2;
	}
	if (p2_better)
		return stale2 < now ? out1 - out2 : 1;
	return stale1 < now ? out1 - out2 : -1;
}

/*
 * The best path by hst_compare(); among equals, the first from a per-CPU
 * rotating start, so that ties spread over the paths as the kernel's
 * selector spreads them (it moves each chosen path to the back).
 */
static struct mpx_path *hst_select_path(struct mpx_pg *pg,
					const struct mpx_path_set *set,
					size_t nr_bytes)
{
	const struct hst_group *g = pg->ps_ctx;
	unsigned int start = mpx_ps_rotor(g->rotor, set->nr);
	struct mpx_path *best = set->paths[start];
	u64 now = ktime_get_ns();
	unsigned int i;

	for (i = 1; i < set->nr; i++) {
		struct mpx_path *p = set->paths[(start + i) % set->nr];

		if (hst_compare(g, p->ps_ctx, best->ps_ctx, now) < 0)
			best = p;
	}
	return best;
}

static void hst_start_io(struct mpx_path *p, size_t nr_bytes)
{
	struct hst_path *h = p->ps_ctx;

	atomic_inc(&h->outstanding);
}

static void hst_end_io(struct mpx_path *p, size_t nr_bytes, u64 start_ns)
{
	const struct hst_group *g = p->pg->ps_ctx;
	struct hst_path *h = p->ps_ctx;
	u64 now = ktime_get_ns(), st, sample, w;
	unsigned long flags;

	spin_lock_irqsave(&h->lock, flags);
	/* overlapping I/Os: a path serves from the later of start and last finish */
	st = now > max(start_ns, h->last_finish) ? now - max(start_ns, h->last_finish) : 0;
	h->last_finish = now;
	sample = min(st << HST_FIXED_SHIFT, HST_FIXED_MAX);
	w = g->weights[min_t(u64, st >> HST_BUCKET_SHIFT, HST_WEIGHT_COUNT - 1)];
	WRITE_ONCE(h->hst, (h->hst * w + sample * (HST_FIXED_ONE - w) +
			    (HST_FIXED_ONE >> 1)) >> HST_FIXED_SHIFT);
	WRITE_ONCE(h->stale_after, now + atomic_read(&g->valid_count) *
			(h->hst >> HST_FIXED_SHIFT));
	atomic_dec(&h->outstanding);
	spin_unlock_irqrestore(&h->lock, flags);
}

static void hst_status_path(struct mpx_buf *b, struct mpx_path *p)
{
	struct hst_path *h = p->ps_ctx;

	mpx_emit(b, "%llu %u %llu ", READ_ONCE(h->hst), atomic_read(&h->outstanding),
		 READ_ONCE(h->stale_after));
}

static struct mpx_ps_type hst_type = {
	.abi_version = MPX_PS_ABI_VERSION,
	.grammar = &hst_grammar,
	.owner = THIS_MODULE,
	.create = hst_create,
	.destroy = hst_destroy,
	.add_path = hst_add_path,
	.select_path = hst_select_path,
	.start_io = hst_start_io,
	.end_io = hst_end_io,
	.status_path = hst_status_path,
};

static int __init hst_init(void)
{
	int r = mpx_ps_register(&hst_type);

	if (!r)
		DMINFO("version 0.1.1 loaded");
	return r;
}

static void __exit hst_exit(void)
{
	mpx_ps_unregister(&hst_type);
}

module_init(hst_init);
module_exit(hst_exit);

MODULE_DESCRIPTION("mpx path selector: historical-service-time");
MODULE_LICENSE("GPL");
MODULE_ALIAS("dm-mpx-ps-historical-service-time");
