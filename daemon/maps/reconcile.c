// SPDX-License-Identifier: GPL-2.0-only
/*
 * After a device-mapper event: read what the target says about each of our
 * maps and take it in. A path the kernel failed on an I/O error is marked
 * at once, and its errors go to maps/kernel-errors.c, which diagnoses it
 * and checks its siblings now, not at the next poll;
 * the group serving I/O is noted for failback. Maps removed behind our
 * back are forgotten, not recreated.
 */
#include <string.h>
#include <mpx/table.h>
#include "base/clock.h"
#include "maps/kernel-errors.h"
#include "maps/path-checks.h"
#include "maps/path-marginal.h"
#include "maps/reconcile.h"
#include "mpxd.h"
#include "seams/dm-seam.h"
#include "seams/dm-status.h"

/*
 * How many I/O failures of p's own this status shows: the one place mpxd
 * reads them. The target counts every I/O that ended in error on a path
 * (dm-mpx(4): the last word of each path) and fails the path at the first
 * error that is the path's and not the LUN's; the rest of such a burst
 * were in flight on that same failure, as multipath-tools counts them. So
 * a failure is the path going from A to F with its count risen. A count
 * risen on a path still active is the LUN's (medium, reservation
 * conflict: kernel-errors.c), and A to F with no new error is an
 * activation that failed, not I/O. A target that shows no error record
 * (last_error -1) leaves A to F alone to say it.
 */
static unsigned int io_failures(const struct mpxd_path *p, const struct mpx_status_path *sp)
{
	if (!p->kernel_active || sp->active)
		return 0;
	if (sp->last_error < 0)
		return 1;
	if (sp->last_error == MPX_ERR_NONE)
		return 0;	/* failed with no error in this table: a message or a reload */
	/* a reloaded table counts from 0 again */
	return sp->errors != p->kernel_errors ? 1 : 0;
}

static void take_status(struct mpxd *d, struct mpxd_map *m, const struct mpx_status *s)
{
	uint64_t now = mpxd_now();
	unsigned int i, n;
	bool erred;
	size_t k;

	m->kernel_pg = s->pg_num;
	for (i = 0; i < s->nr_paths; i++) {
		const struct mpx_status_path *sp = &s->paths[i];

		for (k = 0; k < m->nr_paths; k++) {
			struct mpxd_path *p = m->paths[k];
			bool failed_now = p->kernel_active && !sp->active;

			if (strcmp(p->a.devno, sp->dev))
				continue;
			for (n = io_failures(p, sp); n; n--)
				mpxd_marginal_io_failed(d, p, now);
			if (p->kernel_active == sp->active) {
				if (sp->last_error >= 0)
					mpxd_kernel_status(d, p, sp->last_error, sp->errors, false);
				continue;
			}
			p->kernel_active = sp->active;
			/*
			 * Failed with no error since the table was loaded: by a
			 * fail_path message or in a table someone else loaded, not
			 * by I/O. Nothing for the error policy; a check says more.
			 */
			erred = sp->last_error > MPX_ERR_NONE;
			if (sp->last_error >= 0)
				mpxd_kernel_status(d, p, sp->last_error, sp->errors,
						   failed_now && erred);
			if (!sp->active) {
				if (erred)
					continue;	/* kernel-errors.c reacts */
				log_warning(
					&d->log, "map \"%s\": path %s (%s) failed by the kernel%s",
					m->name, p->a.devnode, p->a.devno,
					sp->last_error == MPX_ERR_NONE ? " with no I/O error" : "");
				mpxd_check_soon(d, p);
			} else {
				log_notice(&d->log, "map \"%s\": path %s (%s) reinstated outside mpxd",
					   m->name, p->a.devnode, p->a.devno);
			}
		}
	}
}

int mpxd_reconcile(struct mpxd *d)
{
	struct mpx_dm_map *maps = NULL;
	size_t n = 0, i, k;
	int r;

	r = mpx_dm_list_maps(&maps, &n);
	if (r)
		return log_err_errno(&d->log, r, "cannot read device-mapper maps");
	log_debug(&d->log, "device-mapper event: %zu maps", n);
	for (k = 0; k < d->nr_maps; k++) {
		struct mpxd_map *m = d->maps[k];
		bool found = false;

		if (!m->live)
			continue;
		for (i = 0; i < n; i++) {
			struct mpx_status s;

			if (strcmp(maps[i].name, m->name))
				continue;
			found = true;
			if (mpx_status_parse(maps[i].status, &s)) {
				log_warning(&d->log, "map \"%s\": unexpected status \"%s\"",
					    m->name, maps[i].status);
				break;
			}
			take_status(d, m, &s);
			mpx_status_free(&s);
			break;
		}
		if (!found) {
			log_warning(&d->log, "map \"%s\" was removed outside mpxd", m->name);
			m->live = false;
		}
	}
	mpx_dm_maps_free(maps, n);
	return 0;
}
