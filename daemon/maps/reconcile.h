/* SPDX-License-Identifier: GPL-2.0-only */
/* The kernel target's view of our maps, taken in after a device-mapper event. */
#ifndef MPXD_MAPS_RECONCILE_H
#define MPXD_MAPS_RECONCILE_H

struct mpxd;

int mpxd_reconcile(struct mpxd *d);

#endif
