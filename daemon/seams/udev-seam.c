// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <libudev.h>
#include "base/cleanup.h"
#include "seams/udev-seam.h"

static void unref_devp(struct udev_device **d)
{
	if (*d)
		udev_device_unref(*d);
}
#define _cleanup_udev_dev_ _cleanup_(unref_devp)

void mpx_path_attrs_free(struct mpx_path_attrs *a)
{
	size_t i;

	for (i = 0; a->props[i]; i++) {
		free(a->props[i]);
		a->props[i] = NULL;
	}
}

int mpx_udev_open(struct udev **ret)
{
	*ret = udev_new();
	return *ret ? 0 : -ENOMEM;
}

struct udev *mpx_udev_close(struct udev *u)
{
	if (u)
		udev_unref(u);
	return NULL;
}

int mpx_udev_list_disks(struct udev *u, char ***ret, size_t *ret_n)
{
	struct udev_enumerate *e = udev_enumerate_new(u);
	struct udev_list_entry *it;
	char **list = NULL, **tmp;
	size_t n = 0;
	int r;

	if (!e)
		return -ENOMEM;
	r = udev_enumerate_add_match_subsystem(e, "block");
	if (!r)
		r = udev_enumerate_add_match_property(e, "DEVTYPE", "disk");
	if (!r)
		r = udev_enumerate_scan_devices(e);
	if (r < 0)
		goto out;
	udev_list_entry_foreach(it, udev_enumerate_get_list_entry(e)) {
		tmp = realloc(list, (n + 1) * sizeof(*list));
		if (!tmp) {
			r = -ENOMEM;
			goto out;
		}
		list = tmp;
		list[n] = strdup(udev_list_entry_get_name(it));
		if (!list[n]) {
			r = -ENOMEM;
			goto out;
		}
		n++;
	}
	*ret = list;
	*ret_n = n;
	list = NULL;
	n = 0;
	r = 0;
out:
	mpx_udev_list_free(list, n);
	udev_enumerate_unref(e);
	return r;
}

void mpx_udev_list_free(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
	/* sysfs text attributes end in a newline and may be space padded */
	for (size_t n = strlen(dst); n && (dst[n - 1] == '\n' || dst[n - 1] == ' '); n--)
		dst[n - 1] = '\0';
}

/* The transport, told by what sysfs puts between the disk and its host. */
static const char *protocol_of(struct udev_device *sdev)
{
	const char *p = udev_device_get_syspath(sdev);

	if (strstr(p, "/rport-"))
		return "scsi:fcp";
	if (strstr(p, "/session"))
		return "scsi:iscsi";
	if (strstr(p, "/end_device-"))
		return "scsi:sas";
	return "scsi:unspec";
}

static void read_props(struct udev_device *d, struct mpx_path_attrs *a)
{
	struct udev_list_entry *it;
	size_t n = 0;

	udev_list_entry_foreach(it, udev_device_get_properties_list_entry(d)) {
		if (n == MPX_MAX_PROPS)
			break;
		a->props[n] = strdup(udev_list_entry_get_name(it));
		if (a->props[n])
			n++;
	}
	a->props[n] = NULL;
}

int mpx_udev_read_path(struct udev *u, const char *syspath, struct mpx_path_attrs *ret)
{
	_cleanup_udev_dev_ struct udev_device *d = udev_device_new_from_syspath(u, syspath);
	struct udev_device *sdev;
	struct mpx_path_attrs a;
	const char *v;
	dev_t devt;

	if (!d)
		return errno == ENOMEM ? -ENOMEM : -ENOENT;
	v = udev_device_get_devtype(d);
	if (!v || strcmp(v, "disk"))
		return -ENODEV;
	sdev = udev_device_get_parent_with_subsystem_devtype(d, "scsi", "scsi_device");
	if (!sdev)
		return -ENODEV;	/* not a SCSI disk: dm, nvme, loop, null_blk... */
	memset(&a, 0, sizeof(a));
	copy(a.devnode, sizeof(a.devnode), udev_device_get_sysname(d));
	copy(a.syspath, sizeof(a.syspath), syspath);
	devt = udev_device_get_devnum(d);
	a.devt = devt;
	snprintf(a.devno, sizeof(a.devno), "%u:%u", major(devt), minor(devt));
	copy(a.hctl, sizeof(a.hctl), udev_device_get_sysname(sdev));
	a.host = (unsigned int)strtoul(a.hctl, NULL, 10);
	copy(a.vendor, sizeof(a.vendor), udev_device_get_sysattr_value(sdev, "vendor"));
	copy(a.product, sizeof(a.product), udev_device_get_sysattr_value(sdev, "model"));
	copy(a.revision, sizeof(a.revision), udev_device_get_sysattr_value(sdev, "rev"));
	v = udev_device_get_sysattr_value(sdev, "state");
	a.scsi_online = v && !strncmp(v, "running", 7);
	v = udev_device_get_sysattr_value(sdev, "access_state");
	a.alua = v ? mpx_alua_parse(v) : MPX_ALUA_UNKNOWN;
	v = udev_device_get_sysattr_value(sdev, "preferred_path");
	a.alua_preferred = v && v[0] == '1';
	v = udev_device_get_sysattr_value(d, "size");
	a.sectors = v ? strtoull(v, NULL, 10) : 0;
	snprintf(a.protocol, sizeof(a.protocol), "%s", protocol_of(sdev));
	read_props(d, &a);
	*ret = a;
	return 0;
}

int mpx_udev_monitor_open(struct udev *u, struct udev_monitor **ret, int *ret_fd)
{
	struct udev_monitor *m = udev_monitor_new_from_netlink(u, "udev");
	int r;

	if (!m)
		return -ENOMEM;
	r = udev_monitor_filter_add_match_subsystem_devtype(m, "block", NULL);
	if (!r)
		r = udev_monitor_enable_receiving(m);
	if (r < 0) {
		udev_monitor_unref(m);
		return r;
	}
	*ret_fd = udev_monitor_get_fd(m);
	*ret = m;
	return 0;
}

struct udev_monitor *mpx_udev_monitor_close(struct udev_monitor *m)
{
	if (m)
		udev_monitor_unref(m);
	return NULL;
}

int mpx_udev_monitor_receive(struct udev_monitor *m, struct mpx_uevent *ret)
{
	_cleanup_udev_dev_ struct udev_device *d = udev_monitor_receive_device(m);

	if (!d)
		return -EAGAIN;
	copy(ret->action, sizeof(ret->action), udev_device_get_action(d));
	copy(ret->syspath, sizeof(ret->syspath), udev_device_get_syspath(d));
	copy(ret->devtype, sizeof(ret->devtype), udev_device_get_devtype(d));
	copy(ret->devnode, sizeof(ret->devnode), udev_device_get_sysname(d));
	return 0;
}
