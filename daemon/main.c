// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpxd: the mpx daemon. Runs one event loop over device-mapper events and
 * signals; see mpxd(8).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <mpx/table.h>
#include "cleanup.h"
#include "dm-seam.h"
#include "mpxd.h"

static void usage(FILE *f)
{
	fputs("Usage: mpxd [OPTIONS]\n"
	      "\n"
	      "  -v, --verbose   log at debug level\n"
	      "      --version   print the version and exit\n"
	      "  -h, --help      this text\n", f);
}

static int open_signals(void)
{
	sigset_t mask;
	int fd;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return -errno;
	fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	return fd < 0 ? -errno : fd;
}

/* Returns 0 on a clean stop (SIGTERM/SIGINT), else a negative errno. */
static int loop(struct mpxd *d)
{
	struct pollfd fds[2] = {
		{ .fd = d->dm_fd, .events = POLLIN },
		{ .fd = d->signal_fd, .events = POLLIN },
	};
	struct signalfd_siginfo si;
	int r;

	for (;;) {
		/* arm before scanning: an event during the scan is not lost */
		r = mpx_dm_events_arm(d->dm_fd);
		if (r)
			return log_err_errno(&d->log, r, "cannot arm device-mapper events");
		mpxd_monitor_scan(d);
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return log_err_errno(&d->log, -errno, "poll failed");
		}
		if (!(fds[1].revents & POLLIN))
			continue;
		if (read(d->signal_fd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo == SIGHUP) {
			log_info(&d->log, "SIGHUP: rescanning maps");
			continue;
		}
		log_notice(&d->log, "stopping on signal %u", si.ssi_signo);
		return 0;
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct mpxd d = { .dm_fd = -1, .signal_fd = -1 };
	int o, r, level = LOG_INFO;

	while ((o = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (o) {
		case 'v':
			level = LOG_DEBUG;
			break;
		case 'V':
			printf("mpxd %s\n", MPX_PROJECT_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "mpxd: unexpected argument \"%s\"\n", argv[optind]);
		return 2;
	}
	mpx_log_init(&d.log, "mpxd", level);

	r = mpx_dm_events_open();
	if (r < 0) {
		log_err_errno(&d.log, r, "cannot open /dev/mapper/control (is dm-mod loaded?)");
		return 1;
	}
	d.dm_fd = r;
	r = open_signals();
	if (r < 0) {
		log_err_errno(&d.log, r, "cannot set up signal handling");
		goto out;
	}
	d.signal_fd = r;
	log_notice(&d.log, "mpxd %s started", MPX_PROJECT_VERSION);
	r = loop(&d);
out:
	mpxd_monitor_free(&d);
	closep(&d.signal_fd);
	closep(&d.dm_fd);
	return r ? 1 : 0;
}
