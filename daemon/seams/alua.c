// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>
#include "seams/alua.h"

/*
 * The priorities multipath-tools' alua and sysfs prioritizers give, so
 * that group_by_prio groups and orders paths the same way: optimized above
 * non-optimized above LBA-dependent above standby. A preferred port adds
 * 80 unless it is optimized already (with exclusive_pref_bit, always), so
 * a preferred non-optimized port ranks above an optimized one.
 */
int mpx_alua_prio(enum mpx_alua state, bool preferred, bool exclusive_pref)
{
	int prio;

	switch (state) {
	case MPX_ALUA_OPTIMIZED:
		prio = 50;
		break;
	case MPX_ALUA_NON_OPTIMIZED:
		prio = 10;
		break;
	case MPX_ALUA_LBA_DEPENDENT:
		prio = 5;
		break;
	case MPX_ALUA_STANDBY:
		prio = 1;
		break;
	default:
		prio = 0;
		break;
	}
	return prio + (preferred && (prio != 50 || exclusive_pref) ? 80 : 0);
}

static const char *const alua_names[] = {
	[MPX_ALUA_UNKNOWN] = "unknown",
	[MPX_ALUA_OPTIMIZED] = "active/optimized",
	[MPX_ALUA_NON_OPTIMIZED] = "active/non-optimized",
	[MPX_ALUA_STANDBY] = "standby",
	[MPX_ALUA_UNAVAILABLE] = "unavailable",
	[MPX_ALUA_TRANSITIONING] = "transitioning",
	[MPX_ALUA_OFFLINE] = "offline",
	[MPX_ALUA_LBA_DEPENDENT] = "lba-dependent",
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

/* SPC-4 asymmetric access state codes. */
static enum mpx_alua from_code(uint8_t code)
{
	switch (code & 0x0f) {
	case 0x0:
		return MPX_ALUA_OPTIMIZED;
	case 0x1:
		return MPX_ALUA_NON_OPTIMIZED;
	case 0x2:
		return MPX_ALUA_STANDBY;
	case 0x3:
		return MPX_ALUA_UNAVAILABLE;
	case 0x4:
		return MPX_ALUA_LBA_DEPENDENT;
	case 0xe:
		return MPX_ALUA_OFFLINE;
	case 0xf:
		return MPX_ALUA_TRANSITIONING;
	default:
		return MPX_ALUA_UNKNOWN;
	}
}

/*
 * The answer: a 4-byte length (of what follows), or with the extended
 * header format (byte 4 bits 4-6 == 1) 8 bytes; then one 8-byte
 * descriptor per port group followed by 4 bytes per port in it.
 */
int mpx_rtpg_state(const uint8_t *buf, size_t len, uint16_t tpg, enum mpx_alua *ret_state,
		   bool *ret_preferred)
{
	size_t end, off = 4;

	if (len < 4)
		return -EINVAL;
	end = 4 + ((size_t)buf[0] << 24 | (size_t)buf[1] << 16 | (size_t)buf[2] << 8 | buf[3]);
	if (end > len)
		end = len;	/* cut short: read what arrived */
	if (len >= 8 && ((buf[4] >> 4) & 0x7) == 1)
		off = 8;
	while (off + 8 <= end) {
		const uint8_t *d = buf + off;
		uint16_t id = (uint16_t)(d[2] << 8 | d[3]);

		if (id == tpg) {
			*ret_state = from_code(d[0]);
			*ret_preferred = d[0] & 0x80;
			return 0;
		}
		off += 8 + 4 * (size_t)d[7];
	}
	return -ENOENT;
}
