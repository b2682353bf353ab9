// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpxd: the mpx daemon (mpxd(8)). Parses its arguments, sets up struct
 * mpxd and its event sources, takes over the maps that already exist,
 * discovers the paths, and runs the loop.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <mpx/ctl.h>
#include <mpx/table.h>
#include "base/cleanup.h"
#include "base/sched.h"
#include "conf/config.h"
#include "ctl/ctl.h"
#include "loop.h"
#include "maps/map-load.h"
#include "maps/map-policy.h"
#include "maps/maps.h"
#include "maps/path-checks.h"
#include "maps/paths.h"
#include "maps/target.h"
#include "maps/workers.h"
#include "mpxd.h"
#include "policy/policy.h"
#include "seams/dm-seam.h"
#include "seams/udev-seam.h"
#include "tenants/tenants.h"

/* LSB/systemd exit status for "program is not configured". */
#define EXIT_NOTCONFIGURED 6
/* LSB/systemd exit status for "insufficient privileges". */
#define EXIT_NOPERMISSION 4

static void usage(FILE *f)
{
	fputs("Usage: mpxd [OPTIONS]\n"
	      "\n"
	      "  -c, --config FILE     configuration file (default " MPX_CONF_FILE ")\n"
	      "      --config-dir DIR  drop-in directory (default " MPX_CONF_DIR ")\n"
	      "  -C, --check-config    print the effective configuration, or the\n"
	      "                        errors, and each LUN's options, and exit\n"
	      "      --print-example-config\n"
	      "                        print an annotated mpx.conf with every default\n"
	      "      --list-keywords   print every keyword with its description\n"
	      "  -s, --socket PATH     control socket (default " MPX_CTL_SOCKET ")\n"
	      "  -v, --verbose         log at debug level\n"
	      "  -T, --timestamps      start each log line with the seconds since mpxd\n"
	      "                        started (not when logging to the journal)\n"
	      "      --version         print the version and exit\n"
	      "  -h, --help            this text\n",
	      f);
}

static int check_config(const struct mpx_log *log, const char *file, const char *dir)
{
	struct mpx_config c;

	if (mpxd_load_config(log, file, dir, &c))
		return EXIT_NOTCONFIGURED;
	mpx_config_print(&c, stdout);
	/* and what it makes of the LUNs here: detected values show as such */
	mpxd_check_luns(&c, stdout);
	mpx_config_free(&c);
	return 0;
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
	signal(SIGPIPE, SIG_IGN);
	fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	return fd < 0 ? -errno : fd;
}

static int setup(struct mpxd *d)
{
	unsigned int level = (unsigned int)mpx_conf_get(&d->config, OPT_VERBOSITY, NULL, NULL).i;
	int r;

	/* verbosity 0..6 onto journal priorities: 2 (the default) is info */
	if (d->log.max_prio < LOG_DEBUG)
		d->log.max_prio = level <= 0 ? LOG_ERR : level == 1 ? LOG_WARNING :
				  level == 2 ? LOG_INFO : LOG_DEBUG;
	/* before any thread or helper: the flag makes those normal again */
	r = mpx_sched_realtime(MPXD_RT_PRIORITY);
	if (r < 0)
		mpx_log_full(&d->log, LOG_NOTICE, r,
			     "runs at normal priority: SCHED_RR refused (see mpxd(8))");
	else
		log_info(&d->log, "runs SCHED_RR at priority %d", r);
	d->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (d->epoll_fd < 0)
		return log_err_errno(&d->log, -errno, "cannot create an epoll instance");
	r = open_signals();
	if (r < 0)
		return log_err_errno(&d->log, r, "cannot set up signal handling");
	d->signal_fd = r;
	r = mpx_dm_events_open();
	if (r < 0)
		return log_err_errno(&d->log, r, "cannot open /dev/mapper/control (is dm-mod loaded?)");
	d->dm_fd = r;
	/*
	 * The node opens for any root process; device-mapper checks
	 * CAP_SYS_ADMIN on every ioctl. Find out now rather than fail to
	 * create each map, forever, under a unit that dropped the capability.
	 */
	r = mpx_dm_events_arm(d->dm_fd);
	if (r == -EACCES || r == -EPERM) {
		log_err_errno(&d->log, r, "device-mapper refuses mpxd: it needs CAP_SYS_ADMIN");
		return -EACCES;
	}
	if (r < 0)
		return log_err_errno(&d->log, r, "device-mapper does not answer on /dev/mapper/control");
	r = mpx_udev_open(&d->udev);
	if (!r)
		r = mpx_udev_monitor_open(d->udev, &d->udev_mon, &d->udev_fd);
	if (r)
		return log_err_errno(&d->log, r, "cannot listen to udev");
	r = mpxd_workers_start(MPXD_MAX_CHECKS, &d->workers, &d->worker_fd);
	if (r)
		return log_err_errno(&d->log, r, "cannot start the checker threads");
	r = mpxd_ctl_open(d);
	if (r)
		return log_err_errno(&d->log, r, "cannot open the control socket %s", d->ctl_path);
	mpxd_tenants_init(d);	/* without inotify, rescans find cgroups */
	return 0;
}

