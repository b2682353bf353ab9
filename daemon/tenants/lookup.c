// SPDX-License-Identifier: GPL-2.0-only
/*
 * Finding things: a tenant entry by name, a followed cgroup by id, a map's
 * use of a cgroup. Below every other tenant file, so that none of them
 * needs to call another one up for a lookup.
 */
#include <string.h>
#include "mpxd.h"
#include "tenants/tenants.h"

const struct mpx_optset *mpxd_tenant_entry(const struct mpxd *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->config.nr_tenants; i++)
		if (!strcmp(d->config.tenants[i].v[OPT_TENANT_NAME].s, name))
			return &d->config.tenants[i];
	return NULL;
}

struct mpxd_cgroup *mpxd_tenant_cgroup(struct mpxd *d, uint64_t id)
{
	struct mpxd_tenants *t = &d->tenants;
	size_t i;

	for (i = 0; i < t->nr_cg; i++)
		if (t->cg[i].id == id)
			return &t->cg[i];
	return NULL;
}

struct mpxd_tenant_use *mpxd_tenant_use(const struct mpxd_map *m, uint64_t id)
{
	size_t i;

	for (i = 0; m->tenants && i < m->tenants->nr_uses; i++)
		if (m->tenants->uses[i].id == id)
			return &m->tenants->uses[i];
	return NULL;
}
