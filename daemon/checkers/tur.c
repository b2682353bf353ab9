// SPDX-License-Identifier: GPL-2.0-only
/* tur: TEST UNIT READY, retried once after a unit attention. */
#include "checkers/checker.h"

enum mpx_path_state mpx_check_tur(const char *devnode, unsigned int timeout_ms,
				  struct mpx_check_report *rep)
{
	static const uint8_t tur[6] = { 0 };

	return mpx_check_sg(devnode, tur, sizeof(tur), MPX_SG_NONE, NULL, 0, timeout_ms, rep);
}
