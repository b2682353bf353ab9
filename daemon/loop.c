// SPDX-License-Identifier: GPL-2.0-only
/*
 * The event loop: signals, device-mapper events, udev events, the control
 * socket, finished checks, cgroups coming and going and migrate hooks
 * ending, plus the time-driven work (checks due, no_path_retry, deferred
 * failback, tenants, the systemd watchdog). One thread
 * runs it and owns struct mpxd.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>
#include <systemd/sd-daemon.h>
#include "base/clock.h"
#include "ctl/ctl.h"
#include "loop.h"
#include "maps/map-load.h"
#include "maps/maps.h"
#include "maps/path-checks.h"
#include "maps/paths.h"
#include "maps/reconcile.h"
#include "mpxd.h"
#include "seams/dm-seam.h"
#include "seams/udev-seam.h"
#include "tenants/tenants.h"

/* epoll tags: which source an event came from (clients: MPXD_SRC_CLIENT + slot) */
enum { SRC_SIGNAL = 1, SRC_DM, SRC_UDEV, SRC_CTL, SRC_WORKERS, SRC_CGROUPS };

/*
 * Work one loop turn takes on at most, so that a signal or a control
 * command waits for one short turn, not for a backlog: uevents read (each
 * may read a disk's sysfs), maps loaded or removed. Finished checks are
 * bounded already (at most MPXD_MAX_CHECKS run). What is left makes the
 * next turn start at once.
 */
#define UEVENTS_PER_TURN 64
#define MAPS_PER_TURN 16

static int watch(struct mpxd *d, int fd, uint64_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = tag };

	return epoll_ctl(d->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

static void notify(struct mpxd *d, const char *state)
{
	if (d->notify)
		sd_notify(0, state);
}

static void notify_status(struct mpxd *d)
{
	char s[128];
	size_t i, failed = 0;

	for (i = 0; i < d->nr_paths; i++)
		failed += d->paths[i]->map && !d->paths[i]->kernel_active;
	snprintf(s, sizeof(s), "STATUS=%zu maps, %zu paths, %zu failed", d->nr_maps,
		 d->nr_paths, failed);
	notify(d, s);
}

static void on_uevent(struct mpxd *d)
{
	struct mpx_uevent ev;
	struct mpxd_path *p;
	unsigned int n;
	int r;

	/* the rest stays queued on the (level-triggered) monitor for the next turn */
	for (n = 0; n < UEVENTS_PER_TURN && !mpx_udev_monitor_receive(d->udev_mon, &ev); n++) {
		if (strcmp(ev.devtype, "disk"))
			continue;
		if (!strcmp(ev.action, "remove")) {
			p = mpxd_path_find(d, ev.devnode);
			if (p)
				mpxd_path_remove(d, p);
			continue;
		}
		if (strcmp(ev.action, "add") && strcmp(ev.action, "change"))
			continue;
		r = mpxd_path_add(d, ev.syspath, &p);
		if (!r)
			mpxd_map_assign(d, p);
		else if (r != -ENODEV && r != -ENOENT)
			log_warning_errno(&d->log, r, "%s: cannot read, ignoring", ev.devnode);
	}
}

void mpxd_take_signals(struct mpxd *d)
{
	struct signalfd_siginfo si;

	while (read(d->signal_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			d->reconfigure = true;
			continue;
		}
		log_notice(&d->log, "stopping on signal %u", si.ssi_signo);
		d->stopping = true;
	}
}

static int timeout_ms(struct mpxd *d, uint64_t now, bool more)
{
	uint64_t next = more ? now : mpxd_checks_next_deadline(d);

	/* wake at least once a second for the per-map timers */
	if (next > now + 1000)
		next = now + 1000;
	/* a tenant held by a failover: its freeze or thaw is due soon */
	if (d->tenants.next_look && next > d->tenants.next_look)
		next = d->tenants.next_look;
	return next <= now ? 0 : (int)(next - now);
}

int mpxd_run(struct mpxd *d)
{
	struct epoll_event evs[16];
	uint64_t usec = 0, last_watchdog = 0, now;
	bool watchdog = d->notify && sd_watchdog_enabled(0, &usec) > 0, more;
	int n, i, r;

	if ((r = watch(d, d->signal_fd, SRC_SIGNAL)) || (r = watch(d, d->dm_fd, SRC_DM)) ||
	    (r = watch(d, d->udev_fd, SRC_UDEV)) || (r = watch(d, d->ctl_fd, SRC_CTL)) ||
	    (r = watch(d, d->worker_fd, SRC_WORKERS)) ||
	    (d->tenants.inotify_fd >= 0 && (r = watch(d, d->tenants.inotify_fd, SRC_CGROUPS))))
		return log_err_errno(&d->log, r, "cannot set up the event loop");
	notify(d, "READY=1");
	d->dm_event = true;
	while (!d->stopping) {
		/* arm before reading: an event during the work is not lost */
		if (d->dm_event) {
			r = mpx_dm_events_arm(d->dm_fd);
			if (r)
				log_warning_errno(&d->log, r, "cannot arm device-mapper events");
			d->dm_event = false;
			mpxd_reconcile(d);
		}
		if (d->reconfigure)
			mpxd_reconfigure(d);
		more = mpxd_maps_sync_some(d, MAPS_PER_TURN);
		now = mpxd_now();
		mpxd_maps_timers(d, now);
		mpxd_checks_run(d, now);
		mpxd_tenants_tick(d, now);
		notify_status(d);
		mpxd_ctl_expire(d, now);
		if (watchdog && now - last_watchdog >= usec / 2000) {
			notify(d, "WATCHDOG=1");
			last_watchdog = now;
		}
		n = epoll_wait(d->epoll_fd, evs, 16, timeout_ms(d, mpxd_now(), more));
		if (n < 0 && errno != EINTR)
			return log_err_errno(&d->log, -errno, "epoll_wait failed");
		/* a signal first: stopping does not wait for the rest of the turn */
		for (i = 0; i < n; i++)
			if (evs[i].data.u64 == SRC_SIGNAL)
				mpxd_take_signals(d);
		for (i = 0; i < n && !d->stopping; i++) {
			if (evs[i].data.u64 >= MPXD_SRC_CLIENT) {
				mpxd_ctl_client_event(d, evs[i].data.u64 - MPXD_SRC_CLIENT,
						      evs[i].events);
				continue;
			}
			switch (evs[i].data.u64) {
			case SRC_SIGNAL:
				break;	/* taken above */
			case SRC_UDEV:
				on_uevent(d);
				break;
			case SRC_CTL:
				mpxd_ctl_accept(d);
				break;
			case SRC_WORKERS:
				mpxd_checks_collect(d);
				break;
			case SRC_DM:
				d->dm_event = true;
				break;
			case SRC_CGROUPS:
				mpxd_tenants_event(d);
				break;
			case MPXD_SRC_HOOK:
				mpxd_tenant_hooks_reap(d);
				break;
			}
		}
	}
	notify(d, "STOPPING=1");
	return 0;
}
