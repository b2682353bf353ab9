// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>
#include "kw.h"
#include "map-opts.h"

void mpx_conf_map_opts(const struct mpx_config *c, const struct mpx_dev_id *dev,
		       struct mpx_map_opts *ret)
{
	const struct mpx_kw *kw;

	memset(ret, 0, sizeof(*ret));
	for (kw = mpx_kw_map; kw->name; kw++)
		ret->v[kw->id] = mpx_conf_get(c, kw->id, dev, NULL);
}
