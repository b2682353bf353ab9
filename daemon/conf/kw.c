// SPDX-License-Identifier: GPL-2.0-only
/* Lookups over the keyword tables. */
#include <string.h>
#include "kw.h"

static const struct mpx_kw *const tables[] = {
	mpx_kw_defaults, mpx_kw_map, mpx_kw_devices, mpx_kw_multipaths, mpx_kw_tenants,
	NULL,
};

const struct mpx_kw *mpx_kw_find(const char *name, unsigned int section)
{
	const struct mpx_kw *kw;
	unsigned int t;

	for (t = 0; tables[t]; t++)
		for (kw = tables[t]; kw->name; kw++)
			if ((kw->sections & section) && !strcmp(kw->name, name))
				return kw;
	return NULL;
}

const struct mpx_kw *mpx_kw_by_id(enum mpx_opt id)
{
	const struct mpx_kw *kw;
	unsigned int t;

	for (t = 0; tables[t]; t++)
		for (kw = tables[t]; kw->name; kw++)
			if (kw->id == id)
				return kw;
	return NULL;
}

/* Edit distance, for "did you mean": small strings only. */
static unsigned int distance(const char *a, const char *b)
{
	unsigned int row[64], i, j, prev, tmp;
	size_t la = strlen(a), lb = strlen(b);

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j] > row[j - 1] + 1)
				row[j] = row[j - 1] + 1;
			if (row[j] > tmp + 1)
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[lb];
}

const char *mpx_kw_nearest(const char *name)
{
	const struct mpx_kw *kw;
	const char *best = NULL;
	size_t len = strlen(name);
	/* farther than 3 edits, or a third of a short name: no guess */
	unsigned int t, d, best_d = len >= 8 ? 4 : (unsigned int)len / 3 + 2;

	for (t = 0; tables[t]; t++) {
		for (kw = tables[t]; kw->name; kw++) {
			d = distance(name, kw->name);
			if (d < best_d) {
				best_d = d;
				best = kw->name;
			}
		}
	}
	return best;
}
