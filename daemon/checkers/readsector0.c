// SPDX-License-Identifier: GPL-2.0-only
/* readsector0: a READ(10) of the first block through SG_IO. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "checkers/checker.h"
#include "seams/sg-seam.h"

enum mpx_path_state mpx_check_readsector0(const char *devnode, unsigned int timeout_ms,
					  struct mpx_check_report *rep)
{
	/* READ(10), LBA 0, one block of up to 4 KiB */
	static const uint8_t cdb[10] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0 };
	enum mpx_path_state st = MPX_PATH_UNCHECKED;
	struct mpx_sg_result r;
	uint8_t buf[4096];
	char dev[64];
	int fd, res, tries;

	snprintf(dev, sizeof(dev), "/dev/%s", devnode);
	fd = open(dev, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(rep->msg, sizeof(rep->msg), "cannot open %s: %m", dev);
		return MPX_PATH_DOWN;
	}
	for (tries = 0; tries < 2 && st == MPX_PATH_UNCHECKED; tries++) {
		res = mpx_sg_cmd(fd, cdb, sizeof(cdb), MPX_SG_FROM_DEV, buf, sizeof(buf),
				 timeout_ms, &r);
		st = mpx_check_sg_verdict(res, &r, rep);
	}
	close(fd);
	return st == MPX_PATH_UNCHECKED ? MPX_PATH_DOWN : st;
}
