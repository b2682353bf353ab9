// SPDX-License-Identifier: GPL-2.0-only
/*
 * prio path_latency: io_num direct reads of the first block through the
 * path, timed. Latencies are taken as log-normal: their mean on a
 * logarithmic scale of base base_num, between 1 us and 100 s, ranks the
 * path: a path ten times faster ranks log_base(10) higher (four steps at
 * the default base). As multipath-tools' path_latency prioritizer.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/fs.h>
#include "base/cleanup.h"
#include "conf/prio-args.h"
#include "prio/prio.h"

#define MAX_LATENCY_US 100000000.0	/* slower than this ranks 0 */

static double elapsed_us(const struct timespec *a, const struct timespec *b)
{
	double us = (double)(b->tv_sec - a->tv_sec) * 1e6 + (double)(b->tv_nsec - a->tv_nsec) / 1e3;

	return us < 1.0 ? 1.0 : us;	/* the scale starts at 1 us */
}

/* The prio of a mean latency given as its logarithm to the base. */
static int rank(double lg_mean, double lg_max)
{
	if (lg_mean <= 0.0)
		return (int)lg_max;
	if (lg_mean >= lg_max)
		return 0;
	return (int)(lg_max - lg_mean);
}

int mpx_prio_path_latency(const char *args, const struct mpx_prio_path *p, unsigned int timeout_ms,
			  int *ret_prio, char *why, size_t why_len)
{
	_cleanup_close_ int fd = -1;
	struct mpx_latency_args a;
	struct timespec t0, t1;
	double lg_base, lg_sum = 0.0;
	int bsz = 4096;
	unsigned int i;
	char dev[64];
	void *buf;

	mpx_prio_args_latency(args, &a);
	lg_base = log(a.base_num);
	snprintf(dev, sizeof(dev), "/dev/%s", p->devnode);
	fd = open(dev, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, why_len, "cannot open %s", dev);
		return -errno;
	}
	if (ioctl(fd, BLKSSZGET, &bsz) < 0 || bsz <= 0 || bsz > 65536)
		bsz = 4096;
	if (posix_memalign(&buf, 4096, (size_t)bsz))
		return -ENOMEM;
	for (i = 0; i < a.io_num; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (pread(fd, buf, (size_t)bsz, 0) != bsz) {
			free(buf);
			snprintf(why, why_len, "read %u of %u failed", i + 1, a.io_num);
			return -EIO;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		lg_sum += log(elapsed_us(&t0, &t1)) / lg_base;
		/* a path this slow is not worth more samples */
		if ((double)(t1.tv_sec - t0.tv_sec) * 1000.0 > (double)timeout_ms)
			break;
	}
	free(buf);
	*ret_prio = rank(lg_sum / (i < a.io_num ? i + 1 : a.io_num), log(MAX_LATENCY_US) / lg_base);
	return 0;
}
