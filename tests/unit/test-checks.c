// SPDX-License-Identifier: GPL-2.0-only
/*
 * What check results do: fail_path / reinstate_path, the adaptive
 * interval, sibling checks, failback modes, no_path_retry. The verdicts
 * come from the real checkers (checkers/: tur, its SG_IO outcome read by
 * sg-check.c), run on what each "disk" answers: open() and the SG_IO seam
 * are wrapped. The worker pool runs each submitted check at once on the
 * loop's thread, or holds it while its disk hangs; the path and policy
 * functions maps/path-checks.c calls are faked; messages to the target
 * are recorded at the dm seam.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <libaio.h>

#include "checkers/checker.h"
#include "maps/kernel-errors.h"
#include "maps/map-policy.h"
#include "maps/path-checks.h"
#include "maps/path-marginal.h"
#include "maps/paths.h"
#include "maps/persist.h"
#include "mpxd.h"
#include "seams/dm-seam.h"
#include "seams/sg-seam.h"
#include "parse.h"
#include <mpx/policy.h>
#include <mpx/table.h>
#include "policy/policy.h"
#include "maps/workers.h"

static uint64_t now_ms;
static char sent[16][64];
static int nr_sent;
static int nr_submitted;

uint64_t mpxd_now(void) { return now_ms; }

/* the target: messages maps/target.c sends are recorded */
int __wrap_mpx_dm_message(const char *name, const char *msg, char **ret_response)
{
	snprintf(sent[nr_sent++ % 16], 64, "%s", msg);
	return 0;
}

/* ---- the disks: sda, sdb, sdc, each answering SG_IO as told ---- */

/* SCSI outcomes as sg3_utils decodes them (status 2: CHECK CONDITION) */
static const struct mpx_sg_result good = { 0 };
static const struct mpx_sg_result ua = { .status = 2, .sense_key = 6, .asc = 0x29 };
static const struct mpx_sg_result standby = { .status = 2, .sense_key = 2, .asc = 4, .ascq = 0x0b };
static const struct mpx_sg_result transitioning = { .status = 2,
						    .sense_key = 2,
						    .asc = 4,
						    .ascq = 0x0a };
static const struct mpx_sg_result medium = { .status = 2, .sense_key = 3, .asc = 0x11 };
static const struct mpx_sg_result transport = { .host_status = 1 }; /* DID_NO_CONNECT */
static const struct mpx_sg_result undelivered; /* the ioctl itself fails: no outcome */

#define FD_BASE 100
struct disk {
	const struct mpx_sg_result *script[4]; /* the next answers; the last one repeats */
	unsigned int n, next;
	bool hang; /* a check of it blocks until the test releases it */
	bool gone; /* its node cannot be opened */
	unsigned int cmds;
};
static struct disk disks[3];

/* The disk answers these, in order, then keeps giving the last. */
static void answers(int i, const struct mpx_sg_result *a, const struct mpx_sg_result *b)
{
	disks[i].script[0] = a;
	disks[i].script[1] = b;
	disks[i].n = b ? 2 : 1;
	disks[i].next = 0;
}

int __real_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...)
{
	int i;

	if (strncmp(path, "/dev/sd", 7) || path[7] < 'a' || path[7] > 'c' || path[8])
		return __real_open(path, flags);
	i = path[7] - 'a';
	assert_int_equal(flags & O_ACCMODE, O_RDONLY);
	if (disks[i].gone) {
		errno = ENXIO;
		return -1;
	}
	return FD_BASE + i;
}

int __real_close(int fd);
int __wrap_close(int fd)
{
	return fd >= FD_BASE && fd < FD_BASE + 3 ? 0 : __real_close(fd);
}

int __wrap_mpx_sg_cmd(int fd, const uint8_t *cdb, size_t cdb_len, enum mpx_sg_dir dir, void *buf,
		      size_t len, unsigned int timeout_ms, struct mpx_sg_result *ret)
{
	struct disk *k;
	const struct mpx_sg_result *r;

	assert_true(fd >= FD_BASE && fd < FD_BASE + 3);
	k = &disks[fd - FD_BASE];
	assert_int_equal(cdb[0], 0x00); /* TEST UNIT READY: path_checker tur */
	assert_int_equal(timeout_ms, 2000); /* checker_timeout 2 */
	k->cmds++;
	r = k->script[k->next < k->n ? k->next : k->n - 1];
	if (k->next < k->n)
		k->next++;
	if (r == &undelivered)
		return -ENXIO;
	*ret = *r;
	return 0;
}

/* ---- the worker pool: checks run at once, or wait while their disk hangs ---- */

