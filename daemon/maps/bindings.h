/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * user_friendly_names: the bindings file maps WWIDs to names such as
 * mpatha, mpathb, ..., mpathz, mpathaa; one "name wwid" per line, '#'
 * comments. A name, once given, stays with its WWID across reboots.
 */
#ifndef MPX_BINDINGS_H
#define MPX_BINDINGS_H

#include <stddef.h>

/*
 * The name bound to wwid, binding the first free "<prefix><letters>" if
 * there is none and updating the file (created with its directory if
 * missing). 0 or a negative errno (a malformed file is -EINVAL).
 */
int mpx_binding_get(const char *file, const char *prefix, const char *wwid,
		    char *ret, size_t len);

/* The letters for a number: 0 -> "a", 25 -> "z", 26 -> "aa". */
void mpx_binding_suffix(unsigned int n, char *ret, size_t len);

#endif
