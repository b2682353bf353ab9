// SPDX-License-Identifier: GPL-2.0-only
/* The checker a path_checker kind runs, and its name. */
#include <stdio.h>
#include "checkers/checker.h"
#include "conf/config.h"

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
