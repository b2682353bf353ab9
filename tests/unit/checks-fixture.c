// SPDX-License-Identifier: GPL-2.0-only
/*
 * The path-check tests' fixture (checks-fixture.h says what it offers).
 * The verdicts come from the real checkers (checkers/: tur, its SG_IO
 * outcome read by sg-check.c), run on what each "disk" answers: open() and
 * the SG_IO seam are wrapped. The worker pool runs each submitted check at
 * once on the loop's thread, or holds it while its disk hangs; the path
 * and policy functions maps/path-checks.c calls are faked; messages to the
 * target are recorded at the dm seam. The __wrap_ functions here become
 * -Wl,--wrap= options of every test built with this file.
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

#include "checks-fixture.h"
#include "checkers/checker.h"
#include "maps/map-policy.h"
#include "maps/path-checks.h"
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

uint64_t now_ms;
char sent[16][64];
int nr_sent;
int nr_submitted;

uint64_t mpxd_now(void)
{
	return now_ms;
}

/* the target: messages maps/target.c sends are recorded */
int __wrap_mpx_dm_message(const char *name, const char *msg, char **ret_response)
{
	snprintf(sent[nr_sent++ % 16], 64, "%s", msg);
	return 0;
}

/* ---- the disks: sda, sdb, sdc, each answering SG_IO as told ---- */

/* SCSI outcomes as sg3_utils decodes them (status 2: CHECK CONDITION) */
const struct mpx_sg_result good = { 0 };
const struct mpx_sg_result ua = { .status = 2, .sense_key = 6, .asc = 0x29 };
const struct mpx_sg_result standby = { .status = 2, .sense_key = 2, .asc = 4, .ascq = 0x0b };
const struct mpx_sg_result transitioning = { .status = 2, .sense_key = 2, .asc = 4, .ascq = 0x0a };
const struct mpx_sg_result medium = { .status = 2, .sense_key = 3, .asc = 0x11 };
const struct mpx_sg_result transport = { .host_status = 1 }; /* DID_NO_CONNECT */
const struct mpx_sg_result undelivered; /* the ioctl itself fails: no outcome */

#define FD_BASE 100
struct disk disks[3];

void answers(int i, const struct mpx_sg_result *a, const struct mpx_sg_result *b)
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

void release_held(void)
{
	while (nr_held)
		finish(&held[--nr_held]);
}

int mpxd_path_refresh(struct mpxd *d, struct mpxd_path *p)
{
	return 0;
}

/*
 * The map's policy module, when a test gives it one, is the alua plugin's
 * own analyze_error (plugins/alua/alua.c, linked in), fed what the checker
 * saw as maps/map-policy.c and policy/hooks.c would hand it.
 */
extern const struct mpx_policy mpx_policy;
struct mpxd_policy alua = { .name = "alua" };
struct mpx_sg_result analyzed;
int nr_analyzed;
bool mpxd_policy_has(struct mpxd_policy *p, int hook)
{
	return false;
}
void mpxd_policy_get(struct mpxd_policy *p)
{
}
void mpxd_policy_put(struct mpxd_policy *p)
{
}
void mpxd_wire_path(const struct mpxd_path *p, struct mpxw_path *w)
{
}
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
int kernel_verdict;
int kernel_cause, kernel_failed;
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
void mpxd_persist_path_back(struct mpxd *d, struct mpxd_path *p)
{
}
int nr_conflicts;
void mpxd_persist_conflict(struct mpxd *d, struct mpxd_path *p, uint64_t now)
{
	nr_conflicts++;
}

/* ---- test reads (the directio checker's libaio calls): all fail, or none ---- */
bool reads_fail;
int nr_reads;
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

struct mpxd d;
struct mpxd_map map;
struct mpxd_path p[3];
static struct mpxd_path *ps[3], *mps[3];
static struct mpxd_map *maps[1] = { &map };

void load_config(const char *text)
{
	struct conf_error err;

	mpx_config_free(&d.config);
	assert_int_equal(mpx_config_add_text(&d.config, "t.conf", text, strlen(text), &err), 0);
}

int setup(void **state)
{
	int i;

	memset(&d, 0, sizeof(d));
	memset(&map, 0, sizeof(map));
	mpx_log_init(&d.log, "test", LOG_ERR);
	load_config(
		"defaults {\n polling_interval 1\n max_polling_interval 8\n checker_timeout 2\n}\n");
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

int teardown(void **state)
{
	mpx_config_free(&d.config);
	return 0;
}

void tick(void)
{
	mpxd_checks_run(&d, now_ms);
	mpxd_checks_collect(&d);
}

void check(int i, const struct mpx_sg_result *a, const struct mpx_sg_result *b)
{
	answers(i, a, b);
	p[i].next_check = now_ms;
	tick();
}
