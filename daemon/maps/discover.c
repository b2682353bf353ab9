// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a disk is: its sysfs and udev facts (udev-seam.c) and its identity
 * from VPD pages 0x83/0x80. The kernel caches those pages in sysfs
 * (device/vpd_pg83), which also works for a path that is offline; SCSI
 * INQUIRY is the fallback for kernels or devices without them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "base/cleanup.h"
#include "maps/paths.h"
#include "mpxd.h"
#include "seams/sg-seam.h"
#include "seams/udev-seam.h"
#include "seams/vpd.h"

/* Read a binary sysfs attribute; returns the length or a negative errno. */
static ssize_t read_sysfs(const char *syspath, const char *attr, uint8_t *buf, size_t len)
{
	_cleanup_close_ int fd = -1;
	char file[512];
	ssize_t n;

	snprintf(file, sizeof(file), "%s/device/%s", syspath, attr);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len);
	return n < 0 ? -errno : n;
}

static ssize_t read_vpd(const struct mpx_path_attrs *a, uint8_t page, uint8_t *buf,
			size_t len, unsigned int timeout_ms)
{
	_cleanup_close_ int fd = -1;
	char dev[64];
	size_t got;
	ssize_t n;

	n = read_sysfs(a->syspath, page == 0x83 ? "vpd_pg83" : "vpd_pg80", buf, len);
	if (n > 0)
		return n;
	snprintf(dev, sizeof(dev), "/dev/%s", a->devnode);
	fd = open(dev, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = mpx_sg_inquiry_vpd(fd, page, buf, len, timeout_ms, &got);
	return n ? n : (ssize_t)got;
}

/* Standard INQUIRY data: sysfs keeps what the kernel saw at the scan. */
static ssize_t read_inquiry(const struct mpx_path_attrs *a, uint8_t *buf, size_t len,
			    unsigned int timeout_ms)
{
	_cleanup_close_ int fd = -1;
	char dev[64];
	size_t got;
	ssize_t n;

	n = read_sysfs(a->syspath, "inquiry", buf, len);
	if (n > 0)
		return n;
	snprintf(dev, sizeof(dev), "/dev/%s", a->devnode);
	fd = open(dev, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = mpx_sg_inquiry(fd, false, 0, buf, len < 96 ? len : 96, timeout_ms, &got);
	return n ? n : (ssize_t)got;
}

int mpx_path_read_wwid(const char *syspath, char *wwid, size_t len)
{
	struct mpx_vpd83 v83;
	uint8_t buf[4096];
	ssize_t n;

	n = read_sysfs(syspath, "vpd_pg83", buf, sizeof(buf));
	if (n > 0 && !mpx_vpd83_parse(buf, (size_t)n, &v83) && v83.wwid[0]) {
		snprintf(wwid, len, "%s", v83.wwid);
		return 0;
	}
	/* every SCSI device has its INQUIRY data there */
	n = read_sysfs(syspath, "inquiry", buf, 1);
	return n > 0 ? -ENODATA : -ENODEV;
}

int mpxd_read_attrs(struct mpxd *d, const char *syspath, struct mpx_path_attrs *ret)
{
	unsigned int timeout =
		(unsigned int)mpx_conf_get(&d->config, OPT_CHECKER_TIMEOUT, NULL, NULL).i;

	return mpx_path_read(d->udev, syspath, timeout, ret);
}

int mpx_path_read(struct udev *u, const char *syspath, unsigned int timeout,
		  struct mpx_path_attrs *ret)
{
	struct mpx_path_attrs a;
	struct mpx_vpd83 v83;
	uint8_t buf[4096];
	ssize_t n;
	int r;

	r = mpx_udev_read_path(u, syspath, &a);
	if (r)
		return r;
	n = read_inquiry(&a, buf, sizeof(buf), timeout);
	if (n > 0)
		a.tpgs = mpx_inquiry_tpgs(buf, (size_t)n);
	n = read_vpd(&a, 0x80, buf, sizeof(buf), timeout);
	if (n > 0)
		mpx_vpd80_serial(buf, (size_t)n, a.serial, sizeof(a.serial));
	n = read_vpd(&a, 0x83, buf, sizeof(buf), timeout);
	if (n > 0 && !mpx_vpd83_parse(buf, (size_t)n, &v83)) {
		snprintf(a.wwid, sizeof(a.wwid), "%s", v83.wwid);
		a.have_tpg = v83.have_tpg;
		a.tpg = v83.tpg;
		a.have_rel_port = v83.have_rel_port;
		a.rel_port = v83.rel_port;
		snprintf(a.port_name, sizeof(a.port_name), "%s", v83.port_name);
	}
	if (!a.wwid[0] && a.serial[0])
		mpx_vpd80_wwid(a.vendor, a.product, a.serial, a.wwid, sizeof(a.wwid));
	*ret = a;
	return 0;
}
