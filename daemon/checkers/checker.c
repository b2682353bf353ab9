// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "checkers/checker.h"
#include "conf/config.h"
#include "seams/sg-seam.h"

enum mpx_path_state mpx_check(int kind, const char *devnode, unsigned int timeout_ms,
			      struct mpx_check_report *rep)
{
	rep->have_sense = false;
	switch (kind) {
	case MPX_CHECKER_TUR:
		return mpx_check_tur(devnode, timeout_ms, rep);
	case MPX_CHECKER_DIRECTIO:
		return mpx_check_directio(devnode, timeout_ms, rep);
	case MPX_CHECKER_READSECTOR0:
		return mpx_check_readsector0(devnode, timeout_ms, rep);
	default:
		snprintf(rep->msg, sizeof(rep->msg), "not checked (checker none)");
		return MPX_PATH_UP;
	}
}

const char *mpx_checker_name(int kind)
{
	static const char *const names[] = { "tur", "directio", "readsector0", "none" };

	return kind >= 0 && kind <= MPX_CHECKER_NONE ? names[kind] : "?";
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
