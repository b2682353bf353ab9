// SPDX-License-Identifier: GPL-2.0-only
/*
 * An example path selector module, built out of tree against <mpx/ps.h>
 * the way a third party would (see Kbuild here and man/dm-mpx.4).
 *
 * "example-first" sends every I/O down the first usable path of the group,
 * in table order: a failover order inside one group.
 *
 *   example-first 0
 *   per path: no arguments
 */
#include <linux/module.h>
#include <mpx/ps.h>

static int no_args(struct mpx_args *as, struct mpx_ps_conf *conf, const char **reason)
{
	if (as->argc) {
		*reason = "example-first ps: takes no arguments";
		return -EINVAL;
	}
	return 0;
}

static int any_group_args(struct mpx_args *as, struct mpx_ps_conf *conf,
			  const char **reason)
{
	return 0;
}

static void emit_group(struct mpx_buf *b, const struct mpx_ps_conf *conf)
{
	mpx_emit(b, "0 ");
}

static void emit_path(struct mpx_buf *b, const struct mpx_ps_conf *conf)
{
}

static const struct mpx_ps_grammar example_grammar = {
	.name = "example-first",
	.table_args = 0,
	.info_args = 0,
	.parse_group = any_group_args,
	.parse_path = no_args,
	.emit_group = emit_group,
	.emit_path = emit_path,
};

/* The set keeps table order, so its first entry is the first usable path. */
static struct mpx_path *example_select_path(struct mpx_pg *pg,
					    const struct mpx_path_set *set,
					    size_t nr_bytes)
{
	return set->paths[0];
}

static struct mpx_ps_type example_type = {
	.abi_version = MPX_PS_ABI_VERSION,
	.grammar = &example_grammar,
	.owner = THIS_MODULE,
	.select_path = example_select_path,
};

static int __init example_init(void)
{
	return mpx_ps_register(&example_type);
}

static void __exit example_exit(void)
{
	mpx_ps_unregister(&example_type);
}

module_init(example_init);
module_exit(example_exit);

MODULE_DESCRIPTION("mpx path selector example: example-first");
MODULE_LICENSE("GPL");
MODULE_ALIAS("dm-mpx-ps-example-first");
