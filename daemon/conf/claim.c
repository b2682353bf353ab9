// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which paths mpxd multipaths. The udev rule marks a path as a multipath
 * member (so that LVM, systemd and mdadm leave it alone) when this file
 * says mpxd will take it; mpxd takes what it says. One answer for both,
 * or a path would be hidden from the host with no map to reach it by.
 */
#include <stdio.h>
#include <string.h>
#include "config.h"

bool mpx_conf_path_eligible(const struct mpx_config *c, const struct mpx_path_id *p, char *why,
			    size_t len)
{
	size_t i;

	if (!p->wwid || !p->wwid[0]) {
		snprintf(why, len, "no WWID");
		return false;
	}
	if (mpx_conf_blacklisted(c, p, why, len))
		return false;
	for (i = 0; i < c->nr_devices; i++) {
		const struct mpx_optset *o = &c->devices[i];

		if (o->have_re && p->vendor && p->product &&
		    !regexec(&o->vendor_re, p->vendor, 0, NULL, 0) &&
		    !regexec(&o->blacklist_re, p->product, 0, NULL, 0)) {
			snprintf(why, len, "product_blacklist of devices[%zu]", i + 1);
			return false;
		}
	}
	return true;
}

static bool in_multipaths(const struct mpx_config *c, const char *wwid)
{
	size_t i;

	for (i = 0; i < c->nr_multipaths; i++)
		if (!strcmp(c->multipaths[i].v[OPT_WWID].s, wwid))
			return true;
	return false;
}

bool mpx_conf_wants_map(const struct mpx_config *c, const char *wwid, bool known, size_t nr_paths,
			char *why, size_t len)
{
	long long find = mpx_conf_get(c, OPT_FIND_MULTIPATHS, NULL, NULL).i;

	if (find == MPX_FIND_NO || in_multipaths(c, wwid))
		return true;
	if (find == MPX_FIND_STRICT) {
		snprintf(why, len, "wwid not in multipaths (find_multipaths strict)");
		return false;
	}
	if (known || nr_paths >= 2)
		return true;
	snprintf(why, len, "single path (find_multipaths %s)",
		 find == MPX_FIND_SMART ? "smart" : "yes");
	return false;
}
