/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the path-check tests share (checks-fixture.c): a map "m" of three
 * paths sda, sdb, sdc (sda and sdb on SCSI host 1), each a disk answering
 * SG_IO as told, run through the real checkers; a worker pool that runs a
 * check at once or holds it while its disk hangs; the map's policy module
 * (the alua plugin's analyze_error, when a test sets map.policy = &alua);
 * the messages sent to the target. setup() puts it back before each case.
 */
#ifndef MPX_TEST_CHECKS_FIXTURE_H
#define MPX_TEST_CHECKS_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "mpxd.h"
#include "seams/sg-seam.h"

extern uint64_t now_ms; /* what mpxd_now() says */
extern char sent[16][64]; /* the messages maps/target.c sent, in order */
extern int nr_sent;
extern int nr_submitted; /* checks handed to the worker pool */

/* SCSI outcomes as sg3_utils decodes them (status 2: CHECK CONDITION) */
extern const struct mpx_sg_result good, ua, standby, transitioning, medium;
extern const struct mpx_sg_result transport; /* DID_NO_CONNECT */
extern const struct mpx_sg_result undelivered; /* the ioctl itself fails: no outcome */

struct disk {
	const struct mpx_sg_result *script[4]; /* the next answers; the last one repeats */
	unsigned int n, next;
	bool hang; /* a check of it blocks until the test releases it */
	bool gone; /* its node cannot be opened */
	unsigned int cmds;
};
extern struct disk disks[3]; /* sda, sdb, sdc */

/* The disk answers these, in order, then keeps giving the last. */
void answers(int i, const struct mpx_sg_result *a, const struct mpx_sg_result *b);
/* The hung checks' disks answer at last. */
void release_held(void);

/* The map's policy module, and what it was shown. */
extern struct mpxd_policy alua;
extern struct mpx_sg_result analyzed; /* the outcome the policy was shown */
extern int nr_analyzed;
/* What the map's module says of a kernel-reported error (0: none, built-in). */
extern int kernel_verdict;
extern int kernel_cause, kernel_failed; /* what it was shown */
extern int nr_conflicts; /* reservation conflicts handed to maps/persist.c */

/* Test reads (the directio checker's libaio calls): all fail, or none. */
extern bool reads_fail;
extern int nr_reads;

extern struct mpxd d;
extern struct mpxd_map map;
extern struct mpxd_path p[3];

void load_config(const char *text);
int setup(void **state);
int teardown(void **state);
/* Run the checks that are due now and act on their verdicts. */
void tick(void);
/* Disk i answers a (then b) from now on; path i's next check is due now. */
void check(int i, const struct mpx_sg_result *a, const struct mpx_sg_result *b);

#endif
