// SPDX-License-Identifier: GPL-2.0-only
/*
 * Plugins that must be refused or survived, one per -DBAD_<KIND> build:
 * a wrong ABI major, a newer minor, a short struct_size, no group_paths,
 * a bad name, a failing init, no exported symbol, a group_paths that
 * crashes, one that hangs, and one that always fails.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <mpx/policy.h>

static int match_all(void *priv, const struct mpx_pol_device *dev, int *ret_score)
{
	*ret_score = 90;
	return 0;
}

__attribute__((unused))
static int group(void *priv, const struct mpx_pol_device *dev, struct mpx_pol_grouping *ret)
{
	uint32_t i;

#if defined(BAD_CRASH)
	raise(SIGSEGV);
#elif defined(BAD_HANG)
	for (;;)
		pause();
#elif defined(BAD_FAIL)
	return -EIO;
#endif
	for (i = 0; i < dev->nr_paths; i++) {
		ret->group[i] = 0;
		ret->prio[i] = 1;
	}
	return 0;
}

#ifdef BAD_INIT
static int init_fails(const struct mpx_host *host, void **ret)
{
	return -ENOTSUP;
}
#endif

#ifndef BAD_NO_SYMBOL
MPX_POLICY_EXPORT
#endif
const struct mpx_policy mpx_policy = {
#ifdef BAD_MAJOR
	.abi_major = MPX_POLICY_ABI_MAJOR + 1,
#else
	.abi_major = MPX_POLICY_ABI_MAJOR,
#endif
#ifdef BAD_MINOR
	.abi_minor = MPX_POLICY_ABI_MINOR + 1,
#else
	.abi_minor = MPX_POLICY_ABI_MINOR,
#endif
#ifdef BAD_SIZE
	.struct_size = 16,
#else
	.struct_size = sizeof(struct mpx_policy),
#endif
#ifdef BAD_NAME
	.name = "Bad Name!",
#else
	.name = BAD_NAME_STR,
#endif
	.version = "test",
#ifdef BAD_INIT
	.init = init_fails,
#endif
	.match = match_all,
#ifndef BAD_NO_GROUP
	.group_paths = group,
#endif
};
