// SPDX-License-Identifier: GPL-2.0-only
/*
 * insn-io: the guest half of bench/insn. Runs a fixed amount of work
 * between two markers (marker.h) so that insn-plugin.so can count what it
 * cost, and nothing else: no threads, no clock, no output until the end
 * marker has run. Static, so that its start costs the same every time.
 *
 *   insn-io [-c CPU] [-g CGROUP] [-p] [-s SEED] read|write DEVICE QD COUNT
 *   insn-io [-c CPU] [-p] loop COUNT
 *
 * read/write  COUNT 4 KiB O_DIRECT I/Os at xorshift offsets over the whole
 *             DEVICE: with QD 1, pread/pwrite one after the other; deeper,
 *             kernel AIO (io_submit/io_getevents) keeping QD in flight
 * loop        COUNT turns of a loop of exactly LOOP_INSNS instructions: the
 *             self-check of the plugin and the markers
 * -c CPU      run on that CPU only (set before the first marker)
 * -g CGROUP   join that cgroup v2 directory first (its I/O is its tenant's)
 * -p          open a profile window instead of a plain count
 * -s SEED     the xorshift seed (default 1)
 *
 * Prints "done <op> <count>" after the end marker. Exit status 0, 1 if an
 * I/O failed, 2 on bad arguments or a failed setup.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/fs.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "marker.h"

#define BS 4096
#define MAX_QD 1024
/* instructions in one turn of loop() */
#define LOOP_INSNS 8

struct job {
	int write;
	int fd;
	unsigned int qd;
	uint64_t count;
	uint64_t nblocks;
	uint64_t x; /* xorshift state */
	char *buf; /* qd blocks */
};

static void die(const char *what)
{
	fprintf(stderr, "insn-io: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: insn-io [-c CPU] [-g CGROUP] [-p] [-s SEED] read|write DEVICE QD COUNT\n"
		"       insn-io [-c CPU] [-p] loop COUNT\n");
	exit(2);
}

static uint64_t number(const char *s, const char *what, uint64_t min, uint64_t max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		fprintf(stderr, "insn-io: %s '%s' is not a number from %llu to %llu\n", what, s,
			(unsigned long long)min, (unsigned long long)max);
		exit(2);
	}
	return v;
}

static uint64_t next_offset(struct job *j)
{
	j->x ^= j->x << 13;
	j->x ^= j->x >> 7;
	j->x ^= j->x << 17;
	return (j->x % j->nblocks) * BS;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
}

static void join_cgroup(const char *dir)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, "0", 1) != 1)
		die(path);
	close(fd);
}

/* LOOP_INSNS instructions a turn: six adds, the count, the branch. */
static void loop(uint64_t n)
{
	__asm__ volatile("1:\n\t"
			 "add $1, %%rax\n\t"
			 "add $1, %%rax\n\t"
			 "add $1, %%rax\n\t"
			 "add $1, %%rax\n\t"
			 "add $1, %%rax\n\t"
			 "add $1, %%rax\n\t"
			 "sub $1, %0\n\t"
			 "jnz 1b"
			 : "+r"(n)
			 :
			 : "rax", "cc");
}

static int sync_io(struct job *j)
{
	uint64_t i;
	ssize_t r;

	for (i = 0; i < j->count; i++) {
		off_t off = (off_t)next_offset(j);

		r = j->write ? pwrite(j->fd, j->buf, BS, off) : pread(j->fd, j->buf, BS, off);
		if (r != BS)
			return -1;
	}
	return 0;
}

static void aio_prep(struct job *j, struct iocb *cb)
{
	cb->aio_offset = (int64_t)next_offset(j);
}

/* Kernel AIO, QD in flight until COUNT have completed. */
static int async_io(struct job *j, aio_context_t ctx, struct iocb *cbs, struct iocb **todo,
		    struct io_event *ev)
{
	uint64_t sent = 0, done = 0;
	unsigned int n = 0, i;
	long got, r;

	for (i = 0; i < j->qd && sent < j->count; i++, sent++) {
		aio_prep(j, &cbs[i]);
		todo[n++] = &cbs[i];
	}
	while (done < j->count) {
		for (i = 0; i < n; i += r) {
			r = syscall(SYS_io_submit, ctx, n - i, todo + i);
			if (r <= 0)
				return -1;
		}
		n = 0;
		got = syscall(SYS_io_getevents, ctx, 1, j->qd, ev, NULL);
		if (got <= 0)
			return -1;
		for (i = 0; i < got; i++) {
			struct iocb *cb = (struct iocb *)(uintptr_t)ev[i].obj;

			if (ev[i].res != BS)
				return -1;
			done++;
			if (sent < j->count) {
				aio_prep(j, cb);
				todo[n++] = cb;
				sent++;
			}
		}
	}
	return 0;
}

