/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpxd's control socket, shared by mpxd and mpxctl. One request per
 * connection: "<command> [args...]\n" (at most MPX_CTL_MAX_REQUEST bytes);
 * the reply is "ok\n" followed by the output, or one line
 * "error <ERRNO-NAME>: <message>\n"; then the server closes.
 */
#ifndef MPX_CTL_H
#define MPX_CTL_H

#define MPX_CTL_SOCKET "/run/mpx/mpxd.sock"
#define MPX_CTL_MAX_REQUEST 4096

#endif
