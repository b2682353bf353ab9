/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control part: mpxd's socket (server.c), the commands it runs
 * (cmds.c and the files it hands words to), and reloading the
 * configuration (reload.c, also run on SIGHUP).
 */
#ifndef MPXD_CTL_CTL_H
#define MPXD_CTL_CTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct mpxd;
struct mpx_config;
struct mpx_log;

/* server.c: the control socket */
#define MPXD_SRC_CLIENT 1000		/* epoll tag of client slot 0 */
struct mpxd_ctl_client;
int mpxd_ctl_open(struct mpxd *d);
void mpxd_ctl_accept(struct mpxd *d);
void mpxd_ctl_client_event(struct mpxd *d, uint64_t slot, uint32_t events);
void mpxd_ctl_expire(struct mpxd *d, uint64_t now);
void mpxd_ctl_close(struct mpxd *d);

/* cmds.c: run one request; the reply (malloc'd) starts with "ok\n" or "error ...\n". */
char *mpxd_ctl_dispatch(struct mpxd *d, const char *request);

/* json.c */
void mpxd_json_str(FILE *f, const char *s);	/* a JSON string, quoted */

/* persist-cmds.c: "persist <verb> <map> [key] [args]": the words after "persist". */
int mpxd_persist_cmd(struct mpxd *d, char **w, int n, FILE *out);

/* show-tenants.c */
int mpxd_tenants_show(struct mpxd *d, bool json, FILE *f);

/* reload.c */
int mpxd_load_config(const struct mpx_log *log, const char *file, const char *dir,
		     struct mpx_config *ret);
/* Reload the configuration; a broken one leaves the running one in place. */
int mpxd_reconfigure(struct mpxd *d);

#endif
