/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The wwids file: the WWIDs of the LUNs mpxd made maps for, in
 * multipath-tools' format ("/<WWID>/" a line, '#' comments), at
 * multipath-tools' place by default (/etc/multipath/wwids). Three readers
 * need it before mpxd runs or when no map exists: the udev helper, which
 * marks those paths as multipath members at boot; LVM, whose multipath
 * component detection reads this very file (lvm.conf
 * devices/multipath_wwids_file); and mpxd itself, for which a known WWID
 * makes a map even from a single path (find_multipaths yes).
 */
#ifndef MPXD_MAPS_WWIDS_H
#define MPXD_MAPS_WWIDS_H

#include <stdbool.h>
#include <stddef.h>

/* 1 if wwid is in file, 0 if not (or there is no file), or -errno. */
int mpx_wwids_has(const char *file, const char *wwid);

/*
 * Record wwid (the file and its directory are made if missing): 1 when it
 * was added, 0 when it was there, or -errno. Writers (multipathd too) are
 * kept apart by a lock on the file.
 */
int mpx_wwids_add(const char *file, const char *wwid);

/*
 * Record several at once, in one pass over the file, one write and one
 * fsync (a start that makes a thousand maps would otherwise sync the file
 * a thousand times): the number added, or -errno with nothing written
 * (-EINVAL: a WWID that cannot be a line of the file). ret_added[i] says
 * whether wwids[i] was added (false: it was there, or came earlier in
 * wwids).
 */
int mpx_wwids_add_many(const char *file, const char *const *wwids, size_t n, bool *ret_added);

#endif
