// SPDX-License-Identifier: GPL-2.0-only
/*
 * migrate_hook: the program an orchestrator gives mpxd to hear that a
 * tenant (a VM) lost its storage paths, e.g. to live-migrate it. It runs
 * without a shell, with only its own environment:
 *   MPX_TENANT MPX_CGROUP MPX_CGROUP_ID MPX_MAP MPX_WWID MPX_REASON PATH
 * (MPX_REASON is no_path, or failover_timeout after a suspension timed
 * out), stdin from /dev/null, and stdout/stderr mpxd's (the journal).
 *
 * posix_spawn() rather than fork(): mpxd has checker threads, and after a
 * fork only async-signal-safe calls are allowed in the child; glibc's
 * posix_spawn does the fork and exec right, and resets the signals mpxd
 * blocks (for its signalfd) or ignores (SIGPIPE). The loop is never made
 * to wait: a pidfd in epoll says when a hook ended, and it is reaped then
 * (or at the next loop turn where there are no pidfds).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mpxd.h"
#include "tenants/tenants.h"

#define HOOK_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static int open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	return fd < 0 ? -errno : fd;
#else
	return -ENOSYS;
#endif
}

static int spawn(const char *hook, char *const envp[], pid_t *ret_pid)
{
	char *argv[] = { (char *)hook, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	int r;

	sigemptyset(&none);
	sigfillset(&all);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
				 POSIX_SPAWN_SETSID);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	r = posix_spawn(ret_pid, hook, &fa, &attr, argv, envp);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return -r;
}

int mpxd_tenant_hook_run(struct mpxd *d, const struct mpxd_cgroup *cg,
			 const struct mpxd_map *m, const char *reason)
{
	const char *hook = mpx_conf_get(&d->config, OPT_MIGRATE_HOOK, NULL, NULL).s;
	struct mpxd_tenants *t = &d->tenants;
	struct mpxd_hook_run *h;
	char tenant[96], cgroup[1200], id[48], map[160], wwid[MPX_WWID_MAX + 16], why[64];
	char *envp[] = { tenant, cgroup, id, map, wwid, why, (char *)HOOK_PATH, NULL };
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = MPXD_SRC_HOOK };
	pid_t pid;
	int r;

	if (!hook) {
		log_warning(&d->log, "tenant \"%s\": on_no_path migrate, but no migrate_hook is set",
			    cg->entry);
		return -ENOENT;
	}
	if (t->nr_hooks == MPXD_MAX_HOOKS) {
		log_warning(&d->log, "tenant \"%s\": map \"%s\": %d migrate hooks still running, not starting another",
			    cg->entry, m->name, MPXD_MAX_HOOKS);
		return -EAGAIN;
	}
	snprintf(tenant, sizeof(tenant), "MPX_TENANT=%s", cg->entry);
	snprintf(cgroup, sizeof(cgroup), "MPX_CGROUP=%s/%s", d->cgroup_root, cg->path);
	snprintf(id, sizeof(id), "MPX_CGROUP_ID=%llu", (unsigned long long)cg->id);
	snprintf(map, sizeof(map), "MPX_MAP=%s", m->name);
	snprintf(wwid, sizeof(wwid), "MPX_WWID=%s", m->wwid);
	snprintf(why, sizeof(why), "MPX_REASON=%s", reason);
	r = spawn(hook, envp, &pid);
	if (r)
		return log_err_errno(&d->log, r, "tenant \"%s\": map \"%s\": cannot run migrate_hook %s",
				     cg->entry, m->name, hook);
	h = &t->hooks[t->nr_hooks++];
	h->pid = pid;
	snprintf(h->what, sizeof(h->what), "migrate_hook %s for tenant \"%s\", map \"%s\" (pid %d)",
		 hook, cg->entry, m->name, (int)pid);
	h->pidfd = open_pidfd(pid);
	/* without a pidfd (or an epoll), the loop's next turns reap it */
	if (h->pidfd >= 0 && d->epoll_fd >= 0 &&
	    epoll_ctl(d->epoll_fd, EPOLL_CTL_ADD, h->pidfd, &ev) < 0) {
		close(h->pidfd);
		h->pidfd = -1;
	}
	log_notice(&d->log, "started %s, cgroup %s, reason %s", h->what, cg->path, reason);
	return 0;
}

static void log_exit(struct mpxd *d, const struct mpxd_hook_run *h, const siginfo_t *si)
{
	if (si->si_code == CLD_EXITED && !si->si_status)
		log_notice(&d->log, "%s exited with status 0", h->what);
	else if (si->si_code == CLD_EXITED)
		log_warning(&d->log, "%s exited with status %d", h->what, si->si_status);
	else
		log_warning(&d->log, "%s killed by signal %d", h->what, si->si_status);
}

void mpxd_tenant_hooks_reap(struct mpxd *d)
{
	struct mpxd_tenants *t = &d->tenants;
	siginfo_t si;
	size_t i = 0;

	while (i < t->nr_hooks) {
		struct mpxd_hook_run *h = &t->hooks[i];

		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)h->pid, &si, WEXITED | WNOHANG) < 0) {
			if (errno == EINTR)
				continue;
			log_warning_errno(&d->log, -errno, "%s: cannot wait for it", h->what);
		} else if (!si.si_pid) {
			i++;	/* still running */
			continue;
		} else {
			log_exit(d, h, &si);
		}
		if (h->pidfd >= 0)
			close(h->pidfd);	/* and out of the epoll set */
		memmove(h, h + 1, (t->nr_hooks - i - 1) * sizeof(*h));
		t->nr_hooks--;
	}
}

void mpxd_tenant_hooks_forget(struct mpxd *d)
{
	struct mpxd_tenants *t = &d->tenants;
	size_t i;

	mpxd_tenant_hooks_reap(d);
	for (i = 0; i < t->nr_hooks; i++) {
		log_notice(&d->log, "%s still running, leaving it", t->hooks[i].what);
		if (t->hooks[i].pidfd >= 0)
			close(t->hooks[i].pidfd);
	}
	t->nr_hooks = 0;
}
