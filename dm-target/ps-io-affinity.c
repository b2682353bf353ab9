// SPDX-License-Identifier: GPL-2.0-only
/*
 * io-affinity: each CPU submits through the path mapped to it, so an I/O
 * stays on the CPU (and NUMA node) that serves the path's queue. Table
 * grammar and status as the kernel's selector of the same name:
 *
 *   io-affinity 0            (group arguments are ignored)
 *   per path: <cpumask>      (hex, as in sysfs: "3", "00000000,000000f0")
 *
 * A CPU listed by two paths stays with the first. With its path unusable
 * or not in the set to choose from (a tenant's affinity), or no path
 * mapped to it (counted as a miss), a CPU uses a path of the set mapped to
 * a CPU of its node, else the set's first.
 */
#include <linux/cpumask.h>
#include <linux/device-mapper.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/topology.h>
#include <mpx/ps.h>

#define DM_MSG_PREFIX "mpx io-affinity"

struct ioa_group {
	struct mpx_path **cpu_path;	/* nr_cpu_ids entries, set at table load */
	cpumask_var_t mapped;
	atomic_t map_misses;
};

struct ioa_path {
	cpumask_var_t cpus;		/* as written in the table */
};

static int ignore_args(struct mpx_args *as, struct mpx_ps_conf *conf,
		       const char **reason)
{
	return 0;
}

/* Checked for shape here; add_path keeps the mask itself. */
static int parse_path(struct mpx_args *as, struct mpx_ps_conf *conf,
		      const char **reason)
{
	cpumask_var_t mask;
	int r;

	if (as->argc != 1) {
		*reason = "io-affinity ps: invalid number of arguments";
		return -EINVAL;
	}
	if (!zalloc_cpumask_var(&mask, GFP_KERNEL)) {
		*reason = "io-affinity ps: Error allocating cpumask context";
		return -ENOMEM;
	}
	r = cpumask_parse(mpx_args_shift(as), mask);
	free_cpumask_var(mask);
	if (r) {
		*reason = "io-affinity ps: invalid cpumask";
		return -EINVAL;
	}
	return 0;
}

static void emit_no_group_status(struct mpx_buf *b, const struct mpx_ps_conf *conf)
{
	mpx_emit(b, "0 ");
}

/* The mask is the path's own state: table_path prints it. */
static void emit_nothing(struct mpx_buf *b, const struct mpx_ps_conf *conf)
{
}

static const struct mpx_ps_grammar ioa_grammar = {
	.name = "io-affinity",
	.table_args = 1,
	.info_args = 1,
	.parse_group = ignore_args,
	.parse_path = parse_path,
	.emit_group = emit_no_group_status,
	.emit_path = emit_nothing,
};

static int ioa_create(struct mpx_pg *pg)
{
	struct ioa_group *g = kzalloc(sizeof(*g), GFP_KERNEL);

	if (!g)
		return -ENOMEM;
	g->cpu_path = kcalloc(nr_cpu_ids, sizeof(*g->cpu_path), GFP_KERNEL);
	if (!g->cpu_path || !zalloc_cpumask_var(&g->mapped, GFP_KERNEL)) {
		kfree(g->cpu_path);
		kfree(g);
		return -ENOMEM;
	}
	pg->ps_ctx = g;
	return 0;
}

static void ioa_destroy(struct mpx_pg *pg)
{
	struct ioa_group *g = pg->ps_ctx;
	unsigned int i;

	for (i = 0; i < pg->nr_paths; i++) {
		struct ioa_path *ip = pg->paths[i].ps_ctx;

		if (ip) {
			free_cpumask_var(ip->cpus);
			kfree(ip);
		}
		pg->paths[i].ps_ctx = NULL;
	}
	if (g) {
		free_cpumask_var(g->mapped);
		kfree(g->cpu_path);
		kfree(g);
	}
	pg->ps_ctx = NULL;
}

