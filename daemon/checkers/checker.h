/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Path checkers: each asks a path, synchronously, whether it can carry
 * I/O. They run on worker threads, so they may block up to their timeout;
 * the loop also treats a check that outlives checker_timeout as failed.
 */
#ifndef MPX_CHECKER_H
#define MPX_CHECKER_H

#include <stdbool.h>
#include <stddef.h>
#include "seams/alua.h"
#include "seams/sg-seam.h"

/* The checker's verdict on a path. */
enum mpx_path_state {
	MPX_PATH_UNCHECKED,
	MPX_PATH_UP,
	MPX_PATH_DOWN,
	MPX_PATH_GHOST,		/* usable only after activation (ALUA standby) */
};

/* What a check saw: its message, and the first SCSI outcome that was not GOOD. */
struct mpx_check_report {
	char msg[96];
	bool have_sense;
	struct mpx_sg_result sense;
};

/* One checker per file: tur.c, directio.c, readsector0.c. */
enum mpx_path_state mpx_check_tur(const char *devnode, unsigned int timeout_ms,
				  struct mpx_check_report *rep);
enum mpx_path_state mpx_check_directio(const char *devnode, unsigned int timeout_ms,
				       struct mpx_check_report *rep);
enum mpx_path_state mpx_check_readsector0(const char *devnode, unsigned int timeout_ms,
					  struct mpx_check_report *rep);

/*
 * diagnose.c: fresh evidence on a path after the kernel target reported an
 * I/O error on it: a TEST UNIT READY (its verdict is returned, its outcome
 * in ret->rep) and, when the path has a port group (tpg >= 0), that
 * group's state from REPORT TARGET PORT GROUPS sent through the path.
 */
struct mpx_diagnosis {
	struct mpx_check_report rep;	/* the TUR's message and non-GOOD outcome */
	bool have_alua;
	enum mpx_alua alua;		/* the port group's state, if have_alua */
};
enum mpx_path_state mpx_diagnose(const char *devnode, int tpg, unsigned int timeout_ms,
				 struct mpx_diagnosis *ret);

/* Dispatch by enum mpx_checker_kind ("none" says up without asking). */
enum mpx_path_state mpx_check(int kind, const char *devnode, unsigned int timeout_ms,
			      struct mpx_check_report *rep);
const char *mpx_checker_name(int kind);

/*
 * sg-check.c, shared by the SCSI checkers: send one command to the disk
 * (once more after a unit attention) and judge the outcome.
 */
enum mpx_path_state mpx_check_sg(const char *devnode, const uint8_t *cdb, size_t cdb_len,
				 enum mpx_sg_dir dir, void *buf, size_t len,
				 unsigned int timeout_ms, struct mpx_check_report *rep);

/*
 * What a SCSI outcome says about the path:
 * GOOD is up; "not ready, target port in standby/unavailable" is a ghost
 * (usable after activation); anything else, or no answer, is down. A unit
 * attention means "ask again" (returns MPX_PATH_UNCHECKED).
 */
enum mpx_path_state mpx_check_sg_verdict(int ioctl_result, const struct mpx_sg_result *r,
					 struct mpx_check_report *rep);

#endif
