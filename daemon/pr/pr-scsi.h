/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SCSI-3 persistent reservation commands through one path (a SCSI disk's
 * device node), and the parsing of what PERSISTENT RESERVE IN returns.
 * Which paths a command goes through is pr-run.c's business; this file
 * knows nothing of maps or of mpxd. Nothing here logs.
 *
 * Outcomes are mpathpersist's status codes (its exit codes too), so that
 * mpxpersist can exit as mpathpersist does.
 */
#ifndef MPX_PR_SCSI_H
#define MPX_PR_SCSI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PERSISTENT RESERVE IN service actions. */
enum {
	MPX_PRIN_READ_KEYS = 0,
	MPX_PRIN_READ_RESERVATION = 1,
	MPX_PRIN_REPORT_CAPABILITIES = 2,
	MPX_PRIN_READ_FULL_STATUS = 3,
};

/* PERSISTENT RESERVE OUT service actions. */
enum {
	MPX_PROUT_REGISTER = 0,
	MPX_PROUT_RESERVE = 1,
	MPX_PROUT_RELEASE = 2,
	MPX_PROUT_CLEAR = 3,
	MPX_PROUT_PREEMPT = 4,
	MPX_PROUT_PREEMPT_ABORT = 5,
	MPX_PROUT_REGISTER_IGNORE = 6,
};

/* mpathpersist's status codes (MPATH_PR_* of libmpathpersist). */
enum mpx_pr_code {
	MPX_PR_OK = 0,
	MPX_PR_SYNTAX = 1, /* bad arguments: nothing was sent */
	MPX_PR_NOT_READY = 2,
	MPX_PR_MEDIUM = 3,
	MPX_PR_HARDWARE = 4,
	MPX_PR_ILLEGAL = 5, /* the device refused the command's fields */
	MPX_PR_UNIT_ATTENTION = 6,
	MPX_PR_INVALID_OP = 7, /* the device has no persistent reservations */
	MPX_PR_ABORTED = 8,
	MPX_PR_NO_SENSE = 9,
	MPX_PR_MALFORMED = 10,
	MPX_PR_CONFLICT = 11,
	MPX_PR_FILE = 12, /* the device node could not be opened */
	MPX_PR_DMMP = 13, /* not a map, or no usable path */
	MPX_PR_THREAD = 14,
	MPX_PR_OTHER = 15, /* transport or driver error, timeout */
};

/* How one command through one path ended. */
struct mpx_pr_outcome {
	enum mpx_pr_code code;
	uint8_t status; /* SCSI status byte */
	uint8_t sense_key, asc, ascq;
	int host_status, driver_status;
	bool timed_out;
	int error; /* -errno when the command could not be sent at all */
};

/* The allocation lengths mpathpersist asks for, so devices answer the same. */
#define MPX_PRIN_MAX_LEN 8192

/*
 * PERSISTENT RESERVE OUT through the disk at dev ("/dev/sdc"): sa, type,
 * the reservation key rk and the service action key sark, APTPL. A unit
 * attention (another nexus changed the reservation) or a LUN becoming
 * ready is retried a few times. Returns the outcome's code (MPX_PR_OK
 * when it completed GOOD); *ret (may be NULL) says more.
 */
enum mpx_pr_code mpx_pr_out(const char *dev, int sa, unsigned int type, uint64_t rk, uint64_t sark,
			    bool aptpl, struct mpx_pr_outcome *ret);

/*
 * PERSISTENT RESERVE IN through dev: sa's response in buf (len bytes,
 * at most 65535), *ret_got the bytes the device returned.
 */
enum mpx_pr_code mpx_pr_in(const char *dev, int sa, uint8_t *buf, size_t len, size_t *ret_got,
			   struct mpx_pr_outcome *ret);

/* "reservation conflict", "sense 5/24/00", "cannot open: ...": for messages. */
void mpx_pr_outcome_str(const struct mpx_pr_outcome *o, char *buf, size_t len);

/* The allocation length mpathpersist uses for an IN service action. */
size_t mpx_prin_len(int sa);

static inline uint64_t mpx_get_be64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static inline uint32_t mpx_get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#endif
