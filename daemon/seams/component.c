// SPDX-License-Identifier: GPL-2.0-only
/* Components two paths share (component.h). */
#include <stdio.h>
#include <string.h>
#include "seams/component.h"

static const char *const kinds[][2] = {
	{ "rport-", "FC remote port" },
	{ "session", "iSCSI session" },
	{ "end_device-", "SAS end device" },
};

/* The sysfs path segment naming a component of kind k, or NULL; its length in *len. */
static const char *segment(const char *syspath, const char *prefix, size_t *len)
{
	const char *s = syspath;

	while ((s = strstr(s, prefix))) {
		if (s > syspath && s[-1] == '/') {
			*len = strcspn(s, "/");
			return s;
		}
		s++;
	}
	return NULL;
}

static bool same_segment(const char *a, const char *b, const char *prefix)
{
	size_t la = 0, lb = 0;
	const char *sa = segment(a, prefix, &la), *sb = segment(b, prefix, &lb);

	return sa && sb && la == lb && !strncmp(sa, sb, la);
}

bool mpx_paths_share_component(const struct mpx_path_attrs *a, const struct mpx_path_attrs *b,
			       char *why, size_t why_len)
{
	size_t k;

	if (!strcmp(a->devnode, b->devnode))
		return false;
	if (a->host == b->host) {
		snprintf(why, why_len, "SCSI host %u", a->host);
		return true;
	}
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if (same_segment(a->syspath, b->syspath, kinds[k][0])) {
			snprintf(why, why_len, "%s", kinds[k][1]);
			return true;
		}
	}
	if (a->port_name[0] && !strcmp(a->port_name, b->port_name)) {
		snprintf(why, why_len, "target port %s", a->port_name);
		return true;
	}
	return false;
}
