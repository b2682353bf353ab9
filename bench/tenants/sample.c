// SPDX-License-Identifier: GPL-2.0-only
/*
 * tenant-sample: the stopwatch of bench/tenants. Under TCG an exec of
 * dmsetup (or of date) from the 9p root takes 0.1-3 s, so a shell that
 * reads the clock and then the counters cannot time a window to better
 * than a second. This program sends the map's "stats" message itself with
 * the DM_TARGET_MSG ioctl, reads CLOCK_MONOTONIC just before and just
 * after each one, and takes all the samples of a window in one run.
 *
 *   tenant-sample MAP[,MAP...] INTERVAL_MS COUNT
 *
 * Takes COUNT + 1 samples, INTERVAL_MS apart on an absolute schedule (the
 * first at once), and prints each as
 *
 *   @ <ns before the ioctl> <ns after it> <MAP>
 *   <the stats text, as dmsetup message MAP 0 stats prints it>
 *
 * With several maps, each sample reads them one after the other.
 *
 * Output is kept in memory and written at the end, so that writing it
 * (to a 9p share) does not disturb the schedule. Exit status: 0, or 2 on
 * bad arguments or a failed ioctl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/dm-ioctl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE (256 * 1024)

static void die(const char *what)
{
	fprintf(stderr, "tenant-sample: %s: %s\n", what, strerror(errno));
	exit(2);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* One "stats" message; its text into out (NUL-terminated). */
static void stats(int fd, const char *map, struct dm_ioctl *io, char *out, size_t outlen)
{
	struct dm_target_msg *msg;

	memset(io, 0, sizeof(*io) + sizeof(*msg) + 8);
	io->version[0] = DM_VERSION_MAJOR;
	io->data_size = BUF_SIZE;
	io->data_start = sizeof(*io);
	strncpy(io->name, map, sizeof(io->name) - 1);
	msg = (struct dm_target_msg *)((char *)io + io->data_start);
	msg->sector = 0;
	strcpy(msg->message, "stats");
	if (ioctl(fd, DM_TARGET_MSG, io) < 0)
		die("DM_TARGET_MSG stats");
	if (io->flags & DM_BUFFER_FULL_FLAG) {
		errno = ENOSPC;
		die("stats output");
	}
	if (!(io->flags & DM_DATA_OUT_FLAG)) {
		out[0] = '\0';
		return;
	}
	snprintf(out, outlen, "%s", (char *)io + io->data_start);
}

int main(int argc, char **argv)
{
	struct dm_ioctl *io;
	char *text, *end, *maps[64];
	size_t cap, used = 0;
	long interval_ms, count, i;
	int nmaps = 0, k;
	uint64_t start, t0, t1;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: tenant-sample MAP[,MAP...] INTERVAL_MS COUNT\n");
		return 2;
	}
	for (end = strtok(argv[1], ","); end && nmaps < 64; end = strtok(NULL, ","))
		maps[nmaps++] = end;
	if (!nmaps)
		return fprintf(stderr, "tenant-sample: no map\n"), 2;
	interval_ms = strtol(argv[2], &end, 10);
	if (*end || interval_ms < 1)
		return fprintf(stderr, "tenant-sample: bad interval\n"), 2;
	count = strtol(argv[3], &end, 10);
	if (*end || count < 0 || count > 100000)
		return fprintf(stderr, "tenant-sample: bad count\n"), 2;
	fd = open("/dev/mapper/control", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die("/dev/mapper/control");
	io = calloc(1, BUF_SIZE);
	cap = (size_t)(count + 1) * (size_t)nmaps * 16384 + 65536;
	text = malloc(cap);
	if (!io || !text)
		die("malloc");

	start = now_ns();
	for (i = 0; i <= count; i++) {
		uint64_t due = start + (uint64_t)i * (uint64_t)interval_ms * 1000000ULL;
		struct timespec ts = { .tv_sec = due / 1000000000ULL,
				       .tv_nsec = due % 1000000000ULL };
		char out[65536];
		int n;

		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
			;
		for (k = 0; k < nmaps; k++) {
			t0 = now_ns();
			stats(fd, maps[k], io, out, sizeof(out));
			t1 = now_ns();
			n = snprintf(text + used, cap - used, "@ %llu %llu %s\n%s",
				     (unsigned long long)t0, (unsigned long long)t1,
				     maps[k], out);
			if (n < 0 || (size_t)n >= cap - used) {
				errno = ENOSPC;
				die("sample buffer");
			}
			used += (size_t)n;
		}
	}
	if (fwrite(text, 1, used, stdout) != used || fflush(stdout))
		die("write");
	return 0;
}
