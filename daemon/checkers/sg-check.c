// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the SCSI checkers (tur.c, readsector0.c) share: open the disk, send
 * their one command through SG_IO, ask once more after a unit attention,
 * and read a verdict from the outcome.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "checkers/checker.h"
#include "seams/sg-seam.h"

enum mpx_path_state mpx_check_sg(const char *devnode, const uint8_t *cdb, size_t cdb_len,
				 enum mpx_sg_dir dir, void *buf, size_t len,
				 unsigned int timeout_ms, struct mpx_check_report *rep)
{
	enum mpx_path_state st = MPX_PATH_UNCHECKED;
	struct mpx_sg_result r;
	char dev[64];
	int fd, res, tries;

	snprintf(dev, sizeof(dev), "/dev/%s", devnode);
	fd = open(dev, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(rep->msg, sizeof(rep->msg), "cannot open %s: %m", dev);
		return MPX_PATH_DOWN;
	}
	for (tries = 0; tries < 2 && st == MPX_PATH_UNCHECKED; tries++) {
		res = mpx_sg_cmd(fd, cdb, cdb_len, dir, buf, len, timeout_ms, &r);
		st = mpx_check_sg_verdict(res, &r, rep);
	}
	close(fd);
	return st == MPX_PATH_UNCHECKED ? MPX_PATH_DOWN : st;
}

enum mpx_path_state mpx_check_sg_verdict(int ioctl_result, const struct mpx_sg_result *r,
					 struct mpx_check_report *rep)
{
	char *msg = rep->msg;
	size_t len = sizeof(rep->msg);

	/* keep the first outcome that was not GOOD, for a policy to judge */
	if (!ioctl_result && !mpx_sg_good(r) && !rep->have_sense) {
		rep->sense = *r;
		rep->have_sense = true;
	}
	if (ioctl_result) {
		snprintf(msg, len, "command not delivered: %s", strerror(-ioctl_result));
		return MPX_PATH_DOWN;
	}
	if (r->timed_out) {
		snprintf(msg, len, "timed out");
		return MPX_PATH_DOWN;
	}
	if (r->host_status || r->driver_status) {
		snprintf(msg, len, "transport error (host 0x%x, driver 0x%x)",
			 (unsigned int)r->host_status, (unsigned int)r->driver_status);
		return MPX_PATH_DOWN;
	}
	if (r->status == 0) {
		snprintf(msg, len, "ok");
		return MPX_PATH_UP;
	}
	if (r->status == 0x02 && r->sense_key == 0x6) {
		snprintf(msg, len, "unit attention %02x/%02x", r->asc, r->ascq);
		return MPX_PATH_UNCHECKED;
	}
	/* NOT READY, LUN not accessible: port in standby (0b) or unavailable (0c) */
	if (r->status == 0x02 && r->sense_key == 0x2 && r->asc == 0x04 &&
	    (r->ascq == 0x0b || r->ascq == 0x0c)) {
		snprintf(msg, len, "target port %s", r->ascq == 0x0b ? "in standby" :
			 "unavailable");
		return r->ascq == 0x0b ? MPX_PATH_GHOST : MPX_PATH_DOWN;
	}
	snprintf(msg, len, "status 0x%02x sense %x/%02x/%02x", r->status, r->sense_key,
		 r->asc, r->ascq);
	return MPX_PATH_DOWN;
}
