// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>
#include "conf-internal.h"
#include "kw.h"
#include "map-opts.h"

/*
 * The entries that apply to the LUN are found once, not once per option:
 * matching the device entries' regular expressions per option made each
 * map's resolution cost the options times the built-in table.
 */
void mpx_conf_map_opts(const struct mpx_config *c, const struct mpx_dev_id *dev,
		       struct mpx_map_opts *ret)
{
	const struct mpx_optset **levels =
		malloc((c->nr_multipaths + c->nr_devices + 2) * sizeof(*levels));
	const struct mpx_kw *kw;
	size_t n;

	memset(ret, 0, sizeof(*ret));
	if (!levels) {
		/* no memory for the list: one option at a time, as slow as before */
		for (kw = mpx_kw_map; kw->name; kw++)
			ret->v[kw->id] = mpx_conf_get(c, kw->id, dev, NULL);
		return;
	}
	n = conf_levels(c, dev, levels);
	for (kw = mpx_kw_map; kw->name; kw++)
		ret->v[kw->id] = conf_get_in(levels, n, kw->id);
	free(levels);
}
