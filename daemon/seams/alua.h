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
	MPX_ALUA_LBA_DEPENDENT,
};

/*
 * prio of a path for its ALUA state (the "alua"/"sysfs" prioritizers): a
 * preferred port adds 80, in the optimized state only with exclusive_pref.
 */
int mpx_alua_prio(enum mpx_alua state, bool preferred, bool exclusive_pref);
const char *mpx_alua_name(enum mpx_alua state);
enum mpx_alua mpx_alua_parse(const char *sysfs_text);
/*
 * The state of port group tpg in a REPORT TARGET PORT GROUPS answer (len
 * bytes received, header included): 0, or -ENOENT if the group is not in
 * it, -EINVAL if the answer is malformed.
 */
int mpx_rtpg_state(const uint8_t *buf, size_t len, uint16_t tpg, enum mpx_alua *ret_state,
		   bool *ret_preferred);

#endif
