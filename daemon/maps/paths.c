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
#include "conf/map-opts.h"
#include "conf/prio-args.h"
#include "maps/paths.h"
#include "mpxd.h"
#include "prio/prio.h"

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

void mpxd_lun_facts(struct mpxd_path *const *paths, size_t n, struct mpx_lun_facts *ret)
{
	size_t i;

	mpx_lun_facts_init(ret);
	for (i = 0; i < n; i++)
		mpx_lun_facts_add(ret, paths[i]->a.tpgs, paths[i]->a.have_tpg);
}

void mpxd_path_prio(struct mpxd *d, struct mpxd_path *p)
{
	unsigned int timeout =
		(unsigned int)mpx_conf_get(&d->config, OPT_CHECKER_TIMEOUT, NULL, NULL).i;
	struct mpx_prio_path pp;
	char why[128];
	int prio, r;

	/* path_latency takes a while: a worker finds it with the path's next check */
	if (p->prio_kind == MPX_PRIO_PATH_LATENCY)
		return;
	/* what the kernel's alua handler last heard from the array costs no command */
	if (p->prio_kind == MPX_PRIO_ALUA && p->a.have_access_state &&
	    p->a.alua != MPX_ALUA_UNKNOWN) {
		p->prio = mpx_alua_prio(p->a.alua, p->a.alua_preferred,
					mpx_prio_args_exclusive_pref(p->prio_args));
		return;
	}
	/* nor is the loop held by a command to a path that cannot answer */
	if (mpx_prio_does_io(p->prio_kind) && (p->state == MPX_PATH_DOWN || !p->a.scsi_online))
		return;
	mpx_prio_path_from(&p->a, &pp);
	r = mpx_prio_get(p->prio_kind, p->prio_args, &pp, timeout, &prio, why, sizeof(why));
	if (!r) {
		p->prio = prio;
		return;
	}
	/* sysfs before the alua handler is attached: the array says the same */
	if (p->prio_kind == MPX_PRIO_SYSFS &&
	    !mpx_prio_get(MPX_PRIO_ALUA, p->prio_args, &pp, timeout, &prio, why, sizeof(why))) {
		p->prio = prio;
		return;
	}
	log_info(&d->log, "path %s: no priority yet (%s)", p->a.devnode, why);
	p->prio = 0;
}

int mpxd_path_settings(struct mpxd *d, struct mpxd_path *p)
{
	struct mpx_dev_id id = { p->a.vendor, p->a.product, p->a.revision, p->a.wwid };
	struct mpx_map_opts *o = malloc(sizeof(*o));
	struct mpx_lun_facts facts;
	int kind = p->prio_kind;

	if (!o)
		return -ENOMEM;
	/* detection looks at the whole LUN, as the map's own options do */
	if (p->map && p->map->nr_paths)
		mpxd_lun_facts(p->map->paths, p->map->nr_paths, &facts);
	else
		mpxd_lun_facts(&p, 1, &facts);
	mpx_conf_path_opts(&d->config, &id, &facts, o);
	p->checker = (int)o->v[OPT_PATH_CHECKER].i;
	p->prio_kind = (int)o->v[OPT_PRIO].i;
	p->prio_args = o->v[OPT_PRIO_ARGS].s;
	free(o);
	if (kind != p->prio_kind && p->prio_kind == MPX_PRIO_PATH_LATENCY)
		p->prio = 0;	/* until it is measured */
	mpxd_path_prio(d, p);
	return 0;
}

int mpxd_path_refresh(struct mpxd *d, struct mpxd_path *p)
{
	struct mpx_path_attrs a;
	int r;

	r = mpxd_read_attrs(d, p->a.syspath, &a);
	if (r)
		return r;
	mpx_path_attrs_free(&p->a);
	p->a = a;
	return mpxd_path_settings(d, p);
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
		mpxd_path_settings(d, p);
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
	p->prio_kind = -1;
	r = mpxd_path_settings(d, p);	/* checker and prio from the config */
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
