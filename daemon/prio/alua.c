// SPDX-License-Identifier: GPL-2.0-only
/*
 * prio alua: asks the array (REPORT TARGET PORT GROUPS through the path)
 * which state the path's port group is in, as multipath-tools' alua
 * prioritizer does. The port group is the one VPD page 0x83 names.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "base/cleanup.h"
#include "conf/prio-args.h"
#include "prio/prio.h"
#include "seams/alua.h"
#include "seams/sg-seam.h"

#define RTPG_LEN 4096

int mpx_prio_alua(const char *args, const struct mpx_prio_path *p, unsigned int timeout_ms,
		  int *ret_prio, char *why, size_t why_len)
{
	_cleanup_close_ int fd = -1;
	uint8_t buf[RTPG_LEN];
	enum mpx_alua state;
	char dev[64];
	bool pref;
	size_t got;
	int r;

	if (!p->have_tpg) {
		snprintf(why, why_len, "VPD page 0x83 names no target port group");
		return -ENODATA;
	}
	snprintf(dev, sizeof(dev), "/dev/%s", p->devnode);
	fd = open(dev, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, why_len, "cannot open %s", dev);
		return -errno;
	}
	r = mpx_sg_rtpg(fd, buf, sizeof(buf), timeout_ms, &got);
	if (r) {
		snprintf(why, why_len, "REPORT TARGET PORT GROUPS failed");
		return r;
	}
	r = mpx_rtpg_state(buf, got, p->tpg, &state, &pref);
	if (r) {
		snprintf(why, why_len, "REPORT TARGET PORT GROUPS %s port group %u",
			 r == -ENOENT ? "does not name" : "is malformed at", p->tpg);
		return r;
	}
	*ret_prio = mpx_alua_prio(state, pref, mpx_prio_args_exclusive_pref(args));
	return 0;
}
