// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reference policy module: small, complete, and what the loader tests
 * and the VM bench load. It claims scsi_debug LUNs (the bench's array) and
 * groups their paths by SCSI host, the lowest host first, as a vendor
 * module would group by controller; it names the selector for its groups.
 *
 * Build one like it with: cc -shared -fPIC $(pkg-config --cflags mpx-policy)
 */
#include <stdbool.h>
#include <string.h>
#include <mpx/policy.h>

static int example_match(void *priv, const struct mpx_pol_device *dev, int *ret_score)
{
	*ret_score = !strcmp(dev->vendor, "Linux") && !strcmp(dev->product, "scsi_debug") ?
		     50 : 0;
	return 0;
}

/* How many distinct hosts of the device are below this one. */
static int32_t host_rank(const struct mpx_pol_device *dev, uint32_t host)
{
	int32_t rank = 0;
	uint32_t k, j;

	for (k = 0; k < dev->nr_paths; k++) {
		bool first = true;

		if (dev->paths[k].host >= host)
			continue;
		for (j = 0; j < k; j++)
			first &= dev->paths[j].host != dev->paths[k].host;
		rank += first;
	}
	return rank;
}

static int example_group_paths(void *priv, const struct mpx_pol_device *dev,
			       struct mpx_pol_grouping *ret)
{
	uint32_t i;

	for (i = 0; i < dev->nr_paths; i++) {
		ret->group[i] = host_rank(dev, dev->paths[i].host);
		ret->prio[i] = 100 - ret->group[i];
	}
	strcpy(ret->selector, "round-robin 0");
	return 0;
}

MPX_POLICY_EXPORT const struct mpx_policy mpx_policy = {
	.abi_major = MPX_POLICY_ABI_MAJOR,
	.abi_minor = MPX_POLICY_ABI_MINOR,
	.struct_size = sizeof(struct mpx_policy),
	.name = "example",
	.version = "1.0",
	.match = example_match,
	.group_paths = example_group_paths,
};
