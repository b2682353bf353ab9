/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A map's effective options: the value of every per-map keyword (each row
 * of kw-map.c) for one LUN, by option id, in multipath.conf's precedence.
 * They are filled by walking the rows, so a per-map keyword is written
 * once, as its row, and the maps read m->opts.v[OPT_...].
 */
#ifndef MPX_CONF_MAP_OPTS_H
#define MPX_CONF_MAP_OPTS_H

#include "config.h"

struct mpx_map_opts {
	union mpx_val v[NR_OPTS];	/* only per-map options are filled */
};

/* Strings point into c, or are the rows' constants. */
void mpx_conf_map_opts(const struct mpx_config *c, const struct mpx_dev_id *dev,
		       struct mpx_map_opts *ret);

#endif