static int ioa_add_path(struct mpx_pg *pg, struct mpx_path *p, unsigned int argc,
			char **argv, const char **reason)
{
	struct ioa_group *g = pg->ps_ctx;
	struct ioa_path *ip;
	unsigned int cpu, mapped = 0;

	ip = kzalloc(sizeof(*ip), GFP_KERNEL);
	if (!ip || !zalloc_cpumask_var(&ip->cpus, GFP_KERNEL)) {
		kfree(ip);
		*reason = "io-affinity ps: Error allocating cpumask context";
		return -ENOMEM;
	}
	p->ps_ctx = ip;
	if (argc != 1 || cpumask_parse(argv[0], ip->cpus)) {
		*reason = "io-affinity ps: invalid cpumask";
		return -EINVAL;
	}
	for_each_cpu(cpu, ip->cpus) {
		if (cpu >= nr_cpu_ids) {
			DMWARN_LIMIT("Ignoring mapping for CPU %u. Max CPU is %u",
				     cpu, nr_cpu_ids);
			break;
		}
		if (g->cpu_path[cpu]) {
			DMWARN("CPU mapping for %u exists. Ignoring.", cpu);
			continue;
		}
		g->cpu_path[cpu] = p;
		cpumask_set_cpu(cpu, g->mapped);
		mapped++;
	}
	if (!mapped) {
		*reason = "io-affinity ps: No new/valid CPU mapping found";
		return -EINVAL;
	}
	return 0;
}

static bool in_set(const struct mpx_path_set *set, const struct mpx_path *p)
{
	unsigned int i;

	for (i = 0; i < set->nr; i++)
		if (set->paths[i] == p)
			return true;
	return false;
}

/* The first path of the set mapped to a CPU of cpus, or NULL. */
static struct mpx_path *set_path_of(const struct mpx_path_set *set, const struct cpumask *cpus)
{
	unsigned int i;

	for (i = 0; i < set->nr; i++) {
		const struct ioa_path *ip = set->paths[i]->ps_ctx;

		if (READ_ONCE(set->paths[i]->active) && cpumask_intersects(ip->cpus, cpus))
			return set->paths[i];
	}
	return NULL;
}

/*
 * The choice is made within the set it is given: the group's usable paths,
 * or a tenant's affinity paths among them, which the CPU's own path may
 * not be part of.
 */
static struct mpx_path *ioa_select_path(struct mpx_pg *pg,
					const struct mpx_path_set *set,
					size_t nr_bytes)
{
	struct ioa_group *g = pg->ps_ctx;
	unsigned int cpu = get_cpu();
	struct mpx_path *p = g->cpu_path[cpu];

	put_cpu();
	if (p && READ_ONCE(p->active) && in_set(set, p))
		return p;
	if (!p)
		atomic_inc(&g->map_misses);
	p = set_path_of(set, cpumask_of_node(cpu_to_node(cpu)));
	return p ? p : set->paths[0];
}

static void ioa_status_path(struct mpx_buf *b, struct mpx_path *p)
{
	const struct ioa_group *g = p->pg->ps_ctx;

	mpx_emit(b, "%d ", atomic_read(&g->map_misses));
}

static void ioa_table_path(struct mpx_buf *b, struct mpx_path *p)
{
	const struct ioa_path *ip = p->ps_ctx;

	mpx_emit(b, "%*pb ", cpumask_pr_args(ip->cpus));
}

static struct mpx_ps_type ioa_type = {
	.abi_version = MPX_PS_ABI_VERSION,
	.grammar = &ioa_grammar,
	.owner = THIS_MODULE,
	.create = ioa_create,
	.destroy = ioa_destroy,
	.add_path = ioa_add_path,
	.select_path = ioa_select_path,
	.status_path = ioa_status_path,
	.table_path = ioa_table_path,
};

static int __init ioa_init(void)
{
	return mpx_ps_register(&ioa_type);
}

static void __exit ioa_exit(void)
{
	mpx_ps_unregister(&ioa_type);
}

module_init(ioa_init);
module_exit(ioa_exit);

MODULE_DESCRIPTION("mpx path selector: io-affinity");
MODULE_LICENSE("GPL");
MODULE_ALIAS("dm-mpx-ps-io-affinity");