/* Disks registered, maps loaded, a step at a time: how much, between two looks at the signals. */
#define DISCOVER_STEP 64
#define SYNC_STEP 16

/*
 * Register every disk and load every map before the loop answers anyone
 * (a client that reaches mpxd finds its maps made), but act on SIGTERM
 * between steps: at a thousand paths this takes minutes under emulation.
 */
static void start(struct mpxd *d)
{
	/* a disk list that cannot be read is logged; uevents still come */
	if (!mpxd_discover_start(d))
		while (!d->stopping && mpxd_discover_step(d, DISCOVER_STEP))
			mpxd_take_signals(d);
	/* adopted maps get their table checked against their paths now */
	for (size_t i = 0; i < d->nr_maps; i++)
		d->maps[i]->dirty = true;
	while (!d->stopping && mpxd_maps_sync_some(d, SYNC_STEP))
		mpxd_take_signals(d);
}

/* With queue_without_daemon no, maps do not hold I/O for a daemon that left. */
static void stop_queueing(struct mpxd *d)
{
	size_t i;

	if (mpx_conf_get(&d->config, OPT_QUEUE_WITHOUT_DAEMON, NULL, NULL).i)
		return;
	for (i = 0; i < d->nr_maps; i++)
		if (d->maps[i]->live &&
		    d->maps[i]->opts.v[OPT_NO_PATH_RETRY].i != MPX_NO_PATH_RETRY_FAIL)
			mpxd_map_message(d, d->maps[i], MPX_MSG_FAIL_IF_NO_PATH);
}

static void teardown(struct mpxd *d)
{
	mpxd_tenants_stop(d);	/* nothing stays frozen */
	mpxd_ctl_close(d);
	mpxd_workers_stop(d->workers);
	mpxd_maps_free(d);
	mpxd_policies_free(d);
	mpxd_paths_free(d);
	d->udev_mon = mpx_udev_monitor_close(d->udev_mon);
	d->udev = mpx_udev_close(d->udev);
	closep(&d->dm_fd);
	closep(&d->signal_fd);
	closep(&d->epoll_fd);
	mpx_config_free(&d->config);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "config-dir", required_argument, NULL, 'D' },
		{ "check-config", no_argument, NULL, 'C' },
		{ "print-example-config", no_argument, NULL, 'E' },
		{ "list-keywords", no_argument, NULL, 'K' },
		{ "socket", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "timestamps", no_argument, NULL, 'T' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct mpxd d = { .epoll_fd = -1, .signal_fd = -1, .dm_fd = -1, .udev_fd = -1,
			  .ctl_fd = -1, .worker_fd = -1, .tenants.inotify_fd = -1 };
	bool check = false, stamps = false;
	int o, r, level = LOG_INFO;

	/* the helper process of a policy module (policy/helper-process.c) */
	if (argc == 3 && !strcmp(argv[1], "--policy-host"))
		return mpxd_policy_host_main(argv[2]);
	d.conf_file = MPX_CONF_FILE;
	d.conf_dir = MPX_CONF_DIR;
	d.plugins = (struct mpxd_plugins){ .log = &d.log,
					   .config = &d.config,
					   .exe = "/proc/self/exe" };
	d.ctl_path = MPX_CTL_SOCKET;
	d.cgroup_root = "/sys/fs/cgroup";
	while ((o = getopt_long(argc, argv, "c:Cs:vTh", opts, NULL)) != -1) {
		switch (o) {
		case 'c':
			d.conf_file = optarg;
			break;
		case 'D':
			d.conf_dir = optarg;
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
		case 's':
			d.ctl_path = optarg;
			break;
		case 'v':
			level = LOG_DEBUG;
			break;
		case 'T':
			stamps = true;
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
	if (stamps)
		mpx_log_timestamps(&d.log);
	if (check)
		return check_config(&d.log, d.conf_file, d.conf_dir);
	if (mpxd_load_config(&d.log, d.conf_file, d.conf_dir, &d.config))
		return EXIT_NOTCONFIGURED;
	d.notify = getenv("NOTIFY_SOCKET") != NULL;

	r = setup(&d);
	if (!r) {
		log_notice(&d.log, "mpxd %s starting", MPX_PROJECT_VERSION);
		mpxd_policies_load_dir(&d, false);
		mpxd_maps_adopt(&d);
		start(&d);
		if (!d.stopping)
			r = mpxd_run(&d);
		stop_queueing(&d);
	}
	teardown(&d);
	return r == -EACCES ? EXIT_NOPERMISSION : r ? 1 : 0;
}