/* room for every check MPXD_MAX_CHECKS lets run at once */
static struct mpxd_job done[MPXD_MAX_CHECKS], held[MPXD_MAX_CHECKS];
static int nr_done, nr_held;

static void finish(struct mpxd_job *job)
{
	if (job->diagnose) {
		job->result = mpx_diagnose(job->devnode, job->tpg, job->timeout_ms, &job->diag);
		job->rep = job->diag.rep;
	} else {
		job->result = mpx_check(job->checker, job->devnode, job->timeout_ms, &job->rep);
	}
	assert_true(nr_done < MPXD_MAX_CHECKS);
	done[nr_done++] = *job;
}

int mpxd_workers_submit(struct mpxd_workers *w, const struct mpxd_job *job)
{
	struct mpxd_job j = *job;

	nr_submitted++;
	if (disks[j.devnode[2] - 'a'].hang)
		held[nr_held++] = j;
	else
		finish(&j);
	return 0;
}

int mpxd_workers_take(struct mpxd_workers *w, struct mpxd_job *ret)
{
	if (!nr_done)
		return -EAGAIN;
	*ret = done[0];
	memmove(&done[0], &done[1], (size_t)--nr_done * sizeof(done[0]));
	return 0;
}

/* The hung checks' disks answer at last. */
static void release_held(void)
{
	while (nr_held)
		finish(&held[--nr_held]);
}

int mpxd_path_refresh(struct mpxd *d, struct mpxd_path *p) { return 0; }

/*
 * The map's policy module, when a test gives it one, is the alua plugin's
 * own analyze_error (plugins/alua/alua.c, linked in), fed what the checker
 * saw as maps/map-policy.c and policy/hooks.c would hand it.
 */
extern const struct mpx_policy mpx_policy;
static struct mpxd_policy alua = { .name = "alua" };
static struct mpx_sg_result analyzed; /* the outcome the policy was shown */
static int nr_analyzed;
bool mpxd_policy_has(struct mpxd_policy *p, int hook) { return false; }
void mpxd_policy_get(struct mpxd_policy *p) { }
void mpxd_policy_put(struct mpxd_policy *p) { }
void mpxd_wire_path(const struct mpxd_path *p, struct mpxw_path *w) { }
int mpxd_policy_analyze(struct mpxd *d, struct mpxd_path *p, const struct mpx_sg_result *s)
{
	struct mpx_pol_sense sense = {
		.struct_size = sizeof(sense),
		.status = s->status,
		.transport_error = s->host_status || s->driver_status,
		.timed_out = s->timed_out,
		.sense_key = s->sense_key,
		.asc = s->asc,
		.ascq = s->ascq,
	};
	struct mpx_pol_path path = { .struct_size = sizeof(path) };
	int verdict = 0;

	if (p->map->policy != &alua)
		return 0;
	analyzed = *s;
	nr_analyzed++;
	assert_int_equal(mpx_policy.analyze_error(NULL, &path, &sense, &verdict), 0);
	return verdict;
}
/* What the map's module says of a kernel-reported error (0: none, built-in). */
static int kernel_verdict;
static int kernel_cause, kernel_failed;
int mpxd_policy_analyze_kernel(struct mpxd *d, struct mpxd_path *p, enum mpx_path_state tur,
			       const struct mpx_diagnosis *dg, int cause, bool failed,
			       uint64_t errors)
{
	kernel_cause = cause;
	kernel_failed = failed;
	return kernel_verdict;
}
int mpxd_policy_affected(struct mpxd *d, struct mpxd_path *failed,
			 void (*fn)(struct mpxd *d, struct mpxd_path *p, struct mpxd_path *failed))
{
	return -ENOSYS;
}
int mpxd_policy_activate(struct mpxd *d, struct mpxd_map *m, unsigned int group)
{
	return -ENOSYS;
}
void mpxd_persist_path_back(struct mpxd *d, struct mpxd_path *p) { }
static int nr_conflicts;
void mpxd_persist_conflict(struct mpxd *d, struct mpxd_path *p, uint64_t now)
{
	nr_conflicts++;
}

/* ---- test reads (the directio checker's libaio calls): all fail, or none ---- */
static bool reads_fail;
static int nr_reads;
int __wrap_io_setup(int maxevents, io_context_t *ctx)
{
	*ctx = (io_context_t)&nr_reads;
	return 0;
}
int __wrap_io_submit(io_context_t ctx, long nr, struct iocb *ios[])
{
	nr_reads++;
	return 1;
}
int __wrap_io_getevents(io_context_t ctx, long min_nr, long nr, struct io_event *events,
			struct timespec *timeout)
{
	events[0].res = reads_fail ? (unsigned long)-EIO : 4096;
	return 1;
}
int __wrap_io_destroy(io_context_t ctx)
{
	return 0;
}

