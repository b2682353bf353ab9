// SPDX-License-Identifier: GPL-2.0-only
/*
 * The commands that change something: paths failed, reinstated, added or
 * removed; groups switched; maps resized; modules loaded; the
 * configuration reloaded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ctl/cmd-table.h"
#include "ctl/ctl.h"
#include "maps/map-load.h"
#include "maps/map-policy.h"
#include "maps/maps.h"
#include "maps/paths.h"
#include "maps/target.h"
#include "mpxd.h"

int mpxd_cmd_policy_load(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	char why[512];
	int r = mpxd_policy_load(d, q->arg[0], NULL, why, sizeof(why));

	if (r) {
		fprintf(f, "%s", why);
		return r;
	}
	mpxd_maps_sync(d);
	return 0;
}

int mpxd_cmd_policy_unload(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	char why[512];
	int r = mpxd_policy_unload(d, q->arg[0], why, sizeof(why));

	if (r) {
		fprintf(f, "%s", why);
		return r;
	}
	mpxd_maps_sync(d);
	return 0;
}

static int find_path(struct mpxd *d, const char *name, struct mpxd_path **ret, FILE *f)
{
	*ret = mpxd_path_find(d, name);
	if (!*ret) {
		fprintf(f, "no such path: \"%s\"", name);
		return -ENODEV;
	}
	return 0;
}

int mpxd_cmd_fail_reinstate(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	struct mpxd_path *p;
	int r = find_path(d, q->arg[0], &p, f);

	if (r)
		return r;
	if (!p->map) {
		fprintf(f, "path %s is not in a map (%s)", p->a.devnode, p->why_not);
		return -EINVAL;
	}
	if (q->cmd->id == MPX_CMD_FAIL_PATH) {
		p->kernel_active = true;	/* ask even if we think it failed */
		return mpxd_path_fail(d, p, "by the administrator");
	}
	p->kernel_active = false;
	return mpxd_path_reinstate(d, p, "by the administrator");
}

int mpxd_cmd_add_path(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	char syspath[128];
	struct mpxd_path *p;
	const char *dev = q->arg[0];
	int r;

	if (!strncmp(dev, "/dev/", 5))
		dev += 5;
	/* a name in /sys/class/block: ".." and friends would leave it */
	if (!*dev || !strcmp(dev, ".") || !strcmp(dev, "..") || strchr(dev, '/') ||
	    strlen(dev) > 32) {
		fprintf(f, "bad device name \"%s\"", q->arg[0]);
		return -EINVAL;
	}
	snprintf(syspath, sizeof(syspath), "/sys/class/block/%s", dev);
	r = mpxd_path_add(d, syspath, &p);
	if (r) {
		fprintf(f, "cannot add %s", dev);
		return r;
	}
	mpxd_map_assign(d, p);
	mpxd_maps_sync(d);
	if (!p->map)
		fprintf(f, "%s added, not multipathed: %s\n", dev, p->why_not);
	return 0;
}

int mpxd_cmd_del_path(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	struct mpxd_path *p;
	int r = find_path(d, q->arg[0], &p, f);

	if (r)
		return r;
	mpxd_path_remove(d, p);
	mpxd_maps_sync(d);
	return 0;
}

static int find_map(struct mpxd *d, const char *name, struct mpxd_map **ret, FILE *f)
{
	*ret = mpxd_map_find(d, name);
	if (!*ret || !(*ret)->live) {
		fprintf(f, "no such map: \"%s\"", name);
		return -ENODEV;
	}
	return 0;
}

int mpxd_cmd_switch_map(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	struct mpxd_map *m;
	char *end;
	unsigned long g = strtoul(q->arg[1], &end, 10);
	unsigned int groups = 0;
	size_t k;
	int r = find_map(d, q->arg[0], &m, f);

	if (r)
		return r;
	for (k = 0; k < m->nr_paths; k++)
		if (m->paths[k]->pg > groups)
			groups = m->paths[k]->pg;
	if (*end || !g || g > groups) {
		fprintf(f, "map \"%s\" has groups 1 to %u, not \"%s\"", m->name, groups, q->arg[1]);
		return -EINVAL;
	}
	r = mpxd_map_switch(d, m, (unsigned int)g);
	if (!r)
		m->kernel_pg = (unsigned int)g;
	return r;
}

int mpxd_cmd_resize_map(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	struct mpxd_map *m;
	int r = find_map(d, q->arg[0], &m, f);

	if (r)
		return r;
	r = mpxd_map_resize(d, m);
	if (!r)
		fprintf(f, "%s: %llu sectors\n", m->name, (unsigned long long)m->sectors);
	return r;
}

int mpxd_cmd_reconfigure(struct mpxd *d, const struct mpx_cmd_req *q, FILE *f)
{
	int r = mpxd_reconfigure(d);

	if (r)
		fprintf(f, "the new configuration does not load; see mpxd's log");
	else
		mpxd_maps_sync(d);
	return r;
}
