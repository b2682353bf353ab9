// SPDX-License-Identifier: GPL-2.0-only
/*
 * A selector built for an ABI dm-mpx does not have: registration must be
 * refused with a message naming both versions (vm/selector-modules.sh).
 */
#include <linux/module.h>
#include <mpx/ps.h>

static int no_args(struct mpx_args *as, struct mpx_ps_conf *conf, const char **reason)
{
	return 0;
}

static void emit_nothing(struct mpx_buf *b, const struct mpx_ps_conf *conf)
{
}

static const struct mpx_ps_grammar bad_grammar = {
	.name = "bad-abi",
	.parse_group = no_args,
	.parse_path = no_args,
	.emit_group = emit_nothing,
	.emit_path = emit_nothing,
};

static struct mpx_path *bad_select_path(struct mpx_pg *pg, const struct mpx_path_set *set,
					size_t nr_bytes)
{
	return set->paths[0];
}

static struct mpx_ps_type bad_type = {
	.abi_version = MPX_PS_ABI_VERSION + 98,
	.grammar = &bad_grammar,
	.owner = THIS_MODULE,
	.select_path = bad_select_path,
};

static int __init bad_init(void)
{
	return mpx_ps_register(&bad_type);
}

static void __exit bad_exit(void)
{
	mpx_ps_unregister(&bad_type);
}

module_init(bad_init);
module_exit(bad_exit);
MODULE_LICENSE("GPL");
