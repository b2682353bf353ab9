// SPDX-License-Identifier: GPL-2.0-only
/* Persistent reservation commands through one path (pr-scsi.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "base/cleanup.h"
#include "pr/pr-scsi.h"
#include "seams/sg-seam.h"

#define PR_TIMEOUT_MS 10000
/* as mpathpersist: a unit attention or a LUN becoming ready, five more times */
#define PR_RETRIES 5

enum {
	SK_NO_SENSE,
	SK_RECOVERED,
	SK_NOT_READY,
	SK_MEDIUM,
	SK_HARDWARE,
	SK_ILLEGAL,
	SK_UNIT_ATTENTION,
	SK_DATA_PROTECT,
	SK_BLANK_CHECK,
	SK_VENDOR,
	SK_COPY_ABORTED,
	SK_ABORTED
};

#define STATUS_CHECK_CONDITION 0x02
#define STATUS_RESERVATION_CONFLICT 0x18

static enum mpx_pr_code of_sense(uint8_t key)
{
	switch (key) {
	case SK_NO_SENSE:
		return MPX_PR_NO_SENSE;
	case SK_RECOVERED:
		return MPX_PR_OK;
	case SK_NOT_READY:
		return MPX_PR_NOT_READY;
	case SK_MEDIUM:
		return MPX_PR_MEDIUM;
	case SK_HARDWARE:
		return MPX_PR_HARDWARE;
	case SK_ILLEGAL:
		return MPX_PR_ILLEGAL;
	case SK_UNIT_ATTENTION:
		return MPX_PR_UNIT_ATTENTION;
	case SK_ABORTED:
		return MPX_PR_ABORTED;
	default:
		return MPX_PR_OTHER;
	}
}

/* What a completed command came to, as mpathpersist judges it. */
static enum mpx_pr_code judge(const struct mpx_sg_result *r)
{
	uint8_t status = r->status & 0x7e;

	if (r->timed_out)
		return MPX_PR_OTHER;
	if (!status && !r->host_status && !r->driver_status)
		return MPX_PR_OK;
	if (status == STATUS_CHECK_CONDITION)
		return of_sense(r->sense_key);
	if (status == STATUS_RESERVATION_CONFLICT)
		return MPX_PR_CONFLICT;
	return MPX_PR_OTHER;
}

static bool worth_retrying(const struct mpx_pr_outcome *o)
{
	return o->code == MPX_PR_UNIT_ATTENTION || (o->code == MPX_PR_NOT_READY && o->asc == 0x04);
}

static void pause_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	nanosleep(&ts, NULL);
}

static enum mpx_pr_code pr_cmd(const char *dev, const uint8_t *cdb, enum mpx_sg_dir dir,
			       uint8_t *buf, size_t len, size_t *ret_got,
			       struct mpx_pr_outcome *ret)
{
	struct mpx_pr_outcome o = { .code = MPX_PR_OTHER };
	_cleanup_close_ int fd = open(dev, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct mpx_sg_result r = { 0 };
	int tries, res = 0;

	if (fd < 0) {
		o.error = -errno;
		o.code = MPX_PR_FILE;
		goto out;
	}
	for (tries = 0; tries <= PR_RETRIES; tries++) {
		if (tries && o.code == MPX_PR_NOT_READY)
			pause_ms(100);
		res = mpx_sg_cmd(fd, cdb, 10, dir, buf, len, PR_TIMEOUT_MS, &r);
		if (res) {
			o.error = res;
			o.code = MPX_PR_OTHER;
			goto out;
		}
		o.code = judge(&r);
		o.status = r.status;
		o.sense_key = r.sense_key;
		o.asc = r.asc;
		o.ascq = r.ascq;
		o.host_status = r.host_status;
		o.driver_status = r.driver_status;
		o.timed_out = r.timed_out;
		if (!worth_retrying(&o))
			break;
	}
	if (ret_got)
		*ret_got = len - (r.resid < len ? r.resid : len);
out:
	if (ret)
		*ret = o;
	return o.code;
}

enum mpx_pr_code mpx_pr_out(const char *dev, int sa, unsigned int type, uint64_t rk, uint64_t sark,
			    bool aptpl, struct mpx_pr_outcome *ret)
{
	uint8_t param[24] = { 0 };
	const uint8_t cdb[10] = {
		0x5f, (uint8_t)(sa & 0x1f), (uint8_t)(type & 0x0f), 0, 0, 0, 0, 0, sizeof(param), 0
	};
	int i;

	for (i = 7; i >= 0; i--, rk >>= 8, sark >>= 8) {
		param[i] = (uint8_t)rk;
		param[8 + i] = (uint8_t)sark;
	}
	param[20] = aptpl ? 0x01 : 0;
	return pr_cmd(dev, cdb, MPX_SG_TO_DEV, param, sizeof(param), NULL, ret);
}

enum mpx_pr_code mpx_pr_in(const char *dev, int sa, uint8_t *buf, size_t len, size_t *ret_got,
			   struct mpx_pr_outcome *ret)
{
	uint8_t cdb[10] = { 0x5e, (uint8_t)(sa & 0x1f), 0, 0, 0, 0, 0, 0, 0, 0 };

	if (len > 0xffff)
		len = 0xffff;
	cdb[7] = (uint8_t)(len >> 8);
	cdb[8] = (uint8_t)len;
	memset(buf, 0, len);
	return pr_cmd(dev, cdb, MPX_SG_FROM_DEV, buf, len, ret_got, ret);
}

size_t mpx_prin_len(int sa)
{
	switch (sa) {
	case MPX_PRIN_READ_RESERVATION:
		return 24;
	case MPX_PRIN_REPORT_CAPABILITIES:
		return 8;
	default:
		return MPX_PRIN_MAX_LEN;
	}
}

void mpx_pr_outcome_str(const struct mpx_pr_outcome *o, char *buf, size_t len)
{
	if (o->error) {
		snprintf(buf, len, "%s: %s",
			 o->code == MPX_PR_FILE ? "cannot open it" : "SG_IO failed",
			 strerror(-o->error));
	} else if (o->code == MPX_PR_CONFLICT) {
		snprintf(buf, len, "reservation conflict");
	} else if (o->timed_out) {
		snprintf(buf, len, "timed out");
	} else if ((o->status & 0x7e) == STATUS_CHECK_CONDITION) {
		snprintf(buf, len, "%s (sense key 0x%x, asc 0x%02x, ascq 0x%02x)",
			 o->code == MPX_PR_ILLEGAL        ? "illegal request" :
			 o->code == MPX_PR_NOT_READY      ? "not ready" :
			 o->code == MPX_PR_UNIT_ATTENTION ? "unit attention" :
							    "check condition",
			 o->sense_key, o->asc, o->ascq);
	} else if (o->host_status || o->driver_status) {
		snprintf(buf, len, "transport error (host status 0x%x, driver status 0x%x)",
			 (unsigned int)o->host_status, (unsigned int)o->driver_status);
	} else if (o->code) {
		snprintf(buf, len, "SCSI status 0x%02x", o->status);
	} else {
		snprintf(buf, len, "done");
	}
}
