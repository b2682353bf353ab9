/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A path: one SCSI disk (sdX) through which a LUN is reached. These are
 * its attributes as sysfs, udev and SCSI inquiry give them at discovery:
 * plain data, filled by the udev seam and the VPD parser.
 */
#ifndef MPX_SEAMS_PATH_ATTRS_H
#define MPX_SEAMS_PATH_ATTRS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "seams/alua.h"
#include "seams/vpd.h"

#define MPX_MAX_PROPS 64

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
	unsigned int tpgs; /* INQUIRY TPGS: 1 implicit, 2 explicit, 3 both ALUA */
	bool have_access_state; /* the kernel's alua handler shows the state */
	enum mpx_alua alua;
	bool alua_preferred;
	char fc_wwn[80]; /* "<host WWNN>:<host WWPN>:<target WWNN>:<target WWPN>", FC only */
	uint64_t sectors;
	bool scsi_online;		/* sysfs device/state is "running" */
	bool udev_claimed;		/* udev marked it DM_MULTIPATH_DEVICE_PATH=1 */
	char *props[MPX_MAX_PROPS + 1];	/* udev property names, NULL-terminated */
};

/* Free what the udev seam allocated (the property names). */
void mpx_path_attrs_free(struct mpx_path_attrs *a);

#endif
