// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>
#include "seams/alua.h"

/* An access state as REPORT TARGET PORT GROUPS codes it. */
static enum mpx_alua rtpg_code(unsigned int code)
{
	switch (code) {
	case 0x0:
		return MPX_ALUA_OPTIMIZED;
	case 0x1:
		return MPX_ALUA_NON_OPTIMIZED;
	case 0x2:
		return MPX_ALUA_STANDBY;
	case 0x3:
		return MPX_ALUA_UNAVAILABLE;
	case 0xe:
		return MPX_ALUA_OFFLINE;
	case 0xf:
		return MPX_ALUA_TRANSITIONING;
	default:
		return MPX_ALUA_UNKNOWN;
	}
}

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

int mpx_rtpg_state(const uint8_t *buf, size_t len, uint16_t tpg, enum mpx_alua *ret)
{
	size_t off = 4, end;

	if (len < 4)
		return -EINVAL;
	end = 4 + ((size_t)buf[0] << 24 | (size_t)buf[1] << 16 | (size_t)buf[2] << 8 | buf[3]);
	if (end > len)
		end = len;
	while (off + 8 <= end) {
		const uint8_t *g = buf + off;

		if (((uint16_t)g[2] << 8 | g[3]) == tpg) {
			*ret = rtpg_code(g[0] & 0x0f);
			return 0;
		}
		off += 8 + 4 * (size_t)g[7];
	}
	return -ENOENT;
}