static struct mpxd d;
static struct mpxd_map map;
static struct mpxd_path p[3], *ps[3], *mps[3];
static struct mpxd_map *maps[1] = { &map };

static void load_config(const char *text)
{
	struct conf_error err;

	mpx_config_free(&d.config);
	assert_int_equal(mpx_config_add_text(&d.config, "t.conf", text, strlen(text), &err), 0);
}

static int setup(void **state)
{
	int i;

	memset(&d, 0, sizeof(d));
	memset(&map, 0, sizeof(map));
	mpx_log_init(&d.log, "test", LOG_ERR);
	load_config("defaults {\n polling_interval 1\n max_polling_interval 8\n checker_timeout 2\n}\n");
	for (i = 0; i < 3; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		snprintf(p[i].a.devnode, sizeof(p[i].a.devnode), "sd%c", 'a' + i);
		snprintf(p[i].a.devno, sizeof(p[i].a.devno), "8:%d", 16 * i);
		p[i].a.host = i < 2 ? 1 : 2;	/* sda and sdb share host 1 */
		p[i].map = &map;
		p[i].kernel_active = true;
		p[i].pg = (unsigned int)i + 1;
		p[i].generation = (uint64_t)i + 1;
		ps[i] = &p[i];
		mps[i] = &p[i];
	}
	d.paths = ps;
	d.nr_paths = 3;
	map.paths = mps;
	map.nr_paths = 3;
	map.live = true;
	map.kernel_pg = 1;
	map.opts.v[OPT_FAILBACK].i = MPX_FAILBACK_MANUAL;
	map.opts.v[OPT_NO_PATH_RETRY].i = MPX_NO_PATH_RETRY_FAIL;
	d.maps = maps;
	d.nr_maps = 1;
	now_ms = 10000;
	nr_sent = nr_submitted = nr_done = nr_held = nr_analyzed = nr_conflicts = nr_reads = 0;
	reads_fail = false;
	kernel_verdict = kernel_cause = kernel_failed = 0;
	memset(disks, 0, sizeof(disks));
	for (i = 0; i < 3; i++)
		answers(i, &good, NULL);
	return 0;
}

static int teardown(void **state)
{
	mpx_config_free(&d.config);
	return 0;
}

/* Run the checks that are due now and act on their verdicts. */
static void tick(void)
{
	mpxd_checks_run(&d, now_ms);
	mpxd_checks_collect(&d);
}

/* Disk i answers a (then b) from now on; path i's next check is due now. */
static void check(int i, const struct mpx_sg_result *a, const struct mpx_sg_result *b)
{
	answers(i, a, b);
	p[i].next_check = now_ms;
	tick();
}

static void interval_grows_and_resets(void **state)
{
	tick();
	assert_int_equal(nr_submitted, 3);	/* every path is due at start */
	assert_int_equal(p[0].state, MPX_PATH_UP);
	assert_string_equal(p[0].check_msg, "ok");
	assert_int_equal(p[0].interval, 1000);	/* a change: polling_interval */
	assert_int_equal(p[0].next_check, now_ms + 1000);
	/* the others stay quiet for this test */
	p[1].next_check = p[2].next_check = UINT64_MAX / 2;
	now_ms += 1000;
	tick();
	assert_int_equal(p[0].interval, 2000);
	now_ms += 2000;
	tick();
	now_ms += 4000;
	tick();
	now_ms += 8000;
	tick();
	assert_int_equal(p[0].interval, 8000);	/* max_polling_interval */
	now_ms += 7999;
	tick();
	assert_int_equal(disks[0].cmds, 5); /* not due yet */
	assert_int_equal(nr_sent, 0);
	now_ms += 1;
	answers(0, &transport, NULL);
	tick();
	assert_int_equal(disks[0].cmds, 6);
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_string_equal(p[0].check_msg, "transport error (host 0x1, driver 0x0)");
	assert_int_equal(p[0].interval, 1000);
}

