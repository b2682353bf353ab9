/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tenant messages (dm-mpx(4)):
 *   tenant set <cgroup-id|default> [weight=N] [prio=N] [iops=N] [bps=N]
 *                          [group=N | paths=<dev>,<dev>...] [nopath=queue|fail]
 *   tenant del <cgroup-id>
 *   tenant budget <N>          (in-flight I/Os the map admits before it shares)
 * Parsed here into a spec; devices are resolved by the caller.
 */
#ifndef MPX_CORE_TENANT_PARSE_H
#define MPX_CORE_TENANT_PARSE_H

#include "core-types.h"
#include "args.h"

#define MPX_TENANT_MAX_PATHS 16
#define MPX_TENANT_MAX_WEIGHT 1000
#define MPX_TENANT_MAX_PRIO 7

enum mpx_tenant_verb { MPX_TENANT_SET, MPX_TENANT_DEL, MPX_TENANT_BUDGET };

struct mpx_tenant_spec {
	enum mpx_tenant_verb verb;
	u64 id;				/* cgroup id (SET, DEL); 0: the default tenant */
	unsigned int budget;		/* BUDGET */
	u32 weight;			/* default 100 */
	u32 prio;			/* default 0 */
	u64 iops, bps;			/* 0: no limit */
	unsigned int group;		/* 1-based; 0: none */
	unsigned int nr_paths;
	const char *paths[MPX_TENANT_MAX_PATHS];	/* point into the message */
	bool fail_if_no_path;
	unsigned int bad_word;		/* on -EINVAL from an option: its index in argv */
};

/*
 * argv[0] is "tenant". paths= is split in place (its commas become NULs).
 * 0, or -EINVAL with a reason; when an option is wrong, ret->bad_word
 * (else 0) says which word, for the caller's message.
 */
int mpx_tenant_parse(unsigned int argc, char **argv, struct mpx_tenant_spec *ret,
		     const char **reason);

#endif
