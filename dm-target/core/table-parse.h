/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The mpx table line: the kernel multipath target's grammar, plus mpx's own
 * no_path_timeout feature.
 *
 *   <#features> [<feature>...]
 *   <#hw_handler_args> [<hw_handler> [<hw_arg>...]]
 *   <#priority_groups> <initial_pg>
 *   { <selector> <#selector_args> [<selector_arg>...]
 *     <#paths> <#per_path_args> { <dev> [<per_path_arg>...] }... }...
 *
 * mpx_table_parse() checks everything but the devices (which need the
 * kernel) and fills a struct mpx_table whose strings point into argv. It
 * runs twice: first with no arrays, to validate and count, then with arrays
 * of the counted sizes, so the caller allocates exactly once. Reasons are
 * the kernel target's strings wherever it has one, so that tools that match
 * them keep working.
 */
#ifndef MPX_CORE_TABLE_PARSE_H
#define MPX_CORE_TABLE_PARSE_H

#include "core-types.h"
#include "args.h"
#include "emit.h"

#define MPX_MAX_PGS 1024
#define MPX_MAX_PATHS_PER_PG 1024
#define MPX_PG_INIT_DELAY_UNSET 0xffffffffU
#define MPX_PG_INIT_DELAY_DEFAULT_MS 2000
#define MPX_NO_PATH_TIMEOUT_MAX 86400	/* a day; 0 means none */

enum mpx_queue_mode {
	MPX_QM_RQ = 0,		/* "rq" / "mq" / unset: the kernel target's default */
	MPX_QM_BIO = 1,		/* "bio" */
};

struct mpx_features {
	bool queue_if_no_path;
	bool retain_hw_handler;
	unsigned int pg_init_retries;		/* 0: no retries */
	unsigned int pg_init_delay_ms;		/* MPX_PG_INIT_DELAY_UNSET: default */
	unsigned int queue_mode;		/* enum mpx_queue_mode */
	unsigned int no_path_timeout;		/* seconds, 0: wait forever */
};

struct mpx_pg_spec {
	const struct mpx_ps_grammar *ps;
	struct mpx_ps_conf conf;
	struct mpx_args ps_args;	/* the selector's group arguments */
	unsigned int nr_paths;
	unsigned int first_path;	/* index into mpx_table.paths */
};

struct mpx_path_spec {
	const char *dev;		/* as written in the table */
	struct mpx_args args;		/* its per-path selector arguments */
	struct mpx_ps_conf conf;
};

struct mpx_table {
	struct mpx_features feat;
	const char *hw_handler;		/* NULL: none */
	struct mpx_args hw_args;	/* handler arguments after the name */
	bool hw_dropped;		/* bio mode dropped a handler section */
	unsigned int nr_pgs;
	unsigned int initial_pg;	/* 1-based; 0 with no groups */
	unsigned int nr_paths;		/* in all groups */
	struct mpx_pg_spec *pgs;	/* NULL on the counting pass */
	struct mpx_path_spec *paths;	/* NULL on the counting pass */
	unsigned int pgs_cap;		/* sizes of the two arrays */
	unsigned int paths_cap;
};

/* Finds a selector's grammar by name; NULL when unknown. */
typedef const struct mpx_ps_grammar *(*mpx_ps_lookup_fn)(const char *name,
							  void *data);

int mpx_table_parse(struct mpx_table *t, unsigned int argc, char **argv,
		    mpx_ps_lookup_fn lookup, void *lookup_data,
		    const char **reason);

#endif