static void down_fails_and_checks_siblings(void **state)
{
	p[1].next_check = now_ms + 5000;
	p[2].next_check = now_ms + 5000;
	check(0, &good, NULL);
	check(0, &transport, NULL);
	assert_int_equal(nr_sent, 1);
	assert_string_equal(sent[0], "fail_path 8:0");
	assert_false(p[0].kernel_active);
	assert_int_equal(p[1].next_check, 0);		/* same host: checked now */
	assert_int_equal(p[2].next_check, now_ms + 5000);	/* other host: not */
	/* a second down verdict sends nothing more; the sibling's disk is fine */
	now_ms += 1000;
	disks[0].gone = true;
	check(0, &good, NULL);
	assert_non_null(strstr(p[0].check_msg, "cannot open /dev/sda"));
	assert_int_equal(p[1].state, MPX_PATH_UP);
	assert_int_equal(nr_sent, 1);
	/* up again: reinstated; manual failback leaves the group alone */
	disks[0].gone = false;
	map.kernel_pg = 2;
	now_ms += 1000;
	check(0, &good, NULL);
	assert_int_equal(nr_sent, 2);
	assert_string_equal(sent[1], "reinstate_path 8:0");
	assert_true(p[0].kernel_active);
	/* a ghost (ALUA standby) is usable: it is reinstated too */
	check(2, &medium, NULL);
	assert_string_equal(sent[nr_sent - 1], "fail_path 8:32");
	check(2, &standby, NULL);
	assert_int_equal(p[2].state, MPX_PATH_GHOST);
	assert_string_equal(p[2].check_msg, "target port in standby");
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:32");
}

/* What reconcile.c does when a status shows path i failed by the target. */
static void kernel_fails(int i, int cls, uint64_t errors)
{
	p[i].kernel_active = false;
	mpxd_kernel_status(&d, &p[i], cls, errors, true);
}

static void kernel_failure_diagnosed_siblings_checked(void **state)
{
	p[1].next_check = p[2].next_check = now_ms + 20000;
	p[0].next_check = now_ms + 20000;
	answers(0, &transport, NULL);
	kernel_fails(0, MPX_ERR_TRANSPORT, 1);
	assert_true(p[0].diagnose);
	assert_int_equal(p[0].next_check, 0);		/* diagnosed now, not at its poll */
	assert_int_equal(p[1].next_check, 0);		/* same SCSI host: checked now */
	assert_int_equal(p[2].next_check, now_ms + 20000);	/* other host: not */
	assert_int_equal(p[0].react_waiting, 2);
	tick();
	/* built-in: the kernel's verdict stands, the healthy sibling stays */
	assert_int_equal(kernel_cause, MPX_ERR_TRANSPORT);
	assert_true(kernel_failed);
	assert_false(p[0].diagnose);
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_false(p[0].kernel_active);
	assert_true(p[1].kernel_active);
	assert_int_equal(p[1].state, MPX_PATH_UP);
	assert_int_equal(nr_sent, 0);
	assert_int_equal(p[0].react_since, 0);		/* the reaction is over */
	assert_int_equal(p[1].sibling_of, 0);
	assert_int_equal(p[0].next_check, now_ms + 1000);	/* the regular checks go on */

	/* the same count again (a later event): nothing new */
	mpxd_kernel_status(&d, &p[0], MPX_ERR_TRANSPORT, 1, false);
	assert_false(p[0].diagnose);

	/* a sibling whose check fails is failed at once */
	now_ms += 1000;
	p[0].kernel_active = true;
	p[1].next_check = now_ms + 20000;
	answers(1, &transport, NULL);
	kernel_fails(0, MPX_ERR_TIMEOUT, 3);
	tick();
	assert_int_equal(nr_sent, 1);
	assert_string_equal(sent[0], "fail_path 8:16");
	assert_false(p[1].kernel_active);
	assert_true(p[2].kernel_active);
	assert_int_equal(p[0].react_since, 0);
}

static void kernel_lun_error_keeps_the_path(void **state)
{
	p[0].next_check = p[1].next_check = p[2].next_check = now_ms + 20000;
	/* a medium error: the path stays up, it is diagnosed, no sibling checked */
	mpxd_kernel_status(&d, &p[0], MPX_ERR_MEDIUM, 1, false);
	assert_true(p[0].diagnose);
	assert_int_equal(p[1].next_check, now_ms + 20000);
	tick();
	assert_int_equal(kernel_cause, MPX_ERR_MEDIUM);
	assert_false(kernel_failed);
	assert_true(p[0].kernel_active);
	assert_int_equal(nr_sent, 0);
	assert_int_equal(p[0].react_since, 0);
	/* a table reload counts from 0: no reaction to a lower count */
	mpxd_kernel_status(&d, &p[0], MPX_ERR_MEDIUM, 0, false);
	assert_false(p[0].diagnose);
}