static int run_io(struct job *j, int profile)
{
	struct iocb *cbs = NULL, **todo = NULL;
	struct io_event *ev = NULL;
	aio_context_t ctx = 0;
	unsigned int i;
	int r;

	if (j->qd > 1) {
		cbs = calloc(j->qd, sizeof(*cbs));
		todo = calloc(j->qd, sizeof(*todo));
		ev = calloc(j->qd, sizeof(*ev));
		if (!cbs || !todo || !ev)
			die("calloc");
		if (syscall(SYS_io_setup, j->qd, &ctx))
			die("io_setup");
		for (i = 0; i < j->qd; i++) {
			cbs[i].aio_fildes = (uint32_t)j->fd;
			cbs[i].aio_lio_opcode = j->write ? IOCB_CMD_PWRITE : IOCB_CMD_PREAD;
			cbs[i].aio_buf = (uint64_t)(uintptr_t)(j->buf + (size_t)i * BS);
			cbs[i].aio_nbytes = BS;
		}
	}
	if (profile)
		INSN_MARK(INSN_MARK_BEGIN_PROFILE);
	else
		INSN_MARK(INSN_MARK_BEGIN);
	r = j->qd > 1 ? async_io(j, ctx, cbs, todo, ev) : sync_io(j);
	INSN_MARK(INSN_MARK_END);
	if (r) {
		fprintf(stderr, "insn-io: an I/O failed\n");
		return 1;
	}
	if (ctx)
		syscall(SYS_io_destroy, ctx);
	printf("done %s %llu\n", j->write ? "write" : "read", (unsigned long long)j->count);
	return 0;
}

int main(int argc, char **argv)
{
	struct job j = { .x = 1 };
	const char *cgroup = NULL;
	int cpu = -1, profile = 0, c;
	uint64_t bytes;

	while ((c = getopt(argc, argv, "+c:g:ps:")) != -1) {
		switch (c) {
		case 'c':
			cpu = (int)number(optarg, "CPU", 0, CPU_SETSIZE - 1);
			break;
		case 'g':
			cgroup = optarg;
			break;
		case 'p':
			profile = 1;
			break;
		case 's':
			j.x = number(optarg, "seed", 1, UINT64_MAX);
			break;
		default:
			usage();
		}
	}
	argv += optind;
	argc -= optind;
	if (argc == 2 && !strcmp(argv[0], "loop")) {
		uint64_t n = number(argv[1], "COUNT", 1, UINT64_MAX / LOOP_INSNS);

		if (cpu >= 0)
			pin(cpu);
		if (profile)
			INSN_MARK(INSN_MARK_BEGIN_PROFILE);
		else
			INSN_MARK(INSN_MARK_BEGIN);
		loop(n);
		INSN_MARK(INSN_MARK_END);
		printf("done loop %llu insns/turn %d\n", (unsigned long long)n, LOOP_INSNS);
		return 0;
	}
	if (argc != 4)
		usage();
	if (!strcmp(argv[0], "write"))
		j.write = 1;
	else if (strcmp(argv[0], "read"))
		usage();
	j.qd = (unsigned int)number(argv[2], "QD", 1, MAX_QD);
	j.count = number(argv[3], "COUNT", 1, UINT64_MAX);

	if (cgroup)
		join_cgroup(cgroup);
	if (cpu >= 0)
		pin(cpu);
	j.fd = open(argv[1], (j.write ? O_RDWR : O_RDONLY) | O_DIRECT);
	if (j.fd < 0)
		die(argv[1]);
	if (ioctl(j.fd, BLKGETSIZE64, &bytes))
		die("BLKGETSIZE64");
	j.nblocks = bytes / BS;
	if (!j.nblocks) {
		errno = ENOSPC;
		die(argv[1]);
	}
	if (posix_memalign((void **)&j.buf, BS, (size_t)j.qd * BS))
		die("posix_memalign");
	memset(j.buf, 0xa5, (size_t)j.qd * BS); /* no page faults inside */
	return run_io(&j, profile);
}
