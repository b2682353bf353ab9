// SPDX-License-Identifier: GPL-2.0-only
/*
 * prio sysfs: the ALUA state as the kernel's alua device handler keeps it
 * (device/access_state, device/preferred_path), with no command sent. The
 * attributes exist while the handler is attached: with hardware_handler
 * "1 alua" (the default for an ALUA LUN), from the map's first table on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "base/cleanup.h"
#include "conf/prio-args.h"
#include "prio/prio.h"
#include "seams/alua.h"

/* A small sysfs text attribute of the path's SCSI device, or -errno. */
static int device_attr(const char *syspath, const char *attr, char *buf, size_t len)
{
	_cleanup_close_ int fd = -1;
	char file[512];
	ssize_t n;

	snprintf(file, sizeof(file), "%s/device/%s", syspath, attr);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

int mpx_prio_sysfs(const char *args, const struct mpx_prio_path *p, int *ret_prio, char *why,
		   size_t why_len)
{
	char state[64], pref[16] = "0";
	enum mpx_alua s;
	int r;

	r = device_attr(p->syspath, "access_state", state, sizeof(state));
	if (r) {
		snprintf(why, why_len, "no access_state in sysfs (alua handler not attached)");
		return r;
	}
	s = mpx_alua_parse(state);
	if (s == MPX_ALUA_UNKNOWN) {
		snprintf(why, why_len, "unknown access_state \"%.32s\"", state);
		return -EINVAL;
	}
	device_attr(p->syspath, "preferred_path", pref, sizeof(pref));
	*ret_prio = mpx_alua_prio(s, pref[0] == '1', mpx_prio_args_exclusive_pref(args));
	return 0;
}
