/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's side of policy modules: which module a map uses, and the
 * hooks called with mpxd's own paths and maps (turned into the wire's
 * value types here, so policy/ never sees them). Loading and unloading
 * go through here too: a module that comes or goes has maps choose again.
 */
#ifndef MPXD_MAPS_MAP_POLICY_H
#define MPXD_MAPS_MAP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "checkers/checker.h"
#include "policy/policy.h"

struct mpxd;
struct mpxd_map;
struct mpxd_path;
struct mpx_sg_result;

void mpxd_wire_path(const struct mpxd_path *p, struct mpxw_path *w);
void mpxd_wire_device(const struct mpxd_map *m, struct mpxw_device *w);

/*
 * The module a map uses: the one its configuration names ("policy"), else
 * the loaded module whose match hook scores the LUN highest, else none
 * (the built-in grouping, path_grouping_policy).
 */
void mpxd_policy_choose(struct mpxd *d, struct mpxd_map *m);
/* What the map's module makes of a SCSI outcome on p; 0 when it has no opinion. */
int mpxd_policy_analyze(struct mpxd *d, struct mpxd_path *p, const struct mpx_sg_result *s);
/*
 * What the map's module makes of an I/O error the kernel target reported on
 * p: its class (enum mpx_err_class), whether it failed the path, the
 * path's error count, and the evidence gathered since (tur: what the
 * diagnostic TUR said; one that got no answer is shown to the module as a
 * transport error). 0: no opinion.
 */
int mpxd_policy_analyze_kernel(struct mpxd *d, struct mpxd_path *p, enum mpx_path_state tur,
			       const struct mpx_diagnosis *dg, int cause, bool failed,
			       uint64_t errors);
/*
 * The paths the module says share @failed's broken component: each gets
 * fn(). -ENOSYS without the hook (the caller checks the host's siblings).
 */
int mpxd_policy_affected(struct mpxd *d, struct mpxd_path *failed,
			 void (*fn)(struct mpxd *d, struct mpxd_path *p, struct mpxd_path *failed));
/* Ask the map's module to make group @group (0-based, its numbering) usable. */
int mpxd_policy_activate(struct mpxd *d, struct mpxd_map *m, unsigned int group);

/* Loading and unloading; every map chooses its module again before its next load. */
int mpxd_policy_load(struct mpxd *d, const char *file, struct mpxd_policy **ret, char *why,
		     size_t why_len);
int mpxd_policy_unload(struct mpxd *d, const char *name, char *why, size_t why_len);
void mpxd_policies_load_dir(struct mpxd *d, bool only_if_changed);
void mpxd_policies_free(struct mpxd *d);
struct mpxd_policy *mpxd_policy_find(struct mpxd *d, const char *name);

#endif
