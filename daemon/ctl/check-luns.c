// SPDX-License-Identifier: GPL-2.0-only
/*
 * "mpxd --check-config" on a host: after the configuration, the LUNs mpxd
 * would multipath, each with its options and where each value came from
 * (a config file, the built-in device table, or detected on the LUN, such
 * as ALUA). Read from udev and sysfs as mpxd reads them; no map is made or
 * changed, nothing is written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf/map-opts.h"
#include "ctl/ctl.h"
#include "maps/paths.h"
#include "maps/wwids.h"
#include "seams/path-attrs.h"
#include "seams/udev-seam.h"

struct lun_path {
	struct mpx_path_attrs a;
	bool eligible, done;
	char why[160];
};

static void print_lun(const struct mpx_config *c, struct lun_path *p, size_t n, size_t first,
		      FILE *f)
{
	const char *wwid = p[first].a.wwid;
	const char *file = mpx_conf_get(c, OPT_WWIDS_FILE, NULL, NULL).s;
	struct mpx_dev_id id = { p[first].a.vendor, p[first].a.product, p[first].a.revision, wwid };
	struct mpx_map_opts *o = malloc(sizeof(*o));
	struct mpx_lun_facts facts;
	char why[160] = "";
	size_t i, eligible = 0;
	bool map;

	mpx_lun_facts_init(&facts);
	fprintf(f, "# LUN %s (%s %s), paths", wwid, p[first].a.vendor, p[first].a.product);
	for (i = first; i < n; i++) {
		if (p[i].done || strcmp(p[i].a.wwid, wwid))
			continue;
		p[i].done = true;
		fprintf(f, " %s%s", p[i].a.devnode, p[i].eligible ? "" : " (not eligible)");
		if (!p[i].eligible)
			continue;
		eligible++;
		mpx_lun_facts_add(&facts, p[i].a.tpgs, p[i].a.have_tpg);
	}
	if (!eligible)
		snprintf(why, sizeof(why), "%s", p[first].why);
	map = eligible && mpx_conf_wants_map(c, wwid, mpx_wwids_has(file, wwid) > 0, eligible, why,
					     sizeof(why));
	fprintf(f, ": %s%s\n", map ? "multipathed" : "not multipathed: ", map ? "" : why);
	if (map && o) {
		mpx_conf_map_opts_detect(c, &id, &facts, o);
		mpx_map_opts_print(o, f, "#");
	}
	free(o);
}

int mpxd_check_luns(const struct mpx_config *c, FILE *f)
{
	unsigned int timeout = (unsigned int)mpx_conf_get(c, OPT_CHECKER_TIMEOUT, NULL, NULL).i;
	struct lun_path *p = NULL, *tmp;
	struct udev *u = NULL;
	char **list = NULL;
	size_t n = 0, nr = 0, i;
	int r;

	r = mpx_udev_open(&u);
	if (!r)
		r = mpx_udev_list_disks(u, &list, &n);
	for (i = 0; !r && i < n; i++) {
		tmp = realloc(p, (nr + 1) * sizeof(*p));
		if (!tmp)
			break;
		p = tmp;
		memset(&p[nr], 0, sizeof(p[nr]));
		if (mpx_path_read(u, list[i], timeout, &p[nr].a))
			continue;	/* not a SCSI disk, or gone */
		struct mpx_path_id id = { p[nr].a.devnode,  p[nr].a.wwid,
					  p[nr].a.vendor,   p[nr].a.product,
					  p[nr].a.protocol, (const char *const *)p[nr].a.props };

		p[nr].eligible = mpx_conf_path_eligible(c, &id, p[nr].why, sizeof(p[nr].why));
		nr++;
	}
	if (nr)
		fprintf(f, "# The SCSI LUNs of this host, as mpxd would take them now:\n");
	for (i = 0; i < nr; i++)
		if (!p[i].done && p[i].a.wwid[0])
			print_lun(c, p, nr, i, f);
	for (i = 0; i < nr; i++)
		mpx_path_attrs_free(&p[i].a);
	free(p);
	mpx_udev_list_free(list, n);
	mpx_udev_close(u);
	return r;
}
