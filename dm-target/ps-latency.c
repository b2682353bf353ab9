// SPDX-License-Identifier: GPL-2.0-only
/*
 * latency: the path expected to complete an I/O soonest, by what the
 * paths have actually been doing: an exponentially weighted moving average
 * of each path's completion latency, times the I/Os it has in flight plus
 * this one.
 *
 *   latency <#args> [<probe_ms>]   (default 100, 1..60000)
 *   per path: no arguments
 *
 * A slow path gets little I/O and so few new samples; to notice when it is
 * fast again, any path not used for probe_ms gets the next I/O (one CPU
 * wins that race per interval), and a path with no sample yet is tried
 * first. A sample under half the average halves the distance to it at
 * once: with the usual 1/8 weight, a path that was 50 times slower needs
 * about 30 probes (seconds at the default interval) before it is picked
 * again, while a path that is still slow pays this back with its next few
 * completions. No lock: samples and timestamps are single atomic words,
 * and a lost update between two CPUs only costs one sample.
 */
#include <linux/device-mapper.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <mpx/ps.h>

#define DM_MSG_PREFIX "mpx latency"
#define LAT_DEFAULT_PROBE_MS 100
#define LAT_MAX_PROBE_MS 60000
#define LAT_EWMA_SHIFT 3		/* new sample weighs 1/8 */

struct lat_path {
	atomic64_t ewma_ns;		/* 0: no sample yet */
	atomic64_t last_pick_ns;
};

static int parse_group(struct mpx_args *as, struct mpx_ps_conf *conf,
		       const char **reason)
{
	conf->val[0] = LAT_DEFAULT_PROBE_MS;
	if (as->argc > 1 ||
	    (as->argc == 1 && (mpx_parse_uint(mpx_args_shift(as), &conf->val[0]) ||
			       !conf->val[0] || conf->val[0] > LAT_MAX_PROBE_MS))) {
		*reason = "latency ps: probe interval must be 1 to 60000 ms";
		return -EINVAL;
	}
	return 0;
}

static int parse_path(struct mpx_args *as, struct mpx_ps_conf *conf,
		      const char **reason)
{
	if (as->argc) {
		*reason = "latency ps: paths take no arguments";
		return -EINVAL;
	}
	return 0;
}

static void emit_group(struct mpx_buf *b, const struct mpx_ps_conf *conf)
{
	mpx_emit(b, "1 %u ", conf->val[0]);
}

static void emit_path(struct mpx_buf *b, const struct mpx_ps_conf *conf)
{
}

static const struct mpx_ps_grammar lat_grammar = {
	.name = "latency",
	.table_args = 0,
	.info_args = 2,
	.parse_group = parse_group,
	.parse_path = parse_path,
	.emit_group = emit_group,
	.emit_path = emit_path,
};

static void lat_destroy(struct mpx_pg *pg)
{
	unsigned int i;

	for (i = 0; i < pg->nr_paths; i++) {
		kfree(pg->paths[i].ps_ctx);
		pg->paths[i].ps_ctx = NULL;
	}
}

static int lat_add_path(struct mpx_pg *pg, struct mpx_path *p, unsigned int argc,
			char **argv, const char **reason)
{
	p->ps_ctx = kzalloc(sizeof(struct lat_path), GFP_KERNEL);
	if (!p->ps_ctx) {
		*reason = "latency ps: Error allocating path context";
		return -ENOMEM;
	}
	return 0;
}

/* Claim a probe of a path idle for probe_ns: true for one caller only. */
static bool claim_probe(struct lat_path *lp, u64 now, u64 probe_ns)
{
	s64 last = atomic64_read(&lp->last_pick_ns);

	return now - (u64)last > probe_ns &&
	       atomic64_cmpxchg(&lp->last_pick_ns, last, now) == last;
}

static struct mpx_path *lat_select_path(struct mpx_pg *pg,
					const struct mpx_path_set *set,
					size_t nr_bytes)
{
	u64 now = ktime_get_ns(), probe_ns = pg->ps_conf.val[0] * NSEC_PER_MSEC;
	u64 best_cost = U64_MAX, cost, ewma;
	struct mpx_path *best = set->paths[0];
	unsigned int i;

	for (i = 0; i < set->nr; i++) {
		struct mpx_path *p = set->paths[i];
		struct lat_path *lp = p->ps_ctx;

		ewma = atomic64_read(&lp->ewma_ns);
		if (!ewma || (set->nr > 1 && claim_probe(lp, now, probe_ns)))
			return p;	/* unknown or not sampled for a while */
		cost = ewma * (atomic_read(&p->in_flight) + 1);
		if (cost < best_cost) {
			best_cost = cost;
			best = p;
		}
	}
	atomic64_set(&((struct lat_path *)best->ps_ctx)->last_pick_ns, now);
	return best;
}

static void lat_end_io(struct mpx_path *p, size_t nr_bytes, u64 start_ns)
{
	struct lat_path *lp = p->ps_ctx;
	u64 now = ktime_get_ns(), lat = now > start_ns ? now - start_ns : 1;
	s64 old = atomic64_read(&lp->ewma_ns);

	if (!old)
		atomic64_set(&lp->ewma_ns, lat);
	else if (lat < (u64)old / 2)
		atomic64_set(&lp->ewma_ns, (old + lat) / 2);
	else
		atomic64_set(&lp->ewma_ns, old - (old >> LAT_EWMA_SHIFT) +
			     (lat >> LAT_EWMA_SHIFT));
}

static void lat_status_path(struct mpx_buf *b, struct mpx_path *p)
{
	struct lat_path *lp = p->ps_ctx;

	mpx_emit(b, "%llu %d ", atomic64_read(&lp->ewma_ns) / NSEC_PER_USEC,
		 atomic_read(&p->in_flight));
}

static struct mpx_ps_type lat_type = {
	.abi_version = MPX_PS_ABI_VERSION,
	.grammar = &lat_grammar,
	.owner = THIS_MODULE,
	.destroy = lat_destroy,
	.add_path = lat_add_path,
	.select_path = lat_select_path,
	.end_io = lat_end_io,
	.status_path = lat_status_path,
};

static int __init lat_init(void)
{
	int r = mpx_ps_register(&lat_type);

	if (!r)
		DMINFO("version 1.0.0 loaded");
	return r;
}

static void __exit lat_exit(void)
{
	mpx_ps_unregister(&lat_type);
}

module_init(lat_init);
module_exit(lat_exit);

MODULE_DESCRIPTION("mpx path selector: latency (EWMA of completion time, probes idle paths)");
MODULE_LICENSE("GPL");
MODULE_ALIAS("dm-mpx-ps-latency");