static void kernel_error_verdicts(void **state)
{
	p[0].next_check = p[1].next_check = p[2].next_check = now_ms + 20000;
	/* switch group: I/O goes to the best other group with an active path */
	kernel_verdict = MPX_POL_VERDICT_SWITCH_GROUP;
	kernel_fails(0, MPX_ERR_IO, 1);
	tick();
	assert_string_equal(sent[nr_sent - 1], "switch_group 2");
	assert_int_equal(map.kernel_pg, 2);
	/* target error: a path the kernel failed whose TUR passes comes back */
	now_ms += 1000;
	kernel_verdict = MPX_POL_VERDICT_TARGET_ERROR;
	mpxd_kernel_status(&d, &p[0], MPX_ERR_IO, 2, false);
	assert_false(p[0].diagnose);	/* more errors on a failed path: nothing new */
	p[0].kernel_active = true;
	kernel_fails(0, MPX_ERR_IO, 3);
	tick();
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:0");
	assert_true(p[0].kernel_active);
	/* fail group: every path of the failed path's group */
	now_ms += 1000;
	p[1].pg = 1;
	kernel_verdict = MPX_POL_VERDICT_FAIL_GROUP;
	kernel_fails(0, MPX_ERR_IO, 4);
	p[1].next_check = now_ms + 20000;	/* not its sibling check: the verdict */
	p[1].sibling_of = 0;
	p[0].react_waiting = 1;
	tick();
	assert_string_equal(sent[nr_sent - 1], "fail_path 8:16");
	assert_false(p[1].kernel_active);
	/* fail siblings: the paths sharing the component fail without a check */
	now_ms += 1000;
	p[1].kernel_active = true;
	p[1].pg = 2;
	kernel_verdict = MPX_POL_VERDICT_FAIL_SIBLINGS;
	p[0].kernel_active = true;
	kernel_fails(0, MPX_ERR_TRANSPORT, 5);
	p[1].next_check = now_ms + 20000;
	p[1].sibling_of = 0;
	p[0].react_waiting = 1;
	nr_sent = 0;
	tick();
	assert_int_equal(nr_sent, 1);
	assert_string_equal(sent[0], "fail_path 8:16");
	assert_true(p[2].kernel_active);
}

/* The kernel's reservation conflict reaches the reservation hook; a marginal path stays out. */
static void kernel_conflict_and_marginal_hold(void **state)
{
	p[0].next_check = p[1].next_check = p[2].next_check = now_ms + 20000;
	mpxd_kernel_status(&d, &p[0], MPX_ERR_NEXUS, 1, false);
	tick();
	assert_int_equal(kernel_cause, MPX_ERR_NEXUS);
	assert_true(p[0].kernel_active);
	assert_int_equal(nr_conflicts, 1);
	/* a medium error is nobody's reservation */
	mpxd_kernel_status(&d, &p[0], MPX_ERR_MEDIUM, 2, false);
	tick();
	assert_int_equal(nr_conflicts, 1);
	/* held out as marginal: "the path is fine" does not bring it back */
	now_ms += 1000;
	p[0].marginal.state = MPX_MARGINAL_HELD;
	p[0].marginal.until = now_ms + 60000;
	kernel_verdict = MPX_POL_VERDICT_TARGET_ERROR;
	kernel_fails(0, MPX_ERR_TRANSPORT, 3);
	tick();
	assert_int_equal(kernel_cause, MPX_ERR_TRANSPORT);
	assert_false(p[0].kernel_active);
	assert_int_equal(nr_sent, 0);
}

static void failback_modes(void **state)
{
	map.opts.v[OPT_FAILBACK].i = MPX_FAILBACK_IMMEDIATE;
	check(0, &transport, NULL);
	map.kernel_pg = 2;
	check(0, &good, NULL);
	assert_string_equal(sent[nr_sent - 1], "switch_group 1");
	assert_int_equal(map.kernel_pg, 1);

	/* followover: only the first path back in its group moves I/O */
	map.opts.v[OPT_FAILBACK].i = MPX_FAILBACK_FOLLOWOVER;
	p[1].pg = 1;		/* sda and sdb in group 1 */
	check(0, &transport, NULL);
	map.kernel_pg = 3;
	check(0, &good, NULL); /* sdb was still active in group 1 */
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:0");
	check(0, &transport, NULL);
	check(1, &transport, NULL);
	map.kernel_pg = 3;
	check(1, &good, NULL); /* the first of group 1 back */
	assert_string_equal(sent[nr_sent - 1], "switch_group 1");

	/* failback 5: deferred */
	load_config("defaults {\n polling_interval 1\n checker_timeout 2\n}\n");
	map.opts.v[OPT_FAILBACK].i = 5;
	check(0, &good, NULL);
	check(1, &transport, NULL);
	map.kernel_pg = 3;
	check(1, &good, NULL);
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:16");
	assert_int_equal(map.failback_at, now_ms + 5000);
	mpxd_maps_timers(&d, now_ms + 4999);
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:16");
	mpxd_maps_timers(&d, now_ms + 5000);
	assert_string_equal(sent[nr_sent - 1], "switch_group 1");
}

