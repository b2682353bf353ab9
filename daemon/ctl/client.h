/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The client end of mpxd's control socket (include/mpx/ctl.h), for the
 * programs that talk to mpxd: mpxctl and mpxpersist. No daemon state.
 */
#ifndef MPX_CTL_CLIENT_H
#define MPX_CTL_CLIENT_H

/*
 * Send one request line and read the whole reply (malloc'd, NUL
 * terminated) into *ret_reply. 0; -ENOENT or -ECONNREFUSED when mpxd is
 * not running; -EACCES/-EPERM when the socket is not ours to use;
 * -ETIMEDOUT after timeout_ms without a reply; -E2BIG for a request
 * longer than the socket takes; another -errno.
 */
int mpx_ctl_request(const char *socket, const char *request, int timeout_ms, char **ret_reply);

#endif
