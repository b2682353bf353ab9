/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A map's effective options: the value of every per-map keyword (each row
 * of kw-map.c) for one LUN, by option id, in multipath.conf's precedence,
 * and where each came from. They are filled by walking the rows, so a
 * per-map keyword is written once, as its row, and the maps read
 * m->opts.v[OPT_...].
 *
 * What the LUN says of itself fills what the config leaves unset, as
 * multipath-tools' detect_* keywords do (mpx_conf_map_opts_detect): an
 * ALUA LUN gets prio alua, group_by_prio, the alua hardware handler,
 * failback immediate and the tur checker. Unlike multipath-tools, whose
 * detect_prio replaces even a prio the config sets, a value the config
 * gives (any section, or the built-in device table) is kept: detection
 * takes the place of the keyword's built-in default only.
 */
#ifndef MPX_CONF_MAP_OPTS_H
#define MPX_CONF_MAP_OPTS_H

#include <stdbool.h>
#include <stdio.h>
#include "config.h"

struct mpx_map_opts {
	union mpx_val v[NR_OPTS];	/* only per-map options are filled */
	struct mpx_origin at[NR_OPTS];
};

/*
 * What mpxd found on a LUN's paths. ALUA, as multipath-tools tells it:
 * every path reports target port group support in INQUIRY (TPGS) and
 * names its port group in VPD page 0x83.
 */
struct mpx_lun_facts {
	bool alua;
	bool no_tpgs;		/* no path reports TPGS at all */
	unsigned int tpgs;	/* the paths' TPGS bits, OR-ed: 1 implicit, 2 explicit */
	unsigned int nr_paths;
};

/* Facts of no path yet; then each path's INQUIRY TPGS and VPD 0x83 port group. */
void mpx_lun_facts_init(struct mpx_lun_facts *f);
void mpx_lun_facts_add(struct mpx_lun_facts *f, unsigned int tpgs, bool have_tpg);

/* Strings point into c, or are the rows' constants. */
void mpx_conf_map_opts(const struct mpx_config *c, const struct mpx_dev_id *dev,
		       struct mpx_map_opts *ret);

/* The same, with what facts (may be NULL: nothing known) make of the unset ones. */
void mpx_conf_map_opts_detect(const struct mpx_config *c, const struct mpx_dev_id *dev,
			      const struct mpx_lun_facts *facts, struct mpx_map_opts *ret);

/*
 * Only what a single path needs (path_checker, prio, prio_args), detected
 * as for the map: cheaper than every row, for each path that changes.
 */
void mpx_conf_path_opts(const struct mpx_config *c, const struct mpx_dev_id *dev,
			const struct mpx_lun_facts *facts, struct mpx_map_opts *ret);

/* print.c: every per-map keyword, its value and origin, each line after prefix. */
void mpx_map_opts_print(const struct mpx_map_opts *o, FILE *f, const char *prefix);

#endif