static void no_path_retry(void **state)
{
	int i;

	map.opts.v[OPT_NO_PATH_RETRY].i = 3;
	for (i = 0; i < 3; i++)
		check(i, &transport, NULL);
	assert_int_equal(nr_sent, 3);
	mpxd_maps_timers(&d, now_ms);
	assert_int_equal(map.no_path_since, now_ms);
	mpxd_maps_timers(&d, now_ms + 2999);
	assert_false(map.queue_disabled_by_npr);
	mpxd_maps_timers(&d, now_ms + 3000);
	assert_true(map.queue_disabled_by_npr);
	assert_string_equal(sent[nr_sent - 1], "fail_if_no_path");
	now_ms += 4000;
	check(1, &good, NULL);
	mpxd_maps_timers(&d, now_ms);
	assert_false(map.queue_disabled_by_npr);
	assert_string_equal(sent[nr_sent - 1], "queue_if_no_path");
	assert_int_equal(map.no_path_since, 0);
}

static void hung_check_counts_as_down(void **state)
{
	disks[0].hang = true;
	mpxd_checks_run(&d, now_ms);
	assert_int_not_equal(p[0].check_started, 0);
	mpxd_checks_run(&d, now_ms + 2600);	/* past checker_timeout 2 s + grace */
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_string_equal(p[0].check_msg, "check timed out");
	assert_string_equal(sent[0], "fail_path 8:0");
	/* no second check of a path whose check still hangs */
	nr_submitted = 0;
	mpxd_checks_collect(&d); /* the other disks answered */
	mpxd_checks_run(&d, now_ms + 10000);
	assert_int_equal(nr_submitted, 2);
	assert_int_equal(disks[0].cmds, 0);
	/* the late answer still counts */
	disks[0].hang = false;
	release_held();
	now_ms += 10000;
	mpxd_checks_collect(&d);
	assert_int_equal(disks[0].cmds, 1);
	assert_int_equal(p[0].state, MPX_PATH_UP);
	assert_int_equal(p[0].check_started, 0);
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:0");
}

/*
 * A thousand-path start: at most MPXD_MAX_CHECKS checks run at once, the
 * others wait their turn without the wait counting against their timeout,
 * and the next pass starts the ones not checked yet.
 */
static void checks_at_most_max_at_once(void **state)
{
	static struct mpxd_path many[200], *pp[200], *mp[200];
	int i, started = 0, down = 0;

	/* every one a path to sda, which hangs */
	disks[0].hang = true;
	for (i = 0; i < 200; i++) {
		memset(&many[i], 0, sizeof(many[i]));
		snprintf(many[i].a.devnode, sizeof(many[i].a.devnode), "sda");
		snprintf(many[i].a.devno, sizeof(many[i].a.devno), "8:%d", i);
		many[i].a.host = (unsigned int)i;
		many[i].map = &map;
		many[i].kernel_active = true;
		many[i].pg = 1;
		many[i].generation = (uint64_t)i + 100;
		pp[i] = mp[i] = &many[i];
	}
	d.paths = pp;
	d.nr_paths = 200;
	map.paths = mp;
	map.nr_paths = 200;
	mpxd_checks_run(&d, now_ms);
	assert_int_equal(nr_submitted, MPXD_MAX_CHECKS);
	for (i = 0; i < 200; i++)
		started += many[i].check_started != 0;
	assert_int_equal(started, MPXD_MAX_CHECKS);
	assert_int_not_equal(many[0].check_started, 0);
	assert_int_equal(many[MPXD_MAX_CHECKS].check_started, 0);
	/* the loop sleeps until a check ends or times out: due ones cannot start */
	assert_int_equal(mpxd_checks_next_deadline(&d), now_ms + 2000 + 501);
	/* past the timeout: only the checks that ran that long fail their paths */
	now_ms += 2600;
	mpxd_checks_run(&d, now_ms);
	assert_int_equal(nr_submitted, MPXD_MAX_CHECKS);	/* no slot freed */
	for (i = 0; i < 200; i++)
		down += many[i].state == MPX_PATH_DOWN;
	assert_int_equal(down, MPXD_MAX_CHECKS);
	assert_int_equal(many[MPXD_MAX_CHECKS].state, MPX_PATH_UNCHECKED);
	/* the hung checks were handled: the loop sleeps until they answer, it does not spin */
	assert_true(mpxd_checks_next_deadline(&d) > now_ms);
	/* they answer: the next ones start, not the same again */
	disks[0].hang = false;
	release_held();
	mpxd_checks_collect(&d);
	assert_int_equal(many[0].state, MPX_PATH_UP);
	mpxd_checks_run(&d, now_ms);
	assert_int_equal(nr_submitted, 2 * MPXD_MAX_CHECKS);
	for (i = 0; i < 200; i++)
		assert_int_equal(many[i].check_started != 0,
				 i >= MPXD_MAX_CHECKS && i < 2 * MPXD_MAX_CHECKS);
	/* those answer: a thread is free and checks are due, so at once */
	mpxd_checks_collect(&d);
	assert_true(mpxd_checks_next_deadline(&d) <= now_ms);
}

