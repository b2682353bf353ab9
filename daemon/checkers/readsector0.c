// SPDX-License-Identifier: GPL-2.0-only
/* readsector0: a READ(10) of the first block through SG_IO. */
#include "checkers/checker.h"

enum mpx_path_state mpx_check_readsector0(const char *devnode, unsigned int timeout_ms,
					  struct mpx_check_report *rep)
{
	/* READ(10), LBA 0, one block of up to 4 KiB */
	static const uint8_t cdb[10] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0 };
	uint8_t buf[4096];

	return mpx_check_sg(devnode, cdb, sizeof(cdb), MPX_SG_FROM_DEV, buf, sizeof(buf),
			    timeout_ms, rep);
}
