/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SCSI-3 persistent reservations on a map's paths, as a cluster fencing
 * agent expects: a key registered through every path (each is its own
 * I_T nexus), a reservation taken through one; and the key carried over to
 * paths that join or come back, as long as the LUN still has it.
 */
#ifndef MPXD_PERSIST_H
#define MPXD_PERSIST_H

#include <stdint.h>
#include <stdio.h>

struct mpxd;
struct mpxd_map;
struct mpxd_path;

/* "mpxctl persist <verb> <map> [key] [args]": the words after "persist". */
int mpxd_persist_cmd(struct mpxd *d, char **w, int n, FILE *out);

/* A path joined its map or came back: register the map's key if the LUN has it. */
void mpxd_persist_path_back(struct mpxd *d, struct mpxd_path *p);

/* Parse "0x..." or decimal; 0 or -EINVAL. */
int mpxd_parse_key(const char *s, uint64_t *ret);

#endif