/* A map not in the kernel yet gets no messages; its first load fails the down paths. */
static void no_messages_before_the_map_exists(void **state)
{
	map.live = false;
	check(0, &transport, NULL);
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_int_equal(nr_sent, 0);
	assert_true(p[0].kernel_active);
	map.live = true;
	now_ms += 1000;
	check(0, &transport, NULL);
	assert_int_equal(nr_sent, 1);
	assert_string_equal(sent[0], "fail_path 8:0");
}

/* What the checker saw, read by the alua module: verdicts both really give. */
static void policy_verdicts(void **state)
{
	static const struct mpx_sg_result conflict = { .status = 0x18 };
	static const struct mpx_sg_result unavailable = { .status = 2,
							  .sense_key = 2,
							  .asc = 4,
							  .ascq = 0x0c };
	static const struct mpx_sg_result states_changed = { .status = 2,
							     .sense_key = 6,
							     .asc = 0x2a,
							     .ascq = 0x06 };

	map.policy = &alua;
	check(0, &good, NULL);
	assert_int_equal(nr_analyzed, 0); /* GOOD: nothing to read */
	/* ALUA transitioning: neither failed nor reinstated, looked at again soon */
	check(0, &transitioning, NULL);
	assert_int_equal(nr_analyzed, 1);
	assert_int_equal(analyzed.sense_key, 2);
	assert_int_equal(analyzed.ascq, 0x0a);
	assert_string_equal(p[0].check_msg, "status 0x02 sense 2/04/0a");
	assert_int_equal(p[0].state, MPX_PATH_UP);
	assert_int_equal(nr_sent, 0);
	assert_int_equal(p[0].next_check, now_ms + 250);
	/* a reservation conflict is the LUN's answer, not the path's failure */
	check(0, &conflict, NULL);
	assert_int_equal(analyzed.status, 0x18);
	assert_int_equal(nr_conflicts, 1); /* and the reservation hook's business */
	assert_string_equal(p[0].check_msg, "status 0x18 sense 0/00/00");
	assert_int_equal(p[0].state, MPX_PATH_UP);
	assert_int_equal(nr_sent, 0);
	/* a unit attention "access states changed", then GOOD: up, and regrouped */
	map.dirty = false;
	check(0, &states_changed, &good);
	assert_int_equal(disks[0].cmds, 5); /* asked again after the attention */
	assert_int_equal(analyzed.asc, 0x2a);
	assert_string_equal(p[0].check_msg, "ok");
	assert_int_equal(p[0].state, MPX_PATH_UP);
	assert_true(map.dirty);
	assert_int_equal(p[0].next_check, now_ms + 250);
	/* a unit attention it has no opinion on (power on): the checker's verdict stands */
	map.dirty = false;
	check(0, &ua, &good);
	assert_int_equal(analyzed.asc, 0x29);
	assert_false(map.dirty);
	assert_int_equal(p[0].next_check, now_ms + 4000); /* healthy: 1 s doubled twice */
	/* port unavailable: failed */
	check(0, &unavailable, NULL);
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_string_equal(p[0].check_msg, "target port unavailable");
	assert_string_equal(sent[0], "fail_path 8:0");
	/* standby: the module says the path is fine, and it stays a ghost */
	check(0, &standby, NULL);
	assert_int_equal(p[0].state, MPX_PATH_GHOST);
	assert_string_equal(sent[1], "reinstate_path 8:0");
	/* a transport error is an outcome too: read, no opinion, down */
	check(0, &transport, NULL);
	assert_int_equal(analyzed.host_status, 1);
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	assert_string_equal(sent[2], "fail_path 8:0");
	/* no outcome at all (the command never reached the disk): not asked */
	nr_analyzed = 0;
	check(0, &undelivered, NULL);
	assert_int_equal(nr_analyzed, 0);
	assert_string_equal(p[0].check_msg, "command not delivered: No such device or address");
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	/* without a module nothing reads the outcome: a transition is a failure */
	map.policy = NULL;
	check(0, &good, NULL);
	check(0, &transitioning, NULL);
	assert_int_equal(nr_analyzed, 0);
	assert_int_equal(p[0].state, MPX_PATH_DOWN);
	map.policy = NULL;
}

