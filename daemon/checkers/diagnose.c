// SPDX-License-Identifier: GPL-2.0-only
/*
 * The evidence mpxd gathers on a path after a kernel-reported I/O error
 * (checker.h): a diagnostic TEST UNIT READY whatever the path's checker,
 * and the path's port group state as the array reports it now.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "checkers/checker.h"
#include "seams/alua.h"
#include "seams/sg-seam.h"

#define RTPG_LEN 1024

static void port_group_state(const char *devnode, uint16_t tpg, unsigned int timeout_ms,
			     struct mpx_diagnosis *ret)
{
	static const uint8_t cdb[12] = {
		0xa3, 0x0a, 0, 0, 0, 0, 0, 0, RTPG_LEN >> 8, RTPG_LEN & 0xff, 0, 0
	};
	uint8_t buf[RTPG_LEN];
	struct mpx_sg_result r;
	char dev[64];
	bool preferred;
	int fd, tries;

	snprintf(dev, sizeof(dev), "/dev/%s", devnode);
	fd = open(dev, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return;
	/* a unit attention (states just changed) is answered once more */
	for (tries = 0; tries < 2; tries++) {
		if (mpx_sg_cmd(fd, cdb, sizeof(cdb), MPX_SG_FROM_DEV, buf, sizeof(buf), timeout_ms,
			       &r))
			break;
		if (mpx_sg_good(&r)) {
			ret->have_alua = !mpx_rtpg_state(buf, sizeof(buf) - r.resid, tpg,
							 &ret->alua, &preferred);
			break;
		}
		if (r.status != 0x02 || r.sense_key != 0x6)
			break;
	}
	close(fd);
}

enum mpx_path_state mpx_diagnose(const char *devnode, int tpg, unsigned int timeout_ms,
				 struct mpx_diagnosis *ret)
{
	enum mpx_path_state st;

	ret->rep.have_sense = false;
	ret->have_alua = false;
	st = mpx_check_tur(devnode, timeout_ms, &ret->rep);
	if (tpg >= 0)
		port_group_state(devnode, (uint16_t)tpg, timeout_ms, ret);
	return st;
}
