/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SCSI-3 persistent reservation keys: the reservation_key value and the
 * prkeys file, in multipath-tools' format, so that a host keeps its keys
 * when it swaps multipathd for mpxd.
 *
 * reservation_key is a key of up to 16 hex digits ("0x" optional),
 * optionally followed by ":aptpl", or the word "file": the LUN's key is
 * then the one the prkeys file holds for its WWID.
 *
 * The prkeys file has one line per LUN, "<key> <wwid>", the key written
 * "0x" and 16 hex digits ("0X" when it is registered with APTPL). Lines
 * starting with '#' are comments (multipath-tools removes a key by turning
 * its line into one). Nothing here logs.
 */
#ifndef MPX_CONF_PRKEYS_H
#define MPX_CONF_PRKEYS_H

#include <stdbool.h>
#include <stdint.h>

struct mpx_prkey {
	bool from_file; /* "file": look the key up in the prkeys file */
	uint64_t key;
	bool aptpl; /* ":aptpl": register with APTPL */
};

/* 0, or -EINVAL with *reason. */
int mpx_prkey_parse(const char *s, struct mpx_prkey *ret, const char **reason);

/*
 * The key the prkeys file holds for wwid: 0, -ENOENT (no file, or no key
 * for wwid), -EINVAL (a malformed line for wwid) or another -errno.
 */
int mpx_prkeys_get(const char *file, const char *wwid, uint64_t *ret_key, bool *ret_aptpl);

/*
 * Set wwid's key (key 0: remove it). The file is rewritten whole and
 * renamed into place, so a crash leaves the old or the new one; other
 * lines are kept as they were. Creates the file (0600) and its directory.
 */
int mpx_prkeys_set(const char *file, const char *wwid, uint64_t key, bool aptpl);

#endif