/* Path i's check is due now: run it, and the test reads it leads to. */
static void check_now(int i)
{
	p[i].next_check = now_ms;
	tick();
}

/*
 * A path the kernel fails on I/O while its TUR passes: reinstated after the
 * first failure, held out as marginal at the second within
 * marginal_path_double_failed_time, judged by test reads (not TURs), held
 * for recheck_gap_time after a bad sample and reinstated after a clean one.
 */
static void marginal_path(void **state)
{
	uint64_t end;

	map.opts.v[OPT_MARGINAL_DOUBLE_FAILED_TIME].i = 60;
	map.opts.v[OPT_MARGINAL_ERR_SAMPLE_TIME].i = 1;
	map.opts.v[OPT_MARGINAL_ERR_RATE_THRESHOLD].i = 0;
	map.opts.v[OPT_MARGINAL_ERR_RECHECK_GAP_TIME].i = 2;
	tick();
	p[1].next_check = p[2].next_check = UINT64_MAX / 2;
	/* the kernel fails it once: the TUR passes, back it goes */
	p[0].kernel_active = false;
	mpxd_marginal_io_failed(&d, &p[0], now_ms);
	check_now(0);
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:0");
	assert_false(mpx_marginal_holds(&p[0].marginal));
	/* and again 5 s later: marginal, sampled by reads, not reinstated */
	now_ms += 5000;
	p[0].kernel_active = false;
	mpxd_marginal_io_failed(&d, &p[0], now_ms);
	assert_int_equal(p[0].marginal.state, MPX_MARGINAL_SAMPLING);
	reads_fail = true;
	nr_sent = 0;
	end = p[0].marginal.until;
	check_now(0);
	assert_int_equal(nr_reads, 1);
	assert_int_equal(disks[0].cmds, 2); /* no TUR: the two before were the checks */
	assert_int_equal(p[0].next_check, now_ms + MPXD_MARGINAL_TEST_IO_MS);
	while (now_ms < end) {
		now_ms += MPXD_MARGINAL_TEST_IO_MS;
		tick();
	}
	assert_int_equal(p[0].marginal.state, MPX_MARGINAL_HELD);
	assert_int_equal(p[0].marginal.last_rate, 1000);
	assert_int_equal(nr_sent, 0);
	/* held: TURs pass, still not reinstated, and checked again when the hold ends */
	end = p[0].marginal.until;
	assert_int_equal(end, now_ms + 2000);
	assert_true(p[0].next_check <= end);
	reads_fail = false;
	while (p[0].marginal.state == MPX_MARGINAL_HELD) {
		now_ms = p[0].next_check;
		tick();
		assert_int_equal(nr_sent, 0);
	}
	assert_true(now_ms == end);
	/* clean reads for the whole sample: back in service */
	end = p[0].marginal.until;
	while (now_ms < end) {
		now_ms += MPXD_MARGINAL_TEST_IO_MS;
		tick();
	}
	assert_int_equal(p[0].marginal.state, MPX_MARGINAL_NO);
	assert_int_equal(p[0].marginal.episodes, 1);
	assert_string_equal(sent[nr_sent - 1], "reinstate_path 8:0");
	assert_true(p[0].kernel_active);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(interval_grows_and_resets, setup, teardown),
		cmocka_unit_test_setup_teardown(down_fails_and_checks_siblings, setup, teardown),
		cmocka_unit_test_setup_teardown(kernel_failure_diagnosed_siblings_checked, setup,
						teardown),
		cmocka_unit_test_setup_teardown(kernel_lun_error_keeps_the_path, setup, teardown),
		cmocka_unit_test_setup_teardown(kernel_error_verdicts, setup, teardown),
		cmocka_unit_test_setup_teardown(failback_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(no_path_retry, setup, teardown),
		cmocka_unit_test_setup_teardown(hung_check_counts_as_down, setup, teardown),
		cmocka_unit_test_setup_teardown(policy_verdicts, setup, teardown),
		cmocka_unit_test_setup_teardown(marginal_path, setup, teardown),
		cmocka_unit_test_setup_teardown(kernel_conflict_and_marginal_hold, setup, teardown),
		cmocka_unit_test_setup_teardown(checks_at_most_max_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(no_messages_before_the_map_exists, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
