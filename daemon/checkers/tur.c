// SPDX-License-Identifier: GPL-2.0-only
/* tur: TEST UNIT READY, retried once after a unit attention. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "checkers/checker.h"
#include "seams/sg-seam.h"

enum mpx_path_state mpx_check_tur(const char *devnode, unsigned int timeout_ms,
				  struct mpx_check_report *rep)
{
	static const uint8_t tur[6] = { 0 };
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
		res = mpx_sg_cmd(fd, tur, sizeof(tur), MPX_SG_NONE, NULL, 0, timeout_ms, &r);
		st = mpx_check_sg_verdict(res, &r, rep);
	}
	close(fd);
	return st == MPX_PATH_UNCHECKED ? MPX_PATH_DOWN : st;
}
