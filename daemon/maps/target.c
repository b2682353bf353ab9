// SPDX-License-Identifier: GPL-2.0-only
/* Messages to a map's kernel target (see target.h). */
#include <stdio.h>
#include <mpx/table.h>
#include "maps/persist.h"
#include "maps/target.h"
#include "mpxd.h"
#include "seams/dm-seam.h"

int mpxd_map_message(struct mpxd *d, struct mpxd_map *m, const char *msg)
{
	int r = mpx_dm_message(m->name, msg, NULL);

	if (r)
		log_warning_errno(&d->log, r, "map \"%s\": message \"%s\" failed", m->name, msg);
	return r;
}

int mpxd_map_switch(struct mpxd *d, struct mpxd_map *m, unsigned int pg)
{
	char msg[64];

	snprintf(msg, sizeof(msg), MPX_MSG_SWITCH_GROUP " %u", pg);
	log_notice(&d->log, "map \"%s\": switching to group %u", m->name, pg);
	return mpxd_map_message(d, m, msg);
}

int mpxd_path_fail(struct mpxd *d, struct mpxd_path *p, const char *why)
{
	char msg[64];
	int r;

	/* no map in the kernel yet: its first load fails the paths down then */
	if (!p->map || !p->map->live || !p->kernel_active)
		return 0;
	snprintf(msg, sizeof(msg), MPX_MSG_FAIL_PATH " %s", p->a.devno);
	r = mpxd_map_message(d, p->map, msg);
	if (!r) {
		p->kernel_active = false;
		log_warning(&d->log, "map \"%s\": path %s (%s) failed: %s", p->map->name,
			    p->a.devnode, p->a.devno, why);
	}
	return r;
}

int mpxd_path_reinstate(struct mpxd *d, struct mpxd_path *p, const char *why)
{
	char msg[64];
	int r;

	if (!p->map || !p->map->live || p->kernel_active)
		return 0;
	snprintf(msg, sizeof(msg), MPX_MSG_REINSTATE_PATH " %s", p->a.devno);
	r = mpxd_map_message(d, p->map, msg);
	if (!r) {
		p->kernel_active = true;
		log_notice(&d->log, "map \"%s\": path %s (%s) reinstated: %s", p->map->name,
			   p->a.devnode, p->a.devno, why);
		/* a path back from the dead carries the map's reservation key again */
		mpxd_persist_path_back(d, p);
	}
	return r;
}
