// SPDX-License-Identifier: GPL-2.0-only
/*
 * tenant-load: many tenants doing I/O at once. Forks one process per
 * cgroup PREFIX0..PREFIX<N-1> (under /sys/fs/cgroup); each joins its
 * cgroup, then reads 4 KiB at random offsets of DEV with O_DIRECT, one at a
 * time, for SECONDS. Prints "ios <n> errors <n>" for all of them together.
 *
 *   tenant-load DEV PREFIX N SECONDS
 *
 * Exit status: 0 no error, 1 an I/O failed or a process could not start,
 * 2 bad usage.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/fs.h>

struct counts {
	unsigned long ios, errors, failed_starts;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int join_cgroup(const char *prefix, unsigned int i)
{
	char path[256], pid[32];
	int fd, len, r;

	snprintf(path, sizeof(path), "/sys/fs/cgroup/%s%u/cgroup.procs", prefix, i);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	len = snprintf(pid, sizeof(pid), "%d", getpid());
	r = write(fd, pid, (size_t)len) == len ? 0 : -errno;
	close(fd);
	return r;
}

static void child(const char *dev, const char *prefix, unsigned int i, double end, struct counts *c)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL * (i + 1), size = 0, ios = 0, errors = 0;
	void *buf;
	int fd;

	if (join_cgroup(prefix, i) || (fd = open(dev, O_RDONLY | O_DIRECT)) < 0 ||
	    ioctl(fd, BLKGETSIZE64, &size) || size < 4096 || posix_memalign(&buf, 4096, 4096)) {
		__atomic_add_fetch(&c->failed_starts, 1, __ATOMIC_RELAXED);
		_exit(1);
	}
	while (now() < end) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		if (pread(fd, buf, 4096, (off_t)((x % (size / 4096)) * 4096)) == 4096)
			ios++;
		else
			errors++;
	}
	__atomic_add_fetch(&c->ios, ios, __ATOMIC_RELAXED);
	__atomic_add_fetch(&c->errors, errors, __ATOMIC_RELAXED);
	_exit(errors ? 1 : 0);
}

int main(int argc, char **argv)
{
	struct counts *c;
	unsigned int n, i;
	double end;
	int status, rc = 0;

	if (argc != 5 || !(n = (unsigned int)strtoul(argv[3], NULL, 10))) {
		fprintf(stderr, "usage: tenant-load DEV PREFIX N SECONDS\n");
		return 2;
	}
	c = mmap(NULL, sizeof(*c), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED)
		return 2;
	memset(c, 0, sizeof(*c));
	end = now() + strtod(argv[4], NULL);
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0)
			child(argv[1], argv[2], i, end, c);
		if (pid < 0) {
			perror("fork");
			c->failed_starts++;
			break;
		}
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			rc = 1;
	printf("ios %lu errors %lu failed_starts %lu\n", c->ios, c->errors, c->failed_starts);
	return rc;
}
