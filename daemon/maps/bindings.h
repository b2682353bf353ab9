/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * user_friendly_names: the bindings file maps WWIDs to names such as
 * mpatha, mpathb, ..., mpathz, mpathaa; one "name wwid" per line, '#'
 * comments. A name, once given, stays with its WWID across reboots.
 *
 * The file is read once and kept in memory; it is read again only when it
 * changed under mpxd (an administrator's edit), which a stat() per lookup
 * tells. New bindings wait in memory and go to the file together, in one
 * write and one fsync (mpx_bindings_flush): discovering a thousand LUNs
 * costs one pass over the file and one fsync, not a thousand of each.
 */
#ifndef MPX_BINDINGS_H
#define MPX_BINDINGS_H

#include <stdbool.h>
#include <stddef.h>

struct mpx_bindings;

struct mpx_bindings *mpx_bindings_new(void);
struct mpx_bindings *mpx_bindings_free(struct mpx_bindings *b);

/*
 * The name bound to wwid in file; if there is none, the first free
 * "<prefix><letters>" is bound to it in memory and *ret_pending is set:
 * such a name must not be used before mpx_bindings_flush() wrote it.
 * 0 or a negative errno (-ENOSPC: no free name left).
 */
int mpx_bindings_lookup(struct mpx_bindings *b, const char *file, const char *prefix,
			const char *wwid, char *ret, size_t len, bool *ret_pending);

/* How many bindings wait for mpx_bindings_flush(). */
size_t mpx_bindings_pending(const struct mpx_bindings *b);

/*
 * Append the waiting bindings to the file (created with its directory if
 * missing) in one write, and fsync it. On failure they are forgotten, so
 * that none of those names is given again without being written: 0 or a
 * negative errno.
 */
int mpx_bindings_flush(struct mpx_bindings *b);

/* The letters for a number: 0 -> "a", 25 -> "z", 26 -> "aa". */
void mpx_binding_suffix(unsigned int n, char *ret, size_t len);

#endif
