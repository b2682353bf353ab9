/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The only code that issues SCSI commands (SG_IO, through sg3_utils' pass-
 * through layer). Domain outcomes (SCSI status, sense) are out-params; the
 * return value is 0 or a negative errno for "could not ask at all".
 */
#ifndef MPX_SG_SEAM_H
#define MPX_SG_SEAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mpx_sg_dir { MPX_SG_NONE, MPX_SG_FROM_DEV, MPX_SG_TO_DEV };

struct mpx_sg_result {
	uint8_t status;			/* SCSI status byte */
	int host_status, driver_status;	/* transport and driver outcome */
	uint8_t sense[32];
	size_t sense_len;
	size_t resid;
	bool timed_out;
	/* decoded sense (fixed or descriptor format) */
	uint8_t sense_key, asc, ascq;
};

/* Issue a command on an open fd (any SCSI disk or sg node). */
int mpx_sg_cmd(int fd, const uint8_t *cdb, size_t cdb_len, enum mpx_sg_dir dir,
	       void *buf, size_t len, unsigned int timeout_ms,
	       struct mpx_sg_result *ret);

/* true when the command completed with GOOD status and no transport error. */
bool mpx_sg_good(const struct mpx_sg_result *r);

/* INQUIRY of a VPD page into buf; *ret_len gets the bytes received. */
int mpx_sg_inquiry_vpd(int fd, uint8_t page, uint8_t *buf, size_t len,
		       unsigned int timeout_ms, size_t *ret_len);
/* INQUIRY: the standard data (evpd false, page ignored) or a VPD page. */
int mpx_sg_inquiry(int fd, bool evpd, uint8_t page, uint8_t *buf, size_t len,
		   unsigned int timeout_ms, size_t *ret_len);
/* REPORT TARGET PORT GROUPS (asked again after a unit attention). */
int mpx_sg_rtpg(int fd, uint8_t *buf, size_t len, unsigned int timeout_ms, size_t *ret_len);

#endif
