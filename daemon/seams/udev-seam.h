/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The only code that calls libudev. It turns udev devices into plain data:
 * the sysfs and udev facts discovery needs about a block device. Returns 0
 * or a negative errno; no logging.
 */
#ifndef MPX_UDEV_SEAM_H
#define MPX_UDEV_SEAM_H

#include <stddef.h>
#include "seams/path-attrs.h"

struct udev;
struct udev_monitor;

int mpx_udev_open(struct udev **ret);
struct udev *mpx_udev_close(struct udev *u);

/* syspaths of every block "disk" (not partitions), caller frees each and the array. */
int mpx_udev_list_disks(struct udev *u, char ***ret, size_t *ret_n);
void mpx_udev_list_free(char **list, size_t n);

/*
 * Fill the sysfs/udev attributes of a SCSI disk. -ENODEV if syspath is not
 * a SCSI disk (dm, nvme, loop...), -ENOENT if it went away.
 */
int mpx_udev_read_path(struct udev *u, const char *syspath, struct mpx_path_attrs *ret);

/*
 * Ask the kernel to send a "change" uevent for the device at syspath, so
 * that udev runs its rules on it again (as "udevadm trigger" does).
 */
int mpx_udev_trigger_change(const char *syspath);

/* A monitor of block device uevents; *ret_fd polls readable. */
int mpx_udev_monitor_open(struct udev *u, struct udev_monitor **ret, int *ret_fd);
struct udev_monitor *mpx_udev_monitor_close(struct udev_monitor *m);

struct mpx_uevent {
	char action[16];	/* "add", "change", "remove" */
	char syspath[256];
	char devtype[16];	/* "disk", "partition" */
	char devnode[32];	/* "sdb", "dm-3" */
};

/* -EAGAIN when no event is pending. */
int mpx_udev_monitor_receive(struct udev_monitor *m, struct mpx_uevent *ret);

#endif
