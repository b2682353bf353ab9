// SPDX-License-Identifier: GPL-2.0-only
/* The client end of mpxd's control socket (client.h). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <mpx/ctl.h>
#include "base/cleanup.h"
#include "ctl/client.h"

/* Read until mpxd closes: it sends one reply per connection. */
static int read_reply(int fd, int timeout_ms, char **ret_reply)
{
	_cleanup_free_ char *reply = NULL;
	size_t len = 0, cap = 0;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (cap - len < 4096) {
			char *tmp = realloc(reply, cap + 65536);

			if (!tmp)
				return -ENOMEM;
			reply = tmp;
			cap += 65536;
		}
		if (poll(&pfd, 1, timeout_ms) <= 0)
			return -ETIMEDOUT;
		n = read(fd, reply + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	reply[len] = '\0';
	*ret_reply = TAKE_PTR(reply);
	return 0;
}

int mpx_ctl_request(const char *socket_path, const char *request, int timeout_ms, char **ret_reply)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	_cleanup_close_ int fd = -1;

	if (strlen(request) >= MPX_CTL_MAX_REQUEST)
		return -E2BIG;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", socket_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	if (dprintf(fd, "%s\n", request) < 0)
		return -errno;
	return read_reply(fd, timeout_ms, ret_reply);
}
