// SPDX-License-Identifier: GPL-2.0-only
/*
 * The path registry: every SCSI disk mpxd knows, multipathed or not (a
 * blacklisted or lonely path is kept, with the reason, for "show paths").
 * Which map a path is in is maps.c's business: it calls this file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/clock.h"
#include "maps/paths.h"
#include "mpxd.h"

struct mpxd_path *mpxd_path_find(struct mpxd *d, const char *name)
{
	size_t i;

	if (!strncmp(name, "/dev/", 5))
		name += 5;
	for (i = 0; i < d->nr_paths; i++)
		if (!strcmp(d->paths[i]->a.devnode, name) ||
		    !strcmp(d->paths[i]->a.devno, name))
			return d->paths[i];
	return NULL;
}

static int prio_of(struct mpxd *d, struct mpxd_path *p)
{
	struct mpx_dev_id id = { p->a.vendor, p->a.product, p->a.revision, p->a.wwid };
	long long prio = mpx_conf_get(&d->config, OPT_PRIO, &id, NULL).i;

	/* const: every path alike; alua / sysfs: by the ALUA access state */
	return prio ? mpx_alua_prio(p->a.alua, p->a.alua_preferred) : 1;
}

int mpxd_path_refresh(struct mpxd *d, struct mpxd_path *p)
{
	struct mpx_path_attrs a;
	struct mpx_dev_id id;
	int r;

	r = mpxd_read_attrs(d, p->a.syspath, &a);
	if (r)
		return r;
	mpx_path_attrs_free(&p->a);
	p->a = a;
	id = (struct mpx_dev_id){ a.vendor, a.product, a.revision, a.wwid };
	p->checker = (int)mpx_conf_get(&d->config, OPT_PATH_CHECKER, &id, NULL).i;
	p->prio = prio_of(d, p);
	return 0;
}

int mpxd_path_add(struct mpxd *d, const char *syspath, struct mpxd_path **ret)
{
	struct mpxd_path *p, **tmp;
	struct mpx_path_attrs a;
	int r;

	r = mpxd_read_attrs(d, syspath, &a);
	if (r)
		return r;	/* -ENODEV: not a SCSI disk; nothing to do */
	p = mpxd_path_find(d, a.devnode);
	if (p) {
		/* a "change" or a re-add of a disk we know: take the new facts */
		mpx_path_attrs_free(&p->a);
		p->a = a;
		p->prio = prio_of(d, p);
		*ret = p;
		return 0;
	}
	p = calloc(1, sizeof(*p));
	tmp = realloc(d->paths, (d->nr_paths + 1) * sizeof(*tmp));
	if (!p || !tmp) {
		free(p);
		if (tmp)
			d->paths = tmp;
		mpx_path_attrs_free(&a);
		return -ENOMEM;
	}
	d->paths = tmp;
	p->a = a;
	p->state = MPX_PATH_UNCHECKED;
	p->kernel_active = true;
	p->generation = ++d->next_generation;
	p->state_since = mpxd_now();
	r = mpxd_path_refresh(d, p);	/* checker and prio from the config */
	if (r) {
		mpx_path_attrs_free(&p->a);
		free(p);
		return r;
	}
	d->paths[d->nr_paths++] = p;
	log_info(&d->log, "path %s (%s): %s %s, wwid %s, %s", a.devnode, a.devno,
		 a.vendor, a.product, a.wwid[0] ? a.wwid : "(none)", a.hctl);
	*ret = p;
	return 0;
}

void mpxd_path_drop(struct mpxd *d, struct mpxd_path *p)
{
	size_t i;

	for (i = 0; i < d->nr_paths; i++) {
		if (d->paths[i] != p)
			continue;
		memmove(&d->paths[i], &d->paths[i + 1],
			(d->nr_paths - i - 1) * sizeof(d->paths[0]));
		d->nr_paths--;
		break;
	}
	log_info(&d->log, "path %s (%s) removed", p->a.devnode, p->a.devno);
	mpx_path_attrs_free(&p->a);
	free(p);
}

void mpxd_paths_free(struct mpxd *d)
{
	size_t i;

	for (i = 0; i < d->nr_paths; i++) {
		mpx_path_attrs_free(&d->paths[i]->a);
		free(d->paths[i]);
	}
	free(d->paths);
	d->paths = NULL;
	d->nr_paths = 0;
}
