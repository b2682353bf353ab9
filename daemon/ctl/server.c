// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control socket: a unix stream socket, root only (checked with the
 * peer's credentials), one request per connection. Everything is bounded:
 * a request is one line of at most MPX_CTL_MAX_REQUEST bytes, at most
 * MAX_CLIENTS talk at once, each has CLIENT_DEADLINE_MS to send its
 * request and take the reply, and replies go out without blocking.
 *
 * Protocol (man mpxctl(8)): the client sends "<command> [args...]\n"; the
 * server answers "ok\n<payload>" or "error <errno-name>: <message>\n" and
 * closes the connection.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <mpx/ctl.h>
#include "base/clock.h"
#include "ctl/ctl.h"
#include "mpxd.h"

#define MAX_CLIENTS 16
#define CLIENT_DEADLINE_MS 5000

struct mpxd_ctl_client {
	int fd;			/* -1: free slot */
	uint64_t deadline;
	char in[MPX_CTL_MAX_REQUEST + 2];	/* one byte over the limit, and a NUL */
	size_t in_len;
	char *out;
	size_t out_len, out_pos;
	bool draining;		/* reply sent: discard input until the client closes */
};

/*
 * Whether a live mpxd listens on the socket: a second daemon that took the
 * socket over would leave two of them programming the same maps.
 */
static bool socket_answers(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	bool live;

	if (fd < 0)
		return false;
	live = connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0 || errno == EAGAIN;
	close(fd);
	return live;
}

int mpxd_ctl_open(struct mpxd *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[sizeof(sa.sun_path)], *slash;
	int fd, i;

	d->clients = calloc(MAX_CLIENTS, sizeof(*d->clients));
	if (!d->clients)
		return -ENOMEM;
	for (i = 0; i < MAX_CLIENTS; i++)
		d->clients[i].fd = -1;
	if (strlen(d->ctl_path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	snprintf(dir, sizeof(dir), "%s", d->ctl_path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return -errno;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", d->ctl_path);
	if (socket_answers(&sa)) {
		log_err(&d->log, "another mpxd is running: %s is in use", d->ctl_path);
		return -EADDRINUSE;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	unlink(sa.sun_path);	/* a socket left by a killed mpxd */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || chmod(sa.sun_path, 0600) < 0 ||
	    listen(fd, MAX_CLIENTS) < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	d->ctl_fd = fd;
	return 0;
}

static void drop(struct mpxd *d, struct mpxd_ctl_client *c)
{
	epoll_ctl(d->epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

/* Queue the reply and start sending it. */
static void reply(struct mpxd *d, struct mpxd_ctl_client *c, char *text, uint64_t slot)
{
	struct epoll_event ev = { .events = EPOLLOUT, .data.u64 = MPXD_SRC_CLIENT + slot };

	c->out = text;
	c->out_len = text ? strlen(text) : 0;
	c->out_pos = 0;
	epoll_ctl(d->epoll_fd, EPOLL_CTL_MOD, c->fd, &ev);
	mpxd_ctl_client_event(d, slot, EPOLLOUT);
}

static char *error_reply(const char *fmt, const char *arg)
{
	char *s = NULL;

	if (asprintf(&s, fmt, arg) < 0)
		return NULL;
	return s;
}

void mpxd_ctl_accept(struct mpxd *d)
{
	struct ucred cred = { 0 };
	socklen_t len = sizeof(cred);
	uint64_t slot;
	int fd;

	while ((fd = accept4(d->ctl_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0) {
		struct epoll_event ev = { .events = EPOLLIN };
		struct mpxd_ctl_client *c = NULL;

		for (slot = 0; slot < MAX_CLIENTS; slot++)
			if (d->clients[slot].fd < 0) {
				c = &d->clients[slot];
				break;
			}
		if (!c) {
			(void)!write(fd, "error EBUSY: too many clients\n", 30);
			close(fd);
			continue;
		}
		c->fd = fd;
		c->deadline = mpxd_now() + CLIENT_DEADLINE_MS;
		ev.data.u64 = MPXD_SRC_CLIENT + slot;
		if (epoll_ctl(d->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0) {
			close(fd);
			c->fd = -1;
			continue;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 || cred.uid != 0) {
			log_warning(&d->log, "control: refused a request from uid %u",
				    (unsigned int)cred.uid);
			reply(d, c, error_reply("error EPERM: %s\n", "only root may use mpxd's socket"),
			      slot);
		}
	}
}

static void on_readable(struct mpxd *d, struct mpxd_ctl_client *c, uint64_t slot)
{
	char *nl;
	ssize_t n;

	n = read(c->fd, c->in + c->in_len, MPX_CTL_MAX_REQUEST + 1 - c->in_len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		drop(d, c);
		return;
	}
	c->in_len += (size_t)n;
	c->in[c->in_len] = '\0';
	if (memchr(c->in, '\0', c->in_len)) {
		reply(d, c, error_reply("error EINVAL: %s\n", "binary data in the request"), slot);
		return;
	}
	nl = strchr(c->in, '\n');
	if (!nl) {
		if (c->in_len > MPX_CTL_MAX_REQUEST)
			reply(d, c, error_reply("error E2BIG: %s\n", "request longer than 4096 bytes"),
			      slot);
		return;
	}
	*nl = '\0';
	reply(d, c, mpxd_ctl_dispatch(d, c->in), slot);
}

void mpxd_ctl_client_event(struct mpxd *d, uint64_t slot, uint32_t events)
{
	struct mpxd_ctl_client *c;
	ssize_t n;

	if (slot >= MAX_CLIENTS || d->clients[slot].fd < 0)
		return;
	c = &d->clients[slot];
	if (c->draining) {
		char junk[4096];

		/* closing with unread input would reset the reply away */
		while ((n = read(c->fd, junk, sizeof(junk))) > 0)
			;
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			drop(d, c);
		return;
	}
	if (!c->out) {
		if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
			on_readable(d, c, slot);
		return;
	}
	while (c->out_pos < c->out_len) {
		n = send(c->fd, c->out + c->out_pos, c->out_len - c->out_pos, MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;	/* EPOLLOUT brings us back */
		if (n <= 0)
			break;
		c->out_pos += (size_t)n;
	}
	if (c->out_pos < c->out_len) {
		drop(d, c);	/* the client went away */
		return;
	}
	{
		struct epoll_event ev = { .events = EPOLLIN, .data.u64 = MPXD_SRC_CLIENT + slot };

		shutdown(c->fd, SHUT_WR);
		c->draining = true;
		epoll_ctl(d->epoll_fd, EPOLL_CTL_MOD, c->fd, &ev);
	}
}

void mpxd_ctl_expire(struct mpxd *d, uint64_t now)
{
	int i;

	for (i = 0; d->clients && i < MAX_CLIENTS; i++)
		if (d->clients[i].fd >= 0 && now > d->clients[i].deadline)
			drop(d, &d->clients[i]);
}

void mpxd_ctl_close(struct mpxd *d)
{
	int i;

	for (i = 0; d->clients && i < MAX_CLIENTS; i++)
		if (d->clients[i].fd >= 0)
			drop(d, &d->clients[i]);
	free(d->clients);
	d->clients = NULL;
	if (d->ctl_fd >= 0) {
		close(d->ctl_fd);
		unlink(d->ctl_path);
		d->ctl_fd = -1;
	}
}
