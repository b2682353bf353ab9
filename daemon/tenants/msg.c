// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "tenant set" message for one cgroup on one map. A tenant entry names
 * its path affinity in terms an administrator knows (a group, an ALUA
 * target port group, device names); the target wants a group number or
 * maj:min of the map's own paths, so each map gets its own resolution. An
 * affinity that resolves to nothing on a map is left out there: the
 * tenant then uses every path of that map, which is what the target does
 * anyway when none of an affinity's paths is usable.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "mpxd.h"
#include "tenants/tenants.h"

void mpx_tenant_rule_of(const struct mpx_optset *entry, uint64_t id, bool nopath_fail,
			struct mpx_tenant_rule *ret)
{
	const char *aff = mpx_tenant_get(entry, OPT_PATH_AFFINITY).s, *reason;

	memset(ret, 0, sizeof(*ret));
	ret->id = id;
	ret->weight = (unsigned int)mpx_tenant_get(entry, OPT_WEIGHT).i;
	ret->prio = (unsigned int)mpx_tenant_get(entry, OPT_PRIORITY).i;
	ret->iops = (uint64_t)mpx_tenant_get(entry, OPT_IOPS_LIMIT).i;
	ret->bps = (uint64_t)mpx_tenant_get(entry, OPT_BPS_LIMIT).i;
	ret->nopath_fail = nopath_fail;
	/* checked when the config was loaded: a failure here is no affinity */
	if (mpx_affinity_parse(aff, &ret->affinity, &reason))
		ret->affinity.kind = MPX_AFF_NONE;
}

static unsigned int nr_groups(const struct mpxd_map *m)
{
	unsigned int g = 0;
	size_t i;

	for (i = 0; i < m->nr_paths; i++)
		if (m->paths[i]->pg > g)
			g = m->paths[i]->pg;
	return g;
}

/* Append ",maj:min" unless it is there already; false when full. */
static bool add_dev(char *list, size_t len, unsigned int *n, const char *devno)
{
	char item[24];
	const char *p;
	size_t l = strlen(devno);

	for (p = list; (p = strstr(p, devno)); p += l)
		if ((p == list || p[-1] == ',') && (p[l] == ',' || !p[l]))
			return true;
	if (*n == MPX_AFFINITY_MAX_PATHS)
		return false;
	snprintf(item, sizeof(item), "%s%s", *n ? "," : "", devno);
	if (strlen(list) + strlen(item) >= len)
		return false;
	strcat(list, item);
	(*n)++;
	return true;
}

static const char *resolve_paths(const struct mpx_affinity *a, const struct mpxd_map *m,
				 char *list, size_t len)
{
	unsigned int n = 0, i;
	bool missing = false, full = false;
	size_t k;

	list[0] = '\0';
	if (a->kind == MPX_AFF_TPG) {
		for (k = 0; k < m->nr_paths; k++) {
			const struct mpx_path_attrs *pa = &m->paths[k]->a;

			if (pa->have_tpg && pa->tpg == a->n)
				full |= !add_dev(list, len, &n, pa->devno);
		}
		if (!n)
			return "no path of the map is in that target port group";
		return full ? "more than 16 paths in that port group, using the first 16" : NULL;
	}
	for (i = 0; i < a->nr_paths; i++) {
		bool found = false;

		for (k = 0; k < m->nr_paths; k++) {
			const struct mpx_path_attrs *pa = &m->paths[k]->a;

			if (!strcmp(pa->devnode, a->paths[i]) || !strcmp(pa->devno, a->paths[i])) {
				found = true;
				full |= !add_dev(list, len, &n, pa->devno);
			}
		}
		missing |= !found;
	}
	if (!n)
		return "none of its paths is in the map";
	return missing ? "some of its paths are not in the map" : NULL;
}

int mpx_tenant_set_msg(const struct mpx_tenant_rule *rule, const struct mpxd_map *m,
		       char *buf, size_t len, const char **ret_note)
{
	char aff[MPX_AFFINITY_MAX_PATHS * 24] = "", list[sizeof(aff) - 8];
	const char *note = NULL;
	char iops[32] = "", bps[32] = "";
	int n;

	switch (rule->affinity.kind) {
	case MPX_AFF_GROUP:
		if (rule->affinity.n > nr_groups(m))
			note = "the map has fewer groups";
		else
			snprintf(aff, sizeof(aff), " group=%u", rule->affinity.n);
		break;
	case MPX_AFF_TPG:
	case MPX_AFF_PATHS:
		note = resolve_paths(&rule->affinity, m, list, sizeof(list));
		if (list[0])
			snprintf(aff, sizeof(aff), " paths=%s", list);
		break;
	default:
		break;
	}
	if (rule->iops)
		snprintf(iops, sizeof(iops), " iops=%llu", (unsigned long long)rule->iops);
	if (rule->bps)
		snprintf(bps, sizeof(bps), " bps=%llu", (unsigned long long)rule->bps);
	n = snprintf(buf, len, "tenant set %llu weight=%u prio=%u%s%s%s nopath=%s",
		     (unsigned long long)rule->id, rule->weight, rule->prio, iops, bps, aff,
		     rule->nopath_fail ? "fail" : "queue");
	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	if (ret_note)
		*ret_note = note;
	return 0;
}
