/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A path: one SCSI disk (sdX) through which a LUN is reached. Its
 * attributes come from sysfs, udev and SCSI inquiry at discovery; its
 * state from the checker and from the kernel target.
 */
#ifndef MPX_PATH_H
#define MPX_PATH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "vpd.h"

#define MPX_MAX_PROPS 64

/* ALUA access state, as the kernel's scsi_dh_alua reports it. */
enum mpx_alua {
	MPX_ALUA_UNKNOWN,
	MPX_ALUA_OPTIMIZED,
	MPX_ALUA_NON_OPTIMIZED,
	MPX_ALUA_STANDBY,
	MPX_ALUA_UNAVAILABLE,
	MPX_ALUA_TRANSITIONING,
	MPX_ALUA_OFFLINE,
};

struct mpx_path_attrs {
	char devnode[32];		/* "sdb" */
	char devno[16];			/* "8:16" */
	dev_t devt;
	char syspath[256];
	char hctl[32];			/* "2:0:0:0" */
	unsigned int host;
	char vendor[16], product[32], revision[8];
	char serial[128];		/* VPD 0x80 */
	char wwid[MPX_WWID_MAX];
	char protocol[16];		/* "scsi:fcp", "scsi:iscsi", "scsi:sas", "scsi:unspec" */
	char node_name[128];		/* target node name, "" if the transport has none */
	bool have_tpg;
	uint16_t tpg;
	bool have_rel_port;
	uint16_t rel_port;
	char port_name[MPX_WWID_MAX];
	enum mpx_alua alua;
	bool alua_preferred;
	uint64_t sectors;
	bool scsi_online;		/* sysfs device/state is "running" */
	char *props[MPX_MAX_PROPS + 1];	/* udev property names, NULL-terminated */
};

/* The checker's verdict on a path. */
enum mpx_path_state {
	MPX_PATH_UNCHECKED,
	MPX_PATH_UP,
	MPX_PATH_DOWN,
	MPX_PATH_GHOST,		/* usable only after activation (ALUA standby) */
};

void mpx_path_attrs_free(struct mpx_path_attrs *a);

/* prio of a path for its ALUA state (the "alua"/"sysfs" prioritizers). */
int mpx_alua_prio(enum mpx_alua state, bool preferred);
const char *mpx_alua_name(enum mpx_alua state);
enum mpx_alua mpx_alua_parse(const char *sysfs_text);

#endif
