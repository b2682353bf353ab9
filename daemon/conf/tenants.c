// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tenants section: "tenants { tenant { name ...; cgroup ...; ... } ... }".
 * Each entry is an option set of the tenant keywords (kw-tenants.c). Entries
 * keep their order across files: the first entry whose cgroup pattern
 * matches a cgroup is the one that applies to it (daemon/tenants.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "conf-internal.h"
#include "kw.h"

static bool has(const struct mpx_optset *o, enum mpx_opt id)
{
	return o->set & (1ULL << id);
}

union mpx_val mpx_tenant_get(const struct mpx_optset *t, enum mpx_opt id)
{
	const struct mpx_kw *kw = mpx_kw_by_id(id);
	union mpx_val v = { 0 };

	if (has(t, id))
		return t->v[id];
	if (kw && (kw->type == KW_STRING || kw->type == KW_REGEX))
		v.s = (char *)kw->def_s;
	else if (kw)
		v.i = kw->def_i;
	return v;
}

static const struct mpx_optset *find_name(const struct mpx_config *c, const char *name,
					  size_t before)
{
	size_t i;

	for (i = 0; i < before; i++)
		if (!strcmp(c->tenants[i].v[OPT_TENANT_NAME].s, name))
			return &c->tenants[i];
	return NULL;
}

/* An entry's required keys, and its name unique over every file read. */
static int check_entry(struct mpx_config *c, size_t idx, const struct conf_node *n,
		       struct conf_error *err)
{
	const struct mpx_optset *o = &c->tenants[idx], *dup;

	if (!has(o, OPT_TENANT_NAME))
		return conf_fail(err, n, "tenant entry without \"name\"");
	if (!has(o, OPT_CGROUP))
		return conf_fail(err, n, "tenant \"%s\" without \"cgroup\"",
				 o->v[OPT_TENANT_NAME].s);
	dup = find_name(c, o->v[OPT_TENANT_NAME].s, idx);
	if (dup)
		return conf_fail(err, n, "tenant \"%s\" is already defined at %s:%u",
				 o->v[OPT_TENANT_NAME].s, dup->at[OPT_TENANT_NAME].file,
				 dup->at[OPT_TENANT_NAME].line);
	return 0;
}

int conf_tenants_apply(struct mpx_config *c, const struct conf_node *sec,
		       struct conf_error *err)
{
	size_t i, k;
	int r;

	for (i = 0; i < sec->nr_children; i++) {
		const struct conf_node *n = &sec->children[i];
		struct mpx_optset *tmp, *o;

		if (n->value || strcmp(n->key, "tenant")) {
			conf_warn(c, n->file, n->line,
				  "\"%s\" in tenants: expected \"tenant { ... }\", ignoring", n->key);
			continue;
		}
		tmp = realloc(c->tenants, (c->nr_tenants + 1) * sizeof(*tmp));
		if (!tmp)
			return -ENOMEM;
		c->tenants = tmp;
		o = &tmp[c->nr_tenants++];
		memset(o, 0, sizeof(*o));
		for (k = 0; k < n->nr_children; k++) {
			r = conf_apply(c, o, S_TENANT, "tenants", (unsigned int)c->nr_tenants,
				       &n->children[k], err);
			if (r)
				return r;
		}
		r = check_entry(c, c->nr_tenants - 1, n, err);
		if (r)
			return r;
	}
	return 0;
}
