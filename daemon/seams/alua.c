// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>
#include "seams/alua.h"

/*
 * The priorities multipath-tools' alua prioritizer gives, so that
 * group_by_prio groups and orders paths the same way: optimized above
 * non-optimized above standby; a preferred port adds 80.
 */
int mpx_alua_prio(enum mpx_alua state, bool preferred)
{
	int prio;

	switch (state) {
	case MPX_ALUA_OPTIMIZED:
		prio = 50;
		break;
	case MPX_ALUA_NON_OPTIMIZED:
		prio = 10;
		break;
	case MPX_ALUA_STANDBY:
		prio = 1;
		break;
	default:
		prio = 0;
		break;
	}
	return prio + (preferred ? 80 : 0);
}

static const char *const alua_names[] = {
	[MPX_ALUA_UNKNOWN] = "unknown",
	[MPX_ALUA_OPTIMIZED] = "active/optimized",
	[MPX_ALUA_NON_OPTIMIZED] = "active/non-optimized",
	[MPX_ALUA_STANDBY] = "standby",
	[MPX_ALUA_UNAVAILABLE] = "unavailable",
	[MPX_ALUA_TRANSITIONING] = "transitioning",
	[MPX_ALUA_OFFLINE] = "offline",
};

const char *mpx_alua_name(enum mpx_alua state)
{
	return alua_names[state];
}

enum mpx_alua mpx_alua_parse(const char *text)
{
	size_t n = strcspn(text, "\n");
	unsigned int i;

	for (i = 1; i < sizeof(alua_names) / sizeof(alua_names[0]); i++)
		if (strlen(alua_names[i]) == n && !strncmp(text, alua_names[i], n))
			return (enum mpx_alua)i;
	return MPX_ALUA_UNKNOWN;
}
