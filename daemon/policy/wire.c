// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include "policy/wire.h"

static int write_all(int fd, struct iovec *iov, int n)
{
	ssize_t w;

	while (n) {
		w = writev(fd, iov, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno == EPIPE || errno == ECONNRESET ? -EPIPE : -errno;
		while (n && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t r;

	while (got < len) {
		r = read(fd, (char *)buf + got, len - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (!r)
			return -EPIPE;
		got += (size_t)r;
	}
	return 0;
}

int mpxw_send(int fd, uint32_t type, uint32_t hook, int32_t rc, const void *payload,
	      uint32_t len)
{
	struct mpxw_hdr h = { len, type, hook, rc };
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)payload, len } };

	return write_all(fd, iov, len ? 2 : 1);
}

int mpxw_recv(int fd, struct mpxw_hdr *hdr, void *payload, uint32_t max)
{
	char junk[256];
	uint32_t left;
	int r;

	r = read_all(fd, hdr, sizeof(*hdr));
	if (r)
		return r;
	if (hdr->len <= max)
		return read_all(fd, payload, hdr->len);
	/* too big for the caller: drain it and say so */
	for (left = hdr->len; left; left -= left > sizeof(junk) ? sizeof(junk) : left) {
		r = read_all(fd, junk, left > sizeof(junk) ? sizeof(junk) : left);
		if (r)
			return r;
	}
	return -EMSGSIZE;
}
