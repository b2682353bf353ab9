/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ALUA access states as the kernel's scsi_dh_alua reports them in sysfs
 * (device/access_state), and the priority multipath-tools' alua
 * prioritizer gives each. Pure: the udev seam parses with it, the path
 * registry turns states into priorities.
 */
#ifndef MPX_SEAMS_ALUA_H
#define MPX_SEAMS_ALUA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mpx_alua {
	MPX_ALUA_UNKNOWN,
	MPX_ALUA_OPTIMIZED,
	MPX_ALUA_NON_OPTIMIZED,
	MPX_ALUA_STANDBY,
	MPX_ALUA_UNAVAILABLE,
	MPX_ALUA_TRANSITIONING,
	MPX_ALUA_OFFLINE,
};

/* prio of a path for its ALUA state (the "alua"/"sysfs" prioritizers). */
int mpx_alua_prio(enum mpx_alua state, bool preferred);
const char *mpx_alua_name(enum mpx_alua state);
enum mpx_alua mpx_alua_parse(const char *sysfs_text);
/*
 * The state of port group tpg in a REPORT TARGET PORT GROUPS answer (buf,
 * len bytes received): 0, -ENOENT when the group is not in it, -EINVAL.
 */
int mpx_rtpg_state(const uint8_t *buf, size_t len, uint16_t tpg, enum mpx_alua *ret);

#endif
