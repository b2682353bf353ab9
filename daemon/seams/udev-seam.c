// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>
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

/* udev lists devices sorted by path: paths are registered in that order. */
static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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

/*
 * /sys/block holds a link for every block "disk" (not partitions), the
 * set a udev enumeration of DEVTYPE=disk gives, for one directory read:
 * an enumeration reads each device's uevent file and udev database entry,
 * which discovery reads again for the disks it keeps.
 */
int mpx_udev_list_disks(struct udev *u, char ***ret, size_t *ret_n)
{
	_cleanup_closedir_ DIR *dir = opendir("/sys/block");
	char **list = NULL, **tmp, link[PATH_MAX];
	struct dirent *de;
	size_t n = 0;
	ssize_t len;
	int r;

	(void)u;
	if (!dir)
		return -errno;
	while ((errno = 0, de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		tmp = realloc(list, (n + 1) * sizeof(*list));
		if (!tmp) {
			r = -ENOMEM;
			goto out;
		}
		list = tmp;
		/* "../devices/...": the device's own path, as udev names it */
		len = readlinkat(dirfd(dir), de->d_name, link, sizeof(link) - 1);
		if (len > 3 && !strncmp(link, "../", 3)) {
			link[len] = '\0';
			r = asprintf(&list[n], "/sys/%s", link + 3);
		} else {
			r = asprintf(&list[n], "/sys/block/%s", de->d_name);
		}
		if (r < 0) {
			r = -ENOMEM;
			goto out;
		}
		n++;
	}
	if (errno) {
		r = -errno;
		goto out;
	}
	if (n)	/* qsort's base must not be NULL, even for no elements */
		qsort(list, n, sizeof(*list), by_name);
	*ret = list;
	*ret_n = n;
	list = NULL;
	n = 0;
	r = 0;
out:
	mpx_udev_list_free(list, n);
	return r;
}

void mpx_udev_list_free(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* Cut to fit: the fields are as long as SCSI makes them (vendor 8, model 16). */
static void copy(char *dst, size_t len, const char *src)
{
	size_t n = src ? strnlen(src, len - 1) : 0;

	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
	/* sysfs text attributes end in a newline and may be space padded */
	for (; n && (dst[n - 1] == '\n' || dst[n - 1] == ' '); n--)
		dst[n - 1] = '\0';
}

/* The transport, told by what sysfs puts between the disk and its host. */
static const char *protocol_of(const char *syspath)
{
	if (strstr(syspath, "/rport-"))
		return "scsi:fcp";
	if (strstr(syspath, "/session"))
		return "scsi:iscsi";
	if (strstr(syspath, "/end_device-"))
		return "scsi:sas";
	return "scsi:unspec";
}

/* An attribute of a class device (/sys/class/<subsystem>/<name>/<attr>), trimmed. */
static void class_attr(struct udev *u, const char *subsystem, const char *name, const char *attr,
		       char *buf, size_t len)
{
	_cleanup_udev_dev_ struct udev_device *c =
		udev_device_new_from_subsystem_sysname(u, subsystem, name);

	copy(buf, len, c ? udev_device_get_sysattr_value(c, attr) : NULL);
}

/* What weightedpath's "wwn" matches: the initiator's and the target's FC names. */
static void fc_names(struct udev *u, const char *syspath, unsigned int host, char *buf, size_t len)
{
	const char *p = strstr(syspath, "/rport-");
	char rport[32], shost[32], hn[32], hp[32], tn[32], tp[32];
	int n;

	if (!p)
		return;
	n = (int)strcspn(p + 1, "/");
	snprintf(rport, sizeof(rport), "%.*s", n < 31 ? n : 31, p + 1);
	snprintf(shost, sizeof(shost), "host%u", host);
	class_attr(u, "fc_host", shost, "node_name", hn, sizeof(hn));
	class_attr(u, "fc_host", shost, "port_name", hp, sizeof(hp));
	class_attr(u, "fc_remote_ports", rport, "node_name", tn, sizeof(tn));
	class_attr(u, "fc_remote_ports", rport, "port_name", tp, sizeof(tp));
	/* a name cut short would match the wrong wwn pattern: none at all */
	n = snprintf(buf, len, "%s:%s:%s:%s", hn, hp, tn, tp);
	if (n < 0 || (size_t)n >= len)
		buf[0] = '\0';
}

static void read_props(struct udev_device *d, struct mpx_path_attrs *a)
{
	struct udev_list_entry *it;
	size_t n = 0;

	udev_list_entry_foreach(it, udev_device_get_properties_list_entry(d)) {
		const char *value = udev_list_entry_get_value(it);

		if (!strcmp(udev_list_entry_get_name(it), "DM_MULTIPATH_DEVICE_PATH"))
			a->udev_claimed = value && !strcmp(value, "1");
		if (n == MPX_MAX_PROPS)
			continue;	/* the claim may come later */
		a->props[n] = strdup(udev_list_entry_get_name(it));
		if (a->props[n])
			n++;
	}
	a->props[n] = NULL;
}

/*
 * A sysfs attribute under dir, as text in buf (NULL if it cannot be
 * read). Read relative to the open directory: libudev would resolve the
 * whole path again for each attribute.
 */
static const char *attr(int dir, const char *name, char *buf, size_t len)
{
	_cleanup_close_ int fd = openat(dir, name, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return NULL;
	n = read(fd, buf, len - 1);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

/*
 * The disk's parent, if it is a SCSI device ("device" links to it): its
 * directory in *ret_fd and its name ("2:0:0:1") in hctl; -ENODEV if it is
 * not one (dm, nvme, loop, null_blk...).
 */
static int open_scsi_device(int disk, char *hctl, size_t len, int *ret_fd)
{
	_cleanup_close_ int fd = openat(disk, "device", O_PATH | O_DIRECTORY | O_CLOEXEC);
	char link[PATH_MAX], buf[512];
	const char *name;
	ssize_t n;

	if (fd < 0)
		return errno == ENOENT ? -ENODEV : -errno;
	n = readlinkat(fd, "subsystem", link, sizeof(link) - 1);
	if (n < 0)
		return -ENODEV;
	link[n] = '\0';
	name = strrchr(link, '/');
	if (strcmp(name ? name + 1 : link, "scsi") || !attr(fd, "uevent", buf, sizeof(buf)) ||
	    !strstr(buf, "DEVTYPE=scsi_device\n"))
		return -ENODEV;
	n = readlinkat(disk, "device", link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = '\0';
	name = strrchr(link, '/');
	copy(hctl, len, name ? name + 1 : link);
	*ret_fd = TAKE_FD(fd);
	return 0;
}

int mpx_udev_read_path(struct udev *u, const char *syspath, struct mpx_path_attrs *ret)
{
	_cleanup_udev_dev_ struct udev_device *d = udev_device_new_from_syspath(u, syspath);
	_cleanup_close_ int disk = -1, sdev = -1;
	struct mpx_path_attrs a;
	const char *v, *real;
	char buf[256];
	dev_t devt;
	int r;

	if (!d)
		return errno == ENOMEM ? -ENOMEM : -ENOENT;
	v = udev_device_get_devtype(d);
	if (!v || strcmp(v, "disk"))
		return -ENODEV;
	real = udev_device_get_syspath(d);
	disk = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (disk < 0)
		return -ENOENT;
	memset(&a, 0, sizeof(a));
	r = open_scsi_device(disk, a.hctl, sizeof(a.hctl), &sdev);
	if (r)
		return r;	/* -ENODEV: not a SCSI disk */
	copy(a.devnode, sizeof(a.devnode), udev_device_get_sysname(d));
	copy(a.syspath, sizeof(a.syspath), syspath);
	devt = udev_device_get_devnum(d);
	a.devt = devt;
	snprintf(a.devno, sizeof(a.devno), "%u:%u", major(devt), minor(devt));
	a.host = (unsigned int)strtoul(a.hctl, NULL, 10);
	copy(a.vendor, sizeof(a.vendor), attr(sdev, "vendor", buf, sizeof(buf)));
	copy(a.product, sizeof(a.product), attr(sdev, "model", buf, sizeof(buf)));
	copy(a.revision, sizeof(a.revision), attr(sdev, "rev", buf, sizeof(buf)));
	v = attr(sdev, "state", buf, sizeof(buf));
	a.scsi_online = v && !strncmp(v, "running", 7);
	v = attr(sdev, "access_state", buf, sizeof(buf));
	a.have_access_state = v != NULL;
	a.alua = v ? mpx_alua_parse(v) : MPX_ALUA_UNKNOWN;
	v = attr(sdev, "preferred_path", buf, sizeof(buf));
	a.alua_preferred = v && v[0] == '1';
	v = attr(disk, "size", buf, sizeof(buf));
	a.sectors = v ? strtoull(v, NULL, 10) : 0;
	snprintf(a.protocol, sizeof(a.protocol), "%s", protocol_of(real));
	if (!strcmp(a.protocol, "scsi:fcp"))
		fc_names(u, real, a.host, a.fc_wwn, sizeof(a.fc_wwn));
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

int mpx_udev_trigger_change(const char *syspath)
{
	_cleanup_close_ int fd = -1;
	char file[512];

	snprintf(file, sizeof(file), "%s/uevent", syspath);
	fd = open(file, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	return write(fd, "change", 6) == 6 ? 0 : -errno;
}
