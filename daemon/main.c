// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpxd: the mpx daemon. Runs one event loop over device-mapper events and
 * signals; see mpxd(8).
 */
#include <errno.h>
#include <stdbool.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <mpx/table.h>
#include "cleanup.h"
#include "config.h"
#include "dm-seam.h"
#include "mpxd.h"
#include "parse.h"

/* LSB/systemd exit status for "program is not configured". */
#define EXIT_NOTCONFIGURED 6

static void usage(FILE *f)
{
	fputs("Usage: mpxd [OPTIONS]\n"
	      "\n"
	      "  -c, --config FILE     configuration file (default " MPX_CONF_FILE ")\n"
	      "      --config-dir DIR  drop-in directory (default " MPX_CONF_DIR ")\n"
	      "  -C, --check-config    print the effective configuration, or the\n"
	      "                        errors, and exit\n"
	      "      --print-example-config\n"
	      "                        print an annotated mpx.conf with every default\n"
	      "      --list-keywords   print every keyword with its description\n"
	      "  -v, --verbose         log at debug level\n"
	      "      --version         print the version and exit\n"
	      "  -h, --help            this text\n", f);
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

/*
 * Load the configuration and log its warnings; on error log it with its
 * location. Returns 0 or a negative errno.
 */
int mpxd_load_config(const struct mpx_log *log, const char *file, const char *dir,
		     struct mpx_config *ret)
{
	struct mpx_config c = { 0 };
	struct conf_error err = { 0 };
	size_t i;
	int r;

	r = mpx_config_load(&c, file, dir, &err);
	for (i = 0; i < c.nr_warnings; i++)
		log_warning(log, "%s", c.warnings[i]);
	if (r) {
		if (err.line)
			log_err(log, "%s:%u:%u: %s", err.file, err.line, err.col, err.msg);
		else if (err.msg[0])
			log_err(log, "%s: %s", err.file, err.msg);
		else
			log_err_errno(log, r, "cannot load the configuration");
		mpx_config_free(&c);
		return r;
	}
	*ret = c;
	return 0;
}

static int check_config(const struct mpx_log *log, const char *file, const char *dir)
{
	struct mpx_config c;

	if (mpxd_load_config(log, file, dir, &c))
		return EXIT_NOTCONFIGURED;
	mpx_config_print(&c, stdout);
	mpx_config_free(&c);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "config-dir", required_argument, NULL, 'D' },
		{ "check-config", no_argument, NULL, 'C' },
		{ "print-example-config", no_argument, NULL, 'E' },
		{ "list-keywords", no_argument, NULL, 'K' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct mpxd d = { .dm_fd = -1, .signal_fd = -1 };
	const char *conf_file = MPX_CONF_FILE, *conf_dir = MPX_CONF_DIR;
	bool check = false;
	int o, r, level = LOG_INFO;

	while ((o = getopt_long(argc, argv, "c:Cvh", opts, NULL)) != -1) {
		switch (o) {
		case 'c':
			conf_file = optarg;
			break;
		case 'D':
			conf_dir = optarg;
			break;
		case 'C':
			check = true;
			break;
		case 'E':
			mpx_config_print_example(stdout);
			return 0;
		case 'K':
			mpx_config_print_keywords(stdout);
			return 0;
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
	if (check)
		return check_config(&d.log, conf_file, conf_dir);
	if (mpxd_load_config(&d.log, conf_file, conf_dir, &d.config))
		return EXIT_NOTCONFIGURED;

	r = mpx_dm_events_open();
	if (r < 0) {
		log_err_errno(&d.log, r, "cannot open /dev/mapper/control (is dm-mod loaded?)");
		mpx_config_free(&d.config);
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
	mpx_config_free(&d.config);
	closep(&d.signal_fd);
	closep(&d.dm_fd);
	return r ? 1 : 0;
}
