/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which transport components two paths share: what else a failure of one
 * path may have broken. Pure: it reads the attributes discovery filled
 * (struct mpx_path_attrs), above all the SCSI device's sysfs path, whose
 * segments name the transport objects it hangs from:
 *
 *   SCSI host ("hostN")    the initiator port: an FC or SAS HBA port, an
 *                          iSCSI session's host, a scsi_debug or tcm_loop
 *                          adapter (which also stands for its one target)
 *   FC remote port         "rport-H:C-N": a target port seen through one
 *                          HBA port
 *   iSCSI session          "sessionN": one I_T nexus (a login)
 *   SAS end device         "end_device-H:..." (the target's SAS port)
 *   target port            the VPD 0x83 target port name, whatever the
 *                          transport: the same array port reached by
 *                          several initiator ports
 */
#ifndef MPX_SEAMS_COMPONENT_H
#define MPX_SEAMS_COMPONENT_H

#include <stdbool.h>
#include <stddef.h>
#include "seams/path-attrs.h"

/*
 * Whether a and b share a component; if so, which one in why (e.g.
 * "SCSI host 3", "iSCSI session5"). Two devices of one path never count.
 */
bool mpx_paths_share_component(const struct mpx_path_attrs *a, const struct mpx_path_attrs *b,
			       char *why, size_t why_len);

#endif
