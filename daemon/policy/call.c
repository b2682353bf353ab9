// SPDX-License-Identifier: GPL-2.0-only
/*
 * Calling a plugin's hook, and watching it: every call is counted and
 * timed. A hook that errs MPXD_POLICY_MAX_ERRORS times in a row, or that
 * hangs past its budget or crashes its process even once, is disabled for
 * that plugin (its helper process is restarted for the other hooks) and
 * mpxd's built-in behaviour takes its place. Loading the plugin again
 * ("mpxctl policy unload" and "load") gives it a fresh start.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "base/log.h"
#include "policy/policy.h"

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

bool mpxd_policy_has(struct mpxd_policy *p, int hook)
{
	bool has;

	if (!p)
		return false;
	pthread_mutex_lock(&p->lock);
	has = (p->hooks & (1u << hook)) && !(p->disabled & (1u << hook)) && p->fd >= 0;
	pthread_mutex_unlock(&p->lock);
	return has;
}

/* Under p->lock: the hook misbehaved badly; switch it off, restart the host. */
static void disable(struct mpxd_plugins *pl, struct mpxd_policy *p, int hook, const char *what)
{
	char why[256];

	p->disabled |= 1u << hook;
	log_err(pl->log, "policy \"%s\": hook %s %s: disabled, the built-in behaviour takes over",
		p->name, mpxd_hook_name(hook), what);
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	if (p->pid > 0) {
		kill(p->pid, SIGKILL);
		while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
			;
		p->pid = 0;
	}
	if (mpxd_policy_start(p, why, sizeof(why)))
		log_err(pl->log, "policy \"%s\": cannot restart it: %s", p->name, why);
}

/* Under p->lock: one round trip, or -ETIMEDOUT / -EPIPE. */
static int round_trip(struct mpxd_policy *p, int hook, const void *req, uint32_t req_len,
		      void *rep, uint32_t rep_len, unsigned int timeout_ms, int32_t *rc)
{
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
	struct mpxw_hdr hdr;
	int r;

	r = mpxw_send(p->fd, MPXW_CALL, (uint32_t)hook, 0, req, req_len);
	if (r)
		return r;
	r = poll(&pfd, 1, (int)timeout_ms);
	if (r == 0)
		return -ETIMEDOUT;
	if (r < 0)
		return -errno;
	r = mpxw_recv(p->fd, &hdr, rep, rep_len);
	if (r)
		return r == -EMSGSIZE ? -EPROTO : r;
	if (hdr.type != MPXW_REPLY || hdr.hook != (uint32_t)hook)
		return -EPROTO;
	if (hdr.rc >= 0 && hdr.len != rep_len)
		return -EPROTO;	/* a hook must fill its reply */
	*rc = hdr.rc;
	return 0;
}

int mpxd_policy_call(struct mpxd_plugins *pl, struct mpxd_policy *p, int hook, const void *req,
		     uint32_t req_len, void *rep, uint32_t rep_len, unsigned int timeout_ms)
{
	struct mpxd_hook_stats *st = &p->stats[hook];
	uint64_t t0, dt;
	int32_t rc = 0;
	int r;

	pthread_mutex_lock(&p->lock);
	if (!(p->hooks & (1u << hook)) || (p->disabled & (1u << hook)) || p->fd < 0) {
		pthread_mutex_unlock(&p->lock);
		return -ENOSYS;
	}
	t0 = now_us();
	r = round_trip(p, hook, req, req_len, rep, rep_len, timeout_ms, &rc);
	dt = now_us() - t0;
	st->calls++;
	st->total_us += dt;
	if (dt > st->max_us)
		st->max_us = dt;
	if (r == -ETIMEDOUT) {
		char what[64];

		st->timeouts++;
		st->errors++;
		snprintf(what, sizeof(what), "did not return within %u ms", timeout_ms);
		disable(pl, p, hook, what);
		rc = -ETIMEDOUT;
	} else if (r) {
		st->errors++;
		disable(pl, p, hook, "crashed its process or broke the protocol");
		rc = r;
	} else if (rc < 0) {
		st->errors++;
		if (++st->consecutive >= MPXD_POLICY_MAX_ERRORS)
			disable(pl, p, hook, "failed several times in a row");
		else
			log_warning(pl->log, "policy \"%s\": hook %s failed: %s", p->name,
				    mpxd_hook_name(hook), strerror(-rc));
	} else {
		st->consecutive = 0;
	}
	pthread_mutex_unlock(&p->lock);
	return rc;
}
