/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * I/O errors the kernel target reported on a path (its "status" shows each
 * path's last error class and error count, dm-mpx(4)), and mpxd's reaction:
 * evidence gathered on the path at once, the map's policy's verdict on the
 * kernel's cause with that evidence, and, when the target failed the path,
 * a check right away of every path that shares its component.
 *
 * Called by maps/reconcile.c (what a device-mapper event showed) and by
 * maps/path-checks.c (a diagnosis or a sibling's check came back).
 */
#ifndef MPXD_MAPS_KERNEL_ERRORS_H
#define MPXD_MAPS_KERNEL_ERRORS_H

#include <stdbool.h>
#include <stdint.h>

struct mpxd;
struct mpxd_path;
struct mpx_diagnosis;
enum mpx_path_state;

/*
 * The map's status shows p's error record: class (enum mpx_err_class, -1
 * when the target shows none) and count; failed_now: the status shows p
 * failed while mpxd had it active. Starts a reaction to a new error.
 */
void mpxd_kernel_status(struct mpxd *d, struct mpxd_path *p, int cls, uint64_t errors,
			bool failed_now);
/* p's diagnosis came back (TUR verdict st, evidence dg): judge and act. */
void mpxd_kernel_diagnosed(struct mpxd *d, struct mpxd_path *p, enum mpx_path_state st,
			   const struct mpx_diagnosis *dg);
/* A check asked for as a failed path's sibling came back (after it was acted on). */
void mpxd_kernel_sibling_checked(struct mpxd *d, struct mpxd_path *q);

#endif
